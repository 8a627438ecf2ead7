"""Training assignments (what a person must complete, by when) and quiz attempts."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    text,
)

from quiz_app.store.tables.base import metadata

training_assignments = Table(
    "training_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    Column("module_id", String(100), nullable=False),
    Column("assigned_at", DateTime, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("assigned_by", Integer),
    Column("reason", String(20), nullable=False),
    Column("target", String(250)),
    Column("closed_at", DateTime),
    Column("closed_by_attempt", Integer),
    # The latest validity of the person's passes for the module when the assignment opened.
    # A pass closes the open assignment, so no pass comes after it while it is open: this
    # stays the latest, and the dashboard reads it here instead of looking it up per row.
    Column("held_until", DateTime),
    CheckConstraint("reason IN ('assigned', 'renewal')", name="ck_training_reason"),
    Index("ix_training_assignments_person", "person_id", "module_id"),
    # At most one open assignment per person and module.
    Index(
        "uq_training_open_assignment",
        "person_id",
        "module_id",
        unique=True,
        sqlite_where=text("closed_at IS NULL"),
        postgresql_where=text("closed_at IS NULL"),
    ),
)

training_attempts = Table(
    "training_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    Column("module_id", String(100), nullable=False),
    Column("module_version", String(20), nullable=False),
    Column("assignment_id", Integer, ForeignKey("training_assignments.id")),
    Column("attempt_no", Integer, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("completed_at", DateTime, nullable=False),
    Column("duration_seconds", Integer, nullable=False),
    Column("score_raw", Integer, nullable=False),
    Column("score_max", Integer, nullable=False),
    Column("pass_mark", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("valid_until", DateTime),
    Index("ix_training_attempts_person", "person_id", "module_id"),
    Index("ix_training_attempts_completed", "completed_at"),
    # The latest pass per person and module from the index alone: the trainer dashboard
    # counts 100,000 records without reading the table.
    Index(
        "ix_training_attempts_standing",
        "person_id",
        "module_id",
        "passed",
        "valid_until",
        "completed_at",
    ),
)
