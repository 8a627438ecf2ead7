"""What training sends and issues: reminder e-mails and certificates of passed attempts."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from quiz_app.store.tables.base import metadata

REMINDER_KINDS = ("assigned", "due_soon", "overdue", "escalation")

reminder_messages = Table(
    "reminder_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("training_assignments.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    # The address it went to (the person's, or the manager's for an escalation); emptied
    # when the person is erased.
    Column("recipient", String(320)),
    Column("sent_at", DateTime, nullable=False),
    Column("message_id", String(250), nullable=False),
    CheckConstraint(
        "kind IN ('assigned', 'due_soon', 'overdue', 'escalation')",
        name="ck_reminder_messages_kind",
    ),
    # The guarantee that no reminder goes twice: a run claims the row before it sends, and a
    # concurrent run's claim of the same (assignment, kind) fails on this constraint.
    UniqueConstraint("assignment_id", "kind", name="uq_reminder_messages_once"),
    Index("ix_reminder_messages_sent", "sent_at"),
)

certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, ForeignKey("training_attempts.id"), nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    # A random code printed on the certificate; only the store knows which attempt it names.
    Column("code", String(40), nullable=False, unique=True),
    Column("issued_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    Index("ix_certificates_person", "person_id"),
)
