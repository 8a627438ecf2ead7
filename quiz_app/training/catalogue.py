"""Training configuration and look-ups: the modules of the knowledge base and whom each is
for, the app's URL, and the moment every training function acts at."""

from __future__ import annotations

from datetime import datetime

from kb.model import KnowledgeBase, TrainingModule
from quiz_app.config import get_settings
from quiz_app.errors import NotFound
from quiz_app.i18n import N_
from quiz_app.store import utcnow


def app_home_page() -> str:
    """The app's URL (``NIS2_APP_URL``), the home page of learners' xAPI accounts."""
    return get_settings().app_url


def moment(now: datetime | None = None) -> datetime:
    """``now`` (or the current UTC time when None), to the whole second, as the store keeps it."""
    return (now or utcnow()).replace(microsecond=0)


def module_by_id(kb: KnowledgeBase, module_id: str) -> TrainingModule:
    """The training module with this id.

    Raises:
        NotFound: no such module (the message lists the known ids).
    """
    for module in kb.training:
        if module.id == module_id:
            return module
    known = ", ".join(m.id for m in kb.training)
    raise NotFound(
        N_("no training module {module_id!r} (known: {known})"), module_id=module_id, known=known
    )


def audience_is_management(audience: str) -> bool | None:
    """Whom a module's audience takes in, as the people's ``is_management_body`` flag:
    True for ``management``, False for ``staff``, None (everyone) for ``all``."""
    return {"management": True, "staff": False}.get(audience)


def in_audience(module: TrainingModule, *, is_management_body: bool) -> bool:
    """Whether ``module``'s audience takes in a person (member of the management body or not)."""
    wanted = audience_is_management(module.audience)
    return wanted is None or wanted == is_management_body
