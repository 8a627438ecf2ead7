"""Links from the app into the knowledge-base site.

The site's base URL comes from ``NIS2_SITE_URL`` (the same variable ``mkdocs.yml`` reads for
``site_url``), default ``http://127.0.0.1:8000/``. A page key such as ``measures/21-2-b`` maps
to ``<site>/measures/21-2-b/``; use :func:`site_url` everywhere so no page builds URLs by hand.

The site exists in each language under the same paths (``<site>/de/measures/21-2-b/``): a link
goes to the reader's language, which the app sets for each run with :func:`use_language`
(``quiz_app.ui.i18n.bind``); code outside a page run (e-mails, the CLI) passes ``language``.
"""

from __future__ import annotations

from contextvars import ContextVar

from quiz_app.config import get_settings
from quiz_app.i18n import DEFAULT_LANGUAGE, LANGUAGES

_reader_language: ContextVar[str] = ContextVar("site_language", default=DEFAULT_LANGUAGE)


def use_language(language: str) -> None:
    """Links made from now on in this run (thread or task) go to ``language``'s site."""
    _reader_language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def site_base() -> str:
    """The site's base URL, always ending in one slash."""
    return get_settings().site_url


def site_url(page_key: str, language: str | None = None) -> str:
    """The site URL of a page key, e.g. ``measures/21-2-b`` -> ``<site>/measures/21-2-b/``, or
    ``<site>/de/measures/21-2-b/`` for a German reader.

    ``index`` (or an empty key) is the home page; an ``#anchor`` is kept after the slash.
    ``language``: the site's language (default: the reader's, see :func:`use_language`).
    """
    chosen = language or _reader_language.get()
    prefix = "" if chosen == DEFAULT_LANGUAGE or chosen not in LANGUAGES else f"{chosen}/"
    key, _, anchor = page_key.strip().partition("#")
    key = key.strip("/")
    path = "" if key in ("", "index") else f"{key}/"
    return site_base() + prefix + path + (f"#{anchor}" if anchor else "")


def measure_url(measure_id: str) -> str:
    """The site page of an Art. 21(2) measure, e.g. ``21-2-b``."""
    return site_url(f"measures/{measure_id}")


def article_url(number: int) -> str:
    """The site page of a NIS 2 article."""
    return site_url(f"articles/{number}")


def service_url(service_id: str) -> str:
    """The site page of an AWS service, e.g. ``cloudtrail``."""
    return site_url(f"services/{service_id}")
