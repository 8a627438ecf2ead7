"""Which language a reader gets: their own choice, else their browser's, else English."""

from __future__ import annotations

from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE, LANGUAGES


def _base(tag: str | None) -> str | None:
    """``de`` for ``de-DE``, ``de_AT`` or ``DE``; None for anything not an interface language."""
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The first interface language in an ``Accept-Language`` header, by its weights
    (``fr-CH, fr;q=0.9, en;q=0.8`` gives ``fr``); None when it names none of them."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        code = _base(tag)
        if code and weight > 0:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else None


def choose_language(account: str | None, browser: str | None) -> str:
    """The language to show: the account's choice, else the browser's preference (a tag
    such as ``de-DE`` or an ``Accept-Language`` header), else English."""
    return _base(account) or from_accept_language(browser) or DEFAULT_LANGUAGE
