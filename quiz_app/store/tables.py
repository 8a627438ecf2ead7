"""Every table of the store, declared once; queries and migrations compare against these.

The schema itself is created and changed by the migrations (``quiz_app.store.migrations``);
when you change a table here, add a migration that makes the same change.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("external_id", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("department", String(200)),
    Column("job_role", String(200)),
    Column("is_management_body", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("erased_at", DateTime),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(150), nullable=False, unique=True),
    Column("password_hash", String(200)),
    Column("role", String(20), nullable=False),
    Column("person_id", Integer, ForeignKey("people.id")),
    Column("sso_subject", String(255), unique=True),
    Column("sso_email", String(320)),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key_hash", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime, nullable=False),
    Column("locked_until", DateTime),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor_account_id", Integer),
    Column("action", String(50), nullable=False),
    Column("target", String(100), nullable=False),
    Column("detail", Text),
)

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
    UniqueConstraint("assessment_id", "question_id", name="uq_answer_per_question"),
)


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
)
