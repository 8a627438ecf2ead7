"""Governance under NIS 2 Art. 20: the organisation's profile, assessment rounds with their
participants, and the management body's approvals with the members present.

``approvals`` and ``approval_members`` are append-only: triggers made by revision 0003 reject
UPDATE and DELETE on both backends (and TRUNCATE on PostgreSQL), like the audit log's.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from quiz_app.store.tables.base import metadata

organisation_profile = Table(
    "organisation_profile",
    metadata,
    # One row (id 1); ``version`` rises with every save, the audit log keeps who and what.
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("member_states", String(100), nullable=False),  # EU codes, comma-separated
    Column("sector", String(100)),  # the scope checker's subsector id, as given
    Column("entity_size", String(20)),
    Column("entity_class", String(20)),
    Column("scope_answers", Text),  # the scope checker's answers as JSON, as given
    Column("competent_authority", String(300)),
    Column("reporting_contact", String(300)),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", Integer),
    CheckConstraint(
        "entity_class IS NULL OR entity_class IN ('essential', 'important')",
        name="ck_organisation_profile_class",
    ),
)

assessment_rounds = Table(
    "assessment_rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("track", String(50), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("opened_by", Integer),
    Column("closed_at", DateTime),
    Column("closed_by", Integer),
    CheckConstraint("status IN ('open', 'closed')", name="ck_assessment_rounds_status"),
)

round_participants = Table(
    "round_participants",
    metadata,
    Column(
        "round_id", Integer, ForeignKey("assessment_rounds.id"), primary_key=True, nullable=False
    ),
    Column("person_id", Integer, ForeignKey("people.id"), primary_key=True, nullable=False),
    # The participant's assessment submitted for this round (None: not yet).
    Column("assessment_id", Integer, ForeignKey("assessments.id")),
    Index("ix_round_participants_person", "person_id"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject", String(30), nullable=False),
    Column("approved_on", Date, nullable=False),
    Column("meeting_reference", String(200), nullable=False),
    Column("note", Text),
    Column("supersedes", Integer, ForeignKey("approvals.id")),
    Column("recorded_at", DateTime, nullable=False),
    Column("recorded_by", Integer),
    CheckConstraint("subject IN ('measures', 'remediation_plan')", name="ck_approvals_subject"),
)

approval_members = Table(
    "approval_members",
    metadata,
    Column("approval_id", Integer, ForeignKey("approvals.id"), primary_key=True, nullable=False),
    Column("person_id", Integer, ForeignKey("people.id"), primary_key=True, nullable=False),
)
