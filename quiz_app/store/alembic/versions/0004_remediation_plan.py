"""The remediation plan: target levels per measure, actions on gaps, comments, evidence.

Four new tables, empty at first; no existing row is touched. Evidence files are kept in
``action_evidence.content``, so backups hold them with the rest of the store.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_targets",
        sa.Column("measure_id", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "level IN ('initial', 'developing', 'defined', 'managed')",
            name="ck_measure_targets_level",
        ),
        sa.PrimaryKeyConstraint("measure_id", name=op.f("measure_targets_pkey")),
    )
    op.create_table(
        "remediation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("measure_id", sa.String(length=20), nullable=True),
        sa.Column("question_id", sa.String(length=100), nullable=True),
        sa.Column("owner_person_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("risk_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'accepted_risk')",
            name="ck_remediation_actions_status",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("remediation_actions_assessment_id_fkey"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_person_id"],
            ["people.id"],
            name=op.f("remediation_actions_owner_person_id_fkey"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("remediation_actions_pkey")),
    )
    with op.batch_alter_table("remediation_actions", schema=None) as batch_op:
        batch_op.create_index("ix_remediation_actions_owner", ["owner_person_id"], unique=False)
        batch_op.create_index(
            "ix_remediation_actions_status_due", ["status", "due_on"], unique=False
        )

    op.create_table(
        "action_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_account_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["remediation_actions.id"],
            name=op.f("action_comments_action_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("action_comments_pkey")),
    )
    with op.batch_alter_table("action_comments", schema=None) as batch_op:
        batch_op.create_index("ix_action_comments_action", ["action_id"], unique=False)

    op.create_table(
        "action_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('link', 'note', 'file')", name="ck_action_evidence_kind"),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["remediation_actions.id"],
            name=op.f("action_evidence_action_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("action_evidence_pkey")),
    )
    with op.batch_alter_table("action_evidence", schema=None) as batch_op:
        batch_op.create_index("ix_action_evidence_action", ["action_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_action_evidence_action")

    op.drop_table("action_evidence")
    with op.batch_alter_table("action_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_action_comments_action")

    op.drop_table("action_comments")
    with op.batch_alter_table("remediation_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_remediation_actions_status_due")
        batch_op.drop_index("ix_remediation_actions_owner")

    op.drop_table("remediation_actions")
    op.drop_table("measure_targets")
