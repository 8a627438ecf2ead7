"""Governance (NIS 2 Art. 20): the organisation profile, assessment rounds and approvals.

Five new tables, all empty after the upgrade; no existing table or row changes.
``approvals`` and ``approval_members`` are append-only: triggers reject UPDATE and DELETE
(and TRUNCATE on PostgreSQL), as the audit log's do. The PostgreSQL function is created with
``OR REPLACE`` so that a store emptied table by table can be migrated again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


APPEND_ONLY = ("approvals", "approval_members")
PG_FUNCTION = "approval_records_append_only"


def _make_append_only(table: str) -> None:
    """Triggers that reject UPDATE and DELETE (and TRUNCATE on PostgreSQL) on ``table``."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    conn.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME; END $$"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
    )


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=30), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("meeting_reference", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("supersedes", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "subject IN ('measures', 'remediation_plan')", name="ck_approvals_subject"
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"], ["approvals.id"], name=op.f("approvals_supersedes_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("approvals_pkey")),
    )
    op.create_table(
        "assessment_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("track", sa.String(length=50), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_assessment_rounds_status"),
        sa.PrimaryKeyConstraint("id", name=op.f("assessment_rounds_pkey")),
    )
    op.create_table(
        "organisation_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("member_states", sa.String(length=100), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=True),
        sa.Column("entity_size", sa.String(length=20), nullable=True),
        sa.Column("entity_class", sa.String(length=20), nullable=True),
        sa.Column("scope_answers", sa.Text(), nullable=True),
        sa.Column("competent_authority", sa.String(length=300), nullable=True),
        sa.Column("reporting_contact", sa.String(length=300), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "entity_class IS NULL OR entity_class IN ('essential', 'important')",
            name="ck_organisation_profile_class",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("organisation_profile_pkey")),
    )
    op.create_table(
        "approval_members",
        sa.Column("approval_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approval_id"], ["approvals.id"], name=op.f("approval_members_approval_id_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("approval_members_person_id_fkey")
        ),
        sa.PrimaryKeyConstraint("approval_id", "person_id", name=op.f("approval_members_pkey")),
    )
    op.create_table(
        "round_participants",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("round_participants_assessment_id_fkey"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("round_participants_person_id_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["assessment_rounds.id"], name=op.f("round_participants_round_id_fkey")
        ),
        sa.PrimaryKeyConstraint("round_id", "person_id", name=op.f("round_participants_pkey")),
    )
    with op.batch_alter_table("round_participants", schema=None) as batch_op:
        batch_op.create_index("ix_round_participants_person", ["person_id"], unique=False)
    for table in APPEND_ONLY:
        _make_append_only(table)


def downgrade() -> None:
    with op.batch_alter_table("round_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_round_participants_person")

    op.drop_table("round_participants")
    op.drop_table("approval_members")
    op.drop_table("organisation_profile")
    op.drop_table("assessment_rounds")
    op.drop_table("approvals")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {PG_FUNCTION}()")
