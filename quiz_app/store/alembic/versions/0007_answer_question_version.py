"""Each answer's question version.

``assessment_answers.question_version`` holds the fingerprint of the question's English
wording when it was answered, so a question reworded since is named on the results page
and not carried into a retake. Answers stored before have none (not known).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy on SQLite).
    with op.batch_alter_table("assessment_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_version", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_answers", schema=None) as batch_op:
        batch_op.drop_column("question_version")
