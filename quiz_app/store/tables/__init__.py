"""Every table of the store, declared once, one module per area, all in one ``metadata``.

These declarations are the schema: the Alembic revisions in ``quiz_app/store/alembic``
make the database match them, and a test checks that a migrated store shows no drift
(``docs/migrations.md`` says how to add a table or a column).
"""

from quiz_app.store.tables.accounts import accounts, login_throttle
from quiz_app.store.tables.assessments import assessment_answers, assessments
from quiz_app.store.tables.audit import audit_log
from quiz_app.store.tables.base import NAMING_CONVENTION, metadata
from quiz_app.store.tables.governance import (
    approval_members,
    approvals,
    assessment_rounds,
    organisation_profile,
    round_participants,
)
from quiz_app.store.tables.people import people
from quiz_app.store.tables.remediation import (
    action_comments,
    action_evidence,
    measure_targets,
    remediation_actions,
)
from quiz_app.store.tables.sessions import sessions
from quiz_app.store.tables.training import training_assignments, training_attempts
from quiz_app.store.tables.training_records import certificates, reminder_messages

__all__ = [
    "NAMING_CONVENTION",
    "action_comments",
    "action_evidence",
    "accounts",
    "approval_members",
    "approvals",
    "assessment_answers",
    "assessment_rounds",
    "assessments",
    "audit_log",
    "certificates",
    "login_throttle",
    "measure_targets",
    "metadata",
    "organisation_profile",
    "people",
    "round_participants",
    "remediation_actions",
    "reminder_messages",
    "sessions",
    "training_assignments",
    "training_attempts",
]
