"""The German and French sites show no English the templates write and no English numbers.

The English a template can put on a page is its literal text (Markdown between its tags:
"Medium", "or more", "searched for as") and the ids of the data it prints (an entity's
``essential`` class, an article's ``management`` audience). Both are collected from the
sources, so a word added to a template or an id added to the model is checked too.
"""

from __future__ import annotations

import html
import re
import types
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment
from pydantic import BaseModel
from support import DATA, ROOT

from generator.tags import tag_labels
from kb.load import load
from kb.model import KnowledgeBase

pytestmark = pytest.mark.slow

TEMPLATES = ROOT / "generator" / "templates"
# Words of the templates' English that a German or French page may show all the same:
# official abbreviations (Art.), Roman numerals of the annexes, and words the language uses
# itself (German "Backup-Management", "all dies"; French "système de management",
# "notification", the official "incident important"). Each language's test still catches the other's: "all" is English in French.
SHARED_WORDS = {
    "de": {"Art", "II", "Container", "Management", "Engineers", "all"},
    "fr": {"Art", "II", "Container", "important", "management", "notification", "Notification"},
}
# Markup in a template's text: comments, HTML tags, attribute lists, link targets, code
# spans and the type of an admonition ("??? info", "!!! tip").
_MARKUP = re.compile(
    r"<!--.*?-->|<[^>]*>|\{[^}]*\}|\]\([^)]*\)?|`[^`]*`|^\s*(?:\?\?\?|!!!)\s+\w+", re.M | re.S
)
TAGS_PAGE = "tags/index.html"
_WORD = re.compile(r"[^\W\d_]{2,}")  # letters of any alphabet: "alléger" is no "all"
# 50,000,000 or 1.4 %: numbers written the English way.
ENGLISH_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\s?%")


def template_words(sources: list[str] | None = None) -> set[str]:
    """Every word of the templates' literal text (not their tags, not their markup)."""
    if sources is None:
        sources = [t.read_text(encoding="utf-8") for t in TEMPLATES.glob("*.j2")]
    env = Environment(trim_blocks=True, lstrip_blocks=True)
    words: set[str] = set()
    for source in sources:
        for _line, kind, value in env.lex(source):
            if kind == "data":
                words |= set(_WORD.findall(_MARKUP.sub(" ", value)))
    return words


def id_words(model: type[BaseModel] = KnowledgeBase) -> set[str]:
    """Every word of the ids the model allows (``Literal`` values): ``essential``, ``all``."""
    words: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def walk(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in seen:
                seen.add(annotation)
                for field in annotation.model_fields.values():
                    walk(field.annotation)
        elif typing.get_origin(annotation) is typing.Literal:
            for value in typing.get_args(annotation):
                words.update(_WORD.findall(str(value)))
        else:
            for arg in typing.get_args(annotation):
                walk(arg)
        if isinstance(annotation, types.UnionType):
            for arg in annotation.__args__:
                walk(arg)

    walk(model)
    return words


class _VisibleText(HTMLParser):
    """The text a reader sees in a page's title and article, without code or links out.

    A link to another site names an English document (a source's title, AWS's own page):
    a proper name, not a phrase of the templates. The tags at the top of a page count (they
    are in the page's language); ``tags`` collects them as shown.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in: list[str] = []
        self._article = 0
        self._skip = 0
        self.tags: list[str] = []
        self._tag: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "article":
            self._article += 1
        if tag in ("a", "span") and "md-tag" in (dict(attrs).get("class") or "").split():
            self._tag = []
        if tag in ("code", "pre", "script", "style") or (
            tag == "a" and href.startswith(("http://", "https://"))
        ):
            self._skip += 1
            self._in.append(tag)
        elif tag == "title":
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._tag is not None and tag in ("a", "span"):
            self.tags.append(" ".join("".join(self._tag).split()))
            self._tag = None
        if tag == "article":
            self._article -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()
            if tag != "title":
                self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._tag is not None:
            self._tag.append(data)
        if self._skip:
            return
        if self._article or (self._in and self._in[-1] == "title"):
            self.parts.append(data)


def visible_text(page: Path) -> str:
    parser = _VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return html.unescape(" ".join(parser.parts))


def shown_tags(page: Path) -> list[str]:
    """The tags a page shows at its top (Material's ``md-tag`` links), as a reader sees them."""
    parser = _VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return [html.unescape(tag) for tag in parser.tags]


def proper_names() -> list[str]:
    """AWS's names for its services (with and without their abbreviation) and the English
    words a sector is searched for by, longest first: pages show them in English in every
    language."""
    kb = load(DATA)
    names = {s.name for s in kb.services} | {a for s in kb.services for a in s.aliases}
    names |= {n.split(" (")[0] for n in names} | {"AWS Management Console"}
    names |= {w for sector in kb.scope.sectors for sub in sector.subsectors for w in sub.synonyms}
    return sorted(names, key=len, reverse=True)


def without(text: str, names: list[str]) -> str:
    """``text`` without ``names`` (whole words only: "Fire" leaves "Firewall" alone)."""
    pattern = "|".join(re.escape(name) for name in names)
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", " ", text)


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    # A page may print an id as it is or capitalised ("Essential").
    ids = id_words()
    return template_words() | ids | {w.capitalize() for w in ids}


def test_the_english_words_come_from_the_templates_and_the_model(english_words) -> None:
    # The check can fail: it knows the words a template writes and the ids a page prints.
    sample = '<div class="x" markdown>\n??? info "{{ t(a) }}"\n| Medium | {{ n }} or more |'
    assert template_words([sample + " [a]({{ link }}){ .md-button } `python -m x`"]) == {
        "Medium",
        "or",
        "more",
    }
    assert "Art" in template_words()
    assert {"essential", "important", "management", "legal", "awareness"} <= id_words()
    assert "div" not in english_words and "info" not in english_words


@pytest.mark.parametrize("code", ["de", "fr"])
def test_no_page_shows_the_templates_english(site: Path, code: str, english_words) -> None:
    english = english_words - SHARED_WORDS[code]
    names = proper_names()
    pages = sorted((site / code).rglob("index.html"))
    assert len(pages) > 120 and site / code / TAGS_PAGE in pages
    found: dict[str, list[str]] = {}
    for page in pages:
        words = set(_WORD.findall(without(visible_text(page), names)))
        if hits := sorted(words & english):
            found[page.relative_to(site).as_posix()] = hits
    assert found == {}


@pytest.mark.parametrize("code", ["de", "fr"])
def test_no_page_writes_numbers_the_english_way(site: Path, code: str) -> None:
    found = {
        page.relative_to(site).as_posix(): ENGLISH_NUMBER.findall(visible_text(page))
        for page in sorted((site / code).rglob("index.html"))
    }
    assert {page: numbers for page, numbers in found.items() if numbers} == {}


def test_the_scope_page_writes_amounts_as_each_language_does(site: Path) -> None:
    german = visible_text(site / "de/scope/index.html")
    assert (
        "50\xa0Mio.\xa0€" in german
        and "Mittleres Unternehmen" in german
        and "Großes Unternehmen" in german
    )
    assert "1,4 %" in german
    french = visible_text(site / "fr/scope/index.html")
    assert "50\xa0millions d'euros" in french and "1,4 %" in french
    english = visible_text(site / "scope/index.html")
    assert "€50,000,000" in english and "Medium" in english and "1.4 %" in english


@pytest.fixture(scope="module")
def english_tags() -> dict[str, str]:
    """Each tag's id with its English label, and each category's id with its title."""
    kb = load(DATA)
    return {**tag_labels(kb, kb), **{c.id: c.title for c in kb.categories}}


# Tags a page in the language shows with the English words: abbreviations and names, and
# words the language shares ("Governance"; French "Audit", "Certification").
SHARED_TAGS = {
    "de": {"CSIRT", "ENISA", "DORA", "MFA", "Governance"},
    "fr": {
        "CSIRT",
        "ENISA",
        "DORA",
        "MFA",
        "Audit",
        "Certification",
        "Lex specialis",
        "Supervision",
    },
}


def test_a_page_showing_an_english_tag_fails() -> None:
    page = '<article><nav class="md-tags"><a class="md-tag" href="#">risk-management</a></nav>'
    parser = _VisibleText()
    parser.feed(page + '<span class="md-tag">Schulung</span> text</article>')
    assert parser.tags == ["risk-management", "Schulung"]
    assert "risk" in " ".join(parser.parts)


@pytest.mark.parametrize("code", ["de", "fr"])
def test_every_page_shows_its_tags_in_its_language(site: Path, code: str, english_tags) -> None:
    english = (set(english_tags) | set(english_tags.values())) - SHARED_TAGS[code]
    found: dict[str, list[str]] = {}
    tagged = 0
    for page in sorted((site / code).rglob("index.html")):
        tags = shown_tags(page)
        tagged += bool(tags)
        if hits := sorted(set(tags) & english):
            found[page.relative_to(site).as_posix()] = hits
    assert tagged > 100
    assert found == {}
    german = shown_tags(site / "de/measures/21-2-b/index.html")
    if code == "de":
        assert "Bewältigung von Sicherheitsvorfällen" in german and "Protokollierung" in german


def _tags_page(site: Path, prefix: str) -> tuple[list[str], list[str]]:
    """The tags the tags page lists (its headings) and the pages it links to."""
    page = (site / prefix / TAGS_PAGE).read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    headings = re.findall(r'<h2 id="tag:[^"]*">\s*<span class="md-tag">(.*?)</span>', article)
    links = re.findall(r'<a href="([^"#:]+)"', article)
    return [html.unescape(h).strip() for h in headings], links


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("", ["Risk management", "Incident handling", "Logging and monitoring"]),
        ("de", ["Risikomanagement", "Bewältigung von Sicherheitsvorfällen", "Leitungsorgan"]),
        ("fr", ["Gestion des risques", "Gestion des incidents", "Organe de direction"]),
    ],
)
def test_the_tags_page_lists_the_words_of_its_language_and_links_within_it(
    site: Path, code: str, words: list[str], english_tags
) -> None:
    headings, links = _tags_page(site, code)
    assert set(words) <= set(headings), headings
    if code:
        english = (set(english_tags) | set(english_tags.values())) - SHARED_TAGS[code]
        assert sorted(set(headings) & english) == []
    # Each tag leads to pages of the same language: no link leaves the language's folder.
    assert "../measures/21-2-b/" in links
    assert [link for link in links if link.startswith("../../")] == []
