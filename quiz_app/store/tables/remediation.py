"""The remediation plan: target levels per measure, actions on gaps, their comments and
evidence (issue #15, "gaps worth acting on")."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from quiz_app.store.tables.base import metadata

# The organisation's target maturity level per Art. 21(2) measure; a measure without a row
# has the default target ("defined", see quiz_app.core.scoring).
measure_targets = Table(
    "measure_targets",
    metadata,
    Column("measure_id", String(20), primary_key=True),
    Column("level", String(20), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", Integer),
    CheckConstraint(
        "level IN ('initial', 'developing', 'defined', 'managed')", name="ck_measure_targets_level"
    ),
)

remediation_actions = Table(
    "remediation_actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("assessment_id", Integer, ForeignKey("assessments.id")),
    Column("measure_id", String(20)),
    Column("question_id", String(100)),
    Column("owner_person_id", Integer, ForeignKey("people.id"), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("risk_reason", Text),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", Integer),
    Column("updated_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("closed_by", Integer),
    CheckConstraint(
        "status IN ('open', 'in_progress', 'done', 'accepted_risk')",
        name="ck_remediation_actions_status",
    ),
    Index("ix_remediation_actions_owner", "owner_person_id"),
    Index("ix_remediation_actions_status_due", "status", "due_on"),
)

# Append-only: the domain never updates or deletes a comment (only the GDPR erase blanks the
# text of one written by an erased person).
action_comments = Table(
    "action_comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "action_id",
        Integer,
        ForeignKey("remediation_actions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("author_account_id", Integer),
    Column("at", DateTime, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_action_comments_action", "action_id"),
)

# Evidence: a link, a note or a file whose bytes are kept here (so backups hold them).
action_evidence = Table(
    "action_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "action_id",
        Integer,
        ForeignKey("remediation_actions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("kind", String(10), nullable=False),
    Column("url", String(2000)),
    Column("note", Text),
    Column("filename", String(255)),
    Column("media_type", String(100)),
    Column("size", Integer),
    Column("content", LargeBinary),
    Column("added_at", DateTime, nullable=False),
    Column("added_by", Integer),
    CheckConstraint("kind IN ('link', 'note', 'file')", name="ck_action_evidence_kind"),
    Index("ix_action_evidence_action", "action_id"),
)
