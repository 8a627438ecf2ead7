"""The training words a reader sees in tables and pickers, in the reader's language.

The store keeps a status as its English value (``overdue``, ``not started``); pages show it
through :func:`status_text` and keep filtering and sorting on the stored value.
"""

from __future__ import annotations

from quiz_app.core.register import RegisterStatus
from quiz_app.core.schedule import TrainingStatus
from quiz_app.i18n import N_
from quiz_app.ui.i18n import _

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


def status_text(value: str) -> str:
    """A stored status or outcome (``"not started"``, ``"passed"``) in the reader's language;
    an unknown value is shown as stored."""
    word = STATUS_WORDS.get(value)
    return _(word) if word else value
