"""Reminder e-mails, certificates, and each person's manager.

``people.manager_external_id`` is the HR id of the person's manager (existing people: none
known). ``reminder_messages`` records every reminder sent, at most one per assignment and
kind; ``certificates`` holds the verification code of each certificate issued. Both new
tables start empty.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy on SQLite).
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manager_external_id", sa.String(length=100), nullable=True))
    op.create_table(
        "reminder_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.CheckConstraint(
            "kind IN ('assigned', 'due_soon', 'overdue', 'escalation')",
            name="ck_reminder_messages_kind",
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["training_assignments.id"],
            name=op.f("reminder_messages_assignment_id_fkey"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("reminder_messages_pkey")),
        sa.UniqueConstraint("assignment_id", "kind", name="uq_reminder_messages_once"),
    )
    with op.batch_alter_table("reminder_messages", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_messages_sent", ["sent_at"], unique=False)
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["training_attempts.id"], name=op.f("certificates_attempt_id_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("certificates_person_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("certificates_pkey")),
        sa.UniqueConstraint("attempt_id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index("ix_certificates_person", ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index("ix_certificates_person")
    op.drop_table("certificates")
    with op.batch_alter_table("reminder_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_messages_sent")
    op.drop_table("reminder_messages")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of ``people`` would break the foreign
    # keys that point at it.
    op.execute("ALTER TABLE people DROP COLUMN manager_external_id")
