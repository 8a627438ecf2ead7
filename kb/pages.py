"""The site's pages as both halves name them: keys such as ``measures/21-2-b`` and titles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kb.i18n.localise import ENGLISH
from kb.i18n.site_strings import site_texts

if TYPE_CHECKING:
    from kb.model import KnowledgeBase

STATIC_PAGES = {
    "index": "Home",
    "how-to-use": "How to use this site",
    "about": "About",
    "articles": "NIS 2 articles",
    "measures": "The ten measures of Art. 21(2)",
    "services": "AWS services, programmes and resources",
    "scope": "Who is in scope",
    "reporting": "Incident reporting timeline",
    "responsibility": "Responsibility matrix",
    "matrix": "Measures × services",
    "certifications": "AWS certifications and attestations",
    "glossary": "Glossary",
    "assessments": "Self-assessments",
    "training": "Training modules",
    "downloads": "Downloads",
    "tags": "Tags",
}
"""Pages that are not made per item: key (URL path) -> title (site.yaml translates it)."""

# How a page's title cites the Directive, as site.yaml phrases keyed by their English: each
# language writes its own reference ("Art. 21 Abs. 2 Buchst. {letter}: {title}").
ARTICLE_TITLE = "Art. {number}: {title}"
MEASURE_TITLE = "Art. 21(2)({letter}): {title}"

_PAGE_RE = re.compile(r"^/*(.*?)/*(?:index\.md|\.md)?/*$")


def normalise_page(page: str) -> str:
    """'/measures/21-2-b/' -> 'measures/21-2-b'; '' and '/' -> 'index'."""
    stripped = _PAGE_RE.sub(r"\1", page.strip()).strip("/")
    return stripped or "index"


def page_title(
    kb: KnowledgeBase,
    key: str,
    language: str = ENGLISH,
    data_dir: Path | str | None = None,
    texts: Mapping[str, str] | None = None,
) -> str:
    """The title a reader sees for a page key such as 'measures/21-2-b'.

    Args:
        kb: the knowledge base in ``language`` (:func:`kb.i18n.localise`): it gives the
            articles', measures' and services' own titles.
        key: the page's key or path.
        language: the reader's language: the titles of the other pages and the form of a
            reference come from its site.yaml (English where it has none).
        data_dir: the data folder (default: the project's ``data/``).
        texts: the language's site phrases when the caller holds them already (the site
            generator): then neither ``language`` nor ``data_dir`` is read.

    Raises:
        DataError: the language's site.yaml is invalid.
    """
    texts = texts if texts is not None else site_texts(language, data_dir)
    key = normalise_page(key)
    section, _, rest = key.partition("/")
    if section == "articles" and rest:
        phrase = texts.get(ARTICLE_TITLE, ARTICLE_TITLE)
        return _fill(phrase, number=rest, title=kb.article(int(rest)).title)
    if section == "measures" and rest:
        m = kb.measure(rest)
        return _fill(texts.get(MEASURE_TITLE, MEASURE_TITLE), letter=m.letter, title=m.title)
    if section == "services" and rest:
        return kb.service(rest).name
    english = STATIC_PAGES.get(key, key)
    return texts.get(english, english)


def _fill(phrase: str, **values: str) -> str:
    """``phrase`` with each ``{name}`` filled in one pass: braces in a title stay as they are."""
    parts = re.split(r"(\{\w+\})", phrase)
    return "".join(values.get(p[1:-1], p) if p[:1] == "{" else p for p in parts)
