"""The site's own texts in each language: ``data/i18n/<code>/site.yaml``.

Navigation labels (``nav:``) and the phrases of the pages (``ui:``: the site's name, the
titles of the pages not made per item, template phrases), each keyed by its English wording.
The site generator builds its pages with them; the app names the site's pages with them
(:func:`kb.pages.page_title`), so a link reads as the page it opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import Field, ValidationError

from kb.i18n.localise import ENGLISH
from kb.i18n.overlay import I18N_DIR, _located, _strings
from kb.load import DEFAULT_DATA_DIR, DataError, Problem, _parse
from kb.model import Line, Reviewed, Slug

SITE_STRINGS = "site.yaml"


class SiteStrings(Reviewed):
    """The site's own texts in one language, keyed by their English wording."""

    nav: dict[str, Line] = Field(description="navigation labels: English label -> translation")
    ui: dict[str, Line] = Field(
        description="the site's name and description and phrases of the page templates: "
        "English text -> translation"
    )
    tags: dict[Slug, Line] = Field(
        default_factory=dict,
        description="the words of the tags the data does not name (generator/tags.py): "
        "tag id -> label",
    )


def load_site_strings(data_dir: Path, code: str, problems: list[Problem]) -> SiteStrings | None:
    """The texts of ``data/i18n/<code>/site.yaml``; ``None`` when the language has none.

    Invalid files add their located problems (file, line, what was expected) to ``problems``
    and give ``None``, so a caller reports every file's problems at once.
    """
    read = read_site_strings(data_dir, code, problems)
    return read[0] if read else None


def read_site_strings(
    data_dir: Path, code: str, problems: list[Problem]
) -> tuple[SiteStrings, Any] | None:
    """As :func:`load_site_strings`, with the YAML tree the texts were read from (for the
    lines of later checks)."""
    rel = f"{I18N_DIR}/{code}/{SITE_STRINGS}"
    if not (data_dir / rel).exists():
        return None
    doc = _parse(data_dir, rel, problems)
    if doc is None:
        return None
    try:
        return SiteStrings.model_validate(_strings(doc.node)), doc.node
    except ValidationError as exc:
        problems.extend(_located(exc, doc.display, doc.node))
        return None


def site_texts(language: str, data_dir: Path | str | None = None) -> Mapping[str, str]:
    """The phrases (``ui:``) of ``language`` keyed by their English; empty for English or a
    language without a site.yaml. Read once per language and data folder.

    Raises:
        DataError: the language's site.yaml is invalid (located problems).
    """
    if language == ENGLISH:
        return MappingProxyType({})
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    return _site_texts(language, base)


@lru_cache(maxsize=16)
def _site_texts(language: str, data_dir: Path) -> Mapping[str, str]:
    problems: list[Problem] = []
    strings = load_site_strings(data_dir, language, problems)
    if problems:
        raise DataError(problems)
    return MappingProxyType(dict(strings.ui) if strings else {})
