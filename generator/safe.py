"""Values from data/ made safe for the Markdown pages, and page front matter.

Most fields are plain text (``Line`` in kb/model.py: names, titles, headings, list items):
:func:`plain` writes their characters as entities wherever Markdown or HTML would read them
as markup, so ``<script>`` shows as text. The few Markdown fields (``Text`` and the
``details``, ``whitepaper_note`` strings) go through :func:`markdown`: HTML in them is cleaned
with an allow-list (nh3), and links, images, attribute lists and reference definitions are
kept only with http(s), mailto or relative addresses. The render environment applies
:func:`plain` to every value not marked safe (:class:`~markupsafe.Markup`), so a new field is
safe by default.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import nh3
import yaml
from markupsafe import Markup
from pydantic import AnyUrl

# ------------------------------------------------------------------ plain text

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ENTITIES |= {c: f"&#{ord(c)};" for c in "*_`[]{}\\"}
_PLAIN = str.maketrans(_ENTITIES)
# What would open a block (heading, list, quote, table, tab) if the value starts a line.
_BLOCK_START = re.compile(r"^(?:\d+(?=[.)](?:\s|$))|(?=[#+\-=|:~!]))")


def plain(value: object) -> Markup:
    """Plain text as Markdown that shows exactly its characters."""
    text = str(value).translate(_PLAIN)
    start = _BLOCK_START.match(text)
    if start is not None:
        at = start.end()
        text = f"{text[:at]}&#{ord(text[at])};{text[at + 1 :]}"
    return Markup(text)


def finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of a template: Markup as it is, URLs encoded, text escaped."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, AnyUrl):
        return url(value)
    if isinstance(value, str):
        return plain(value)
    return value


def url(value: object) -> Markup:
    """An address with every character that Markdown or HTML could read percent-encoded."""
    return Markup(quote(str(value), safe="/:?#@!$&()+,;=%-._~"))


def anchor(value: object) -> Markup:
    """A heading id: letters, digits, '-', '_' and '.' only (nothing for attr_list to read)."""
    return Markup(re.sub(r"[^A-Za-z0-9_.-]", "", str(value)))


# ------------------------------------------------------------------ Markdown fields

ALLOWED_TAGS = {"abbr", "b", "br", "code", "em", "i", "kbd", "strong", "sub", "sup"}
_SAFE_ADDRESS = (
    r"(?:https?://[^\s<>\"'()`\\]*|mailto:[\w.+-]+@[\w.-]+|[\w./-]+(?:#[\w-]*)?|#[\w-]+)"
)
_PROTECTED = re.compile(
    r"(?ms)^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=fence)[ \t]*$"  # fenced code
    r"|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)"  # code span
    rf"|<(?:https?://|mailto:)[^\s<>\"'`\\]*>"  # autolink
    rf"|(?<=\]\()\s*<?{_SAFE_ADDRESS}>?(?=[\s()])"  # link or image address
    rf"|(?<=\]:)[ \t]*<?{_SAFE_ADDRESS}>?(?=\s|$)"  # reference definition address
)
_HOLE = "\ue000{}\ue001"
_HOLE_RE = re.compile("\ue000(\\d+)\ue001")


def markdown(value: object) -> Markup:
    """A Markdown field with its HTML cleaned and only safe addresses in its links.

    Code, autolinks and http(s)/mailto/relative link addresses are set aside, the rest goes
    through nh3 with :data:`ALLOWED_TAGS` (no attributes but an abbreviation's title), then
    any link, image or reference definition left with another address is made plain text.
    """
    kept: list[str] = []

    def hold(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return _HOLE.format(len(kept) - 1)

    text = _PROTECTED.sub(hold, str(value))
    text = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"abbr": {"title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    ).replace("&gt;", ">")  # '>' opens no tag; unescaped, block quotes stay block quotes
    text = re.sub(r"\](?=\()(?!\(\ue000)", r"\\]", text)  # a link to anything else
    text = re.sub(r"(?m)^([ \t]*)\[(?=[^\]\n]*\]:(?![ \t]*\ue000))", r"\1\\[", text)
    text = re.sub(r"(?m)^([ \t]*)\*\[", r"\1\\*[", text)  # an abbreviation definition
    text = text.replace("{", "&#123;").replace("}", "&#125;")  # an attribute list
    return Markup(_HOLE_RE.sub(lambda m: kept[int(m.group(1))], text))


# ------------------------------------------------------------------ front matter


def html_text(value: str) -> str:
    """Text for a place the theme writes without escaping (titles, navigation, meta tags).

    ``<``, ``>`` and ``"`` (which open a tag or leave an attribute) are escaped; ``&`` is not:
    Material writes the same title raw in one place and escaped in another (the footer's
    ``aria-label``), so an escaped ``&`` would read "&amp;" there, and a bare ``&`` opens
    nothing.
    """
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def front_matter(**fields: Any) -> Markup:
    """A page's YAML front matter, written by the YAML dumper; empty fields are left out.

    MkDocs themes write the title and description into the page unescaped (Material's
    header, ``<title>`` and ``<meta name="description">``), so text values are HTML-escaped.
    """
    values = {
        k: html_text(v) if isinstance(v, str) else v
        for k, v in fields.items()
        if v not in (None, "", [])
    }
    dumped = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1_000_000)
    return Markup(f"---\n{dumped}---")
