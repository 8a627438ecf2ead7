"""Words for stored values a reader sees: roles, audit actions, round states, training
statuses, Member States.

The store keeps the values as they are (``trainer``, ``role_change``, ``closed``); a page
shows them through these functions, in the reader's language. A value without a label (an
action added later, say) is shown as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from quiz_app import audit
from quiz_app.authz import Role
from quiz_app.certificates.issue import CERTIFICATE_DOWNLOAD, CERTIFICATE_ISSUE
from quiz_app.certificates.verify import CERTIFICATE_VERIFY
from quiz_app.core.register import RegisterStatus
from quiz_app.core.schedule import TrainingStatus
from quiz_app.governance import rounds
from quiz_app.governance.approvals import APPROVAL_RECORD
from quiz_app.governance.organisation import PROFILE_SAVE
from quiz_app.i18n import N_, country_name
from quiz_app.remediation.actions import (
    ACTION_ASSIGN,
    ACTION_COMMENT,
    ACTION_CREATE,
    ACTION_STATUS,
)
from quiz_app.remediation.evidence import EVIDENCE_ADD, EVIDENCE_DOWNLOAD
from quiz_app.remediation.targets import TARGET_SET
from quiz_app.reminders.send import REMINDER_SENT, REMINDER_UNSENT
from quiz_app.training.person import TRAINING_CANCEL, TRAINING_EXTEND
from quiz_app.ui.i18n import _, language

T = TypeVar("T")

ROLE_NAMES = {
    Role.STAFF: N_("staff"),
    Role.MANAGER: N_("manager"),
    Role.TRAINER: N_("trainer"),
    Role.ADMIN: N_("admin"),
}

ACTION_LABELS = {
    audit.LOGIN: N_("Logged in"),
    audit.LOGIN_FAILED: N_("Login failed"),
    audit.LOGOUT: N_("Logged out"),
    audit.LOCKOUT: N_("Logins locked after failures"),
    audit.SESSION_EXPIRE: N_("Session expired"),
    audit.SESSION_REVOKE: N_("Session ended"),
    audit.SETUP_REFUSED: N_("First admin refused (wrong setup token)"),
    audit.ACCOUNT_CREATE: N_("Account created"),
    audit.ACCOUNT_DISABLE: N_("Account disabled"),
    audit.ACCOUNT_ENABLE: N_("Account enabled"),
    audit.ACCOUNT_LINK: N_("Account linked to a person"),
    audit.PASSWORD_CHANGE: N_("Password changed"),
    audit.ROLE_CHANGE: N_("Role changed"),
    audit.LANGUAGE_CHANGE: N_("Language changed"),
    audit.PERSON_CREATE: N_("Person added"),
    audit.PERSON_EXPORT: N_("Person's data exported"),
    audit.PERSON_ERASE: N_("Person erased"),
    audit.EXPORT: N_("Data exported"),
    audit.IMPORT: N_("People imported"),
    audit.DB_UPGRADE: N_("Database upgraded"),
    audit.DB_BACKUP: N_("Database backed up"),
    audit.DB_RESTORE: N_("Database restored"),
    CERTIFICATE_ISSUE: N_("Certificate issued"),
    CERTIFICATE_DOWNLOAD: N_("Certificate downloaded"),
    CERTIFICATE_VERIFY: N_("Certificate verified"),
    REMINDER_SENT: N_("Reminder sent"),
    REMINDER_UNSENT: N_("Reminder not sent"),
    "training_assign": N_("Training assigned"),
    "training_attempt": N_("Training attempt"),
    TRAINING_EXTEND: N_("Training deadline extended"),
    TRAINING_CANCEL: N_("Training assignment cancelled"),
    rounds.ROUND_OPEN: N_("Assessment round opened"),
    rounds.ROUND_SUBMIT: N_("Assessment submitted in a round"),
    rounds.ROUND_CLOSE: N_("Assessment round closed"),
    APPROVAL_RECORD: N_("Management body approval recorded"),
    PROFILE_SAVE: N_("Organisation profile saved"),
    TARGET_SET: N_("Target level set"),
    ACTION_CREATE: N_("Remediation action created"),
    ACTION_STATUS: N_("Remediation action status changed"),
    ACTION_ASSIGN: N_("Remediation action assigned"),
    ACTION_COMMENT: N_("Remediation action commented"),
    EVIDENCE_ADD: N_("Evidence added"),
    EVIDENCE_DOWNLOAD: N_("Evidence downloaded"),
}

ROUND_STATES = {rounds.OPEN: N_("open"), rounds.CLOSED: N_("closed")}

# Where one person stands with a module (TrainingStatus), where one assignment stands
# (RegisterStatus) and how an attempt ended; each stored value once.
STATUS_WORDS: dict[str, str] = {
    TrainingStatus.ASSIGNED: N_("assigned"),
    TrainingStatus.DUE: N_("due soon"),  # due within a few days
    TrainingStatus.OVERDUE: N_("overdue"),
    TrainingStatus.COMPLETED: N_("completed"),
    RegisterStatus.NOT_STARTED: N_("not started"),
    RegisterStatus.IN_PROGRESS: N_("in progress"),
    RegisterStatus.PASSED: N_("passed"),
    RegisterStatus.FAILED: N_("failed"),
    RegisterStatus.EXPIRED: N_("expired"),
    RegisterStatus.RENEWED: N_("renewed"),
    RegisterStatus.CANCELLED: N_("cancelled"),
}


def words(marked: Mapping[T, str]) -> dict[T, str]:
    """``{value: marked message}`` as ``{value: word in the reader's language}``, for a
    widget's ``format_func`` (``words(...).get``). The words are settled when this is called,
    during the page's run: Streamlit may call a ``format_func`` outside it."""
    return {value: _(message) for value, message in marked.items()}


def _label(words: dict, value) -> str:
    return _(words[value]) if value in words else str(value)


def role_label(role: Role | str) -> str:
    """A role as a word in the reader's language (``Role`` or its stored value)."""
    return _label(ROLE_NAMES, role)  # a StrEnum: the stored value finds the Role


def role_labels() -> dict[str, str]:
    """Every role's stored value and word, in order, for a widget's ``format_func``."""
    return words({r.value: ROLE_NAMES[r] for r in Role})


def action_label(action: str) -> str:
    """An audit action as a short phrase in the reader's language."""
    return _label(ACTION_LABELS, action)


def round_state_label(state: str) -> str:
    """A round's state (open, closed) in the reader's language."""
    return _label(ROUND_STATES, state)


def status_text(value: str) -> str:
    """A stored training status or outcome (``"not started"``, ``"passed"``) in the reader's
    language; pages keep filtering and sorting on the stored value."""
    return _label(STATUS_WORDS, value)


def member_state_name(code: str) -> str:
    """A Member State's name in the reader's language (:func:`quiz_app.i18n.country_name`)."""
    return country_name(code, language())
