"""Self-assessments (drafts and submissions) and their answers."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from quiz_app.store.tables.base import metadata

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    Column("track", String(50), nullable=False),
    Column("status", String(10), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("submitted_at", DateTime),
    Column("score", Float),
    Column("maturity", String(50)),
    Column("data_version", String(50)),
    Column("submission_key", String(64), unique=True),
    # A draft's revision, raised by every save: a save based on an older one is a conflict
    # (another tab or window saved in between). ``saved_at``: when it was last saved.
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("saved_at", DateTime),
    CheckConstraint("status IN ('draft', 'submitted')", name="ck_assessments_status"),
    Index("ix_assessments_person", "person_id"),
    # A person's draft for a track, found directly: each save or submit looks for it.
    Index("ix_assessments_person_track_status", "person_id", "track", "status"),
)

assessment_answers = Table(
    "assessment_answers",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_id", String(100), primary_key=True),
    Column("option_index", Integer),
    Column("not_applicable", Boolean, nullable=False, default=False),
    # The fingerprint of the question's English wording when it was answered (None before
    # revision 0007): a question reworded since is named on the results page.
    Column("question_version", String(12)),
    UniqueConstraint("assessment_id", "question_id", name="uq_answer_per_question"),
)
