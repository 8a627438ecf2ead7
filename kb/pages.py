"""The site's pages as both halves name them: keys such as ``measures/21-2-b`` and titles."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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
"""Pages that are not made per item: key (URL path) -> title."""

_PAGE_RE = re.compile(r"^/*(.*?)/*(?:index\.md|\.md)?/*$")


def normalise_page(page: str) -> str:
    """'/measures/21-2-b/' -> 'measures/21-2-b'; '' and '/' -> 'index'."""
    stripped = _PAGE_RE.sub(r"\1", page.strip()).strip("/")
    return stripped or "index"


def page_title(kb: KnowledgeBase, key: str) -> str:
    """The title a reader sees for a page key such as 'measures/21-2-b'."""
    key = normalise_page(key)
    section, _, rest = key.partition("/")
    if section == "articles" and rest:
        return f"Art. {rest}: {kb.article(int(rest)).title}"
    if section == "measures" and rest:
        m = kb.measure(rest)
        return f"Art. 21(2)({m.letter}): {m.title}"
    if section == "services" and rest:
        return kb.service(rest).name
    return STATIC_PAGES.get(key, key)
