"""Baseline: the schema of the pre-Alembic registry's version 3.

People, accounts, the login throttle, the append-only audit log (with its triggers), the
assessments and their answers, training assignments and attempts, and the indexes of the
registry's versions 1 to 3. It runs the registry's three frozen steps (``quiz_app.store.legacy``)
so that a new store and a store adopted from that registry (stamped at this revision by
``migrations.upgrade`` without running it) hold the same schema, object for object.

Revision ID: 0001
Revises:
Create Date: 2025-06-01
"""

from __future__ import annotations

from alembic import op

from quiz_app.store import legacy

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    legacy.create_schema(op.get_bind())


def downgrade() -> None:
    conn = op.get_bind()
    for table in (
        "training_attempts",
        "training_assignments",
        "assessment_answers",
        "assessments",
        "audit_log",
        "login_throttle",
        "accounts",
        "people",
    ):
        op.drop_table(table)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION audit_log_append_only()")
