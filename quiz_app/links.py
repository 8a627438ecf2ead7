"""Links from the app into the knowledge-base site.

The site's base URL comes from ``NIS2_SITE_URL`` (the same variable ``mkdocs.yml`` reads for
``site_url``), default ``http://127.0.0.1:8000/``. A page key such as ``measures/21-2-b`` maps
to ``<site>/measures/21-2-b/``; use :func:`site_url` everywhere so no page builds URLs by hand.
"""

from __future__ import annotations

from quiz_app.config import get_settings


def site_base() -> str:
    """The site's base URL, always ending in one slash."""
    return get_settings().site_url


def site_url(page_key: str) -> str:
    """The site URL of a page key, e.g. ``measures/21-2-b`` -> ``<site>/measures/21-2-b/``.

    ``index`` (or an empty key) is the home page; an ``#anchor`` is kept after the slash.
    """
    key, _, anchor = page_key.strip().partition("#")
    key = key.strip("/")
    path = "" if key in ("", "index") else f"{key}/"
    return site_base() + path + (f"#{anchor}" if anchor else "")


def measure_url(measure_id: str) -> str:
    """The site page of an Art. 21(2) measure, e.g. ``21-2-b``."""
    return site_url(f"measures/{measure_id}")


def article_url(number: int) -> str:
    """The site page of a NIS 2 article."""
    return site_url(f"articles/{number}")


def service_url(service_id: str) -> str:
    """The site page of an AWS service, e.g. ``cloudtrail``."""
    return site_url(f"services/{service_id}")
