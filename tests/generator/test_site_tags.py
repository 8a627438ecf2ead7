"""The Tags page lists its tags alphabetically, accents folded, in every language:
"Änderungsmanagement" among the A's, "États membres" among the E's.

Built by MkDocs from the minimal data set with German and French tag words. Zensical builds
only the real data strictly (the hand-written pages link to articles the minimal set lacks),
so its tags pages are checked in ``test_site_builders.py``, on the real site.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from support import build_site, copy_minimal

pytestmark = pytest.mark.slow

# The tags of the minimal data's Art. 21, and their words in German and French: accented
# capitals (Ä, Ü, É) that a plain string comparison puts after Z.
ARTICLE_TAGS = [
    "access-control",
    "change-management",
    "effectiveness",
    "information-sharing",
    "member-states",
    "monitoring",
    "risk-management",
    "supervision",
]
WORDS = {
    "de": {
        "access-control": "Zugriffskontrolle",
        "change-management": "Änderungsmanagement",
        "effectiveness": "Wirksamkeit",
        "information-sharing": "Informationsaustausch",
        "member-states": "Mitgliedstaaten",
        "monitoring": "Überwachung",
        "risk-management": "Risikomanagement",
        "supervision": "Aufsicht",
    },
    "fr": {
        "access-control": "Contrôle d'accès",
        "change-management": "Gestion des changements",
        "effectiveness": "Efficacité",
        "information-sharing": "Échange d'informations",
        "member-states": "États membres",
        "monitoring": "Surveillance",
        "risk-management": "Gestion des risques",
        "supervision": "Supervision",
    },
}
NAMES = {"de": "Deutsch", "fr": "Français"}
REVIEW = {"reviewed": "2026-12-01", "reviewed_against": "https://eur-lex.europa.eu/"}
# A tag on the tags page: its heading, anchored at #tag:<slug>, shows the tag's name.
LISTED = re.compile(r'<h2 id="tag:[^"]*"[^>]*>\s*<span class="md-tag[^"]*">([^<]*)</span>')


def folded(name: str) -> str:
    """The reader's alphabetical key: accents dropped (NFKD, no combining marks), casefolded."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tag_data(tmp_path: Path) -> Path:
    """The minimal data set with eight tags on Art. 21 and their words in German and French."""
    data = copy_minimal(tmp_path)
    articles = data / "articles.yaml"
    text = articles.read_text(encoding="utf-8")
    tagged = text.replace("tags: [risk-management]", f"tags: [{', '.join(ARTICLE_TAGS)}]")
    assert tagged != text
    articles.write_text(tagged, encoding="utf-8")
    i18n = data / "i18n"
    languages = [
        {"code": code, "name": NAMES[code], "english_name": english, "official_text": url}
        for code, english, url in (
            ("de", "German", "https://eur-lex.europa.eu/legal-content/DE/TXT/"),
            ("fr", "French", "https://eur-lex.europa.eu/legal-content/FR/TXT/"),
        )
    ]
    i18n.mkdir()
    (i18n / "languages.yaml").write_text(
        yaml.safe_dump({"languages": languages}, allow_unicode=True), encoding="utf-8"
    )
    for code, words in WORDS.items():
        (i18n / code).mkdir()
        site = {**REVIEW, "nav": {}, "ui": {}, "tags": words}
        (i18n / code / "site.yaml").write_text(
            yaml.safe_dump(site, allow_unicode=True), encoding="utf-8"
        )
    return data


@pytest.fixture(scope="module")
def tag_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("tags")
    out = tmp / "site"
    result = build_site(out, tag_data(tmp))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def listed_tags(page: Path) -> list[str]:
    """The tags a tags page lists, top to bottom."""
    return [html.unescape(name) for name in LISTED.findall(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("code", ["de", "fr"])
def test_the_tags_page_lists_accented_tags_in_alphabetical_order(tag_site: Path, code: str) -> None:
    listed = listed_tags(tag_site / code / "tags/index.html")
    assert set(WORDS[code].values()) <= set(listed), listed
    assert listed == sorted(listed, key=folded)


def test_the_english_tags_page_is_in_alphabetical_order_too(tag_site: Path) -> None:
    listed = listed_tags(tag_site / "tags/index.html")
    assert {"Access control", "Member states", "Logging and monitoring"} <= set(listed)
    assert listed == sorted(listed, key=folded)


def test_every_tag_of_a_page_leads_to_its_place_on_the_tags_page(tag_site: Path) -> None:
    article = (tag_site / "fr/articles/21/index.html").read_text(encoding="utf-8")
    targets = re.findall(r'href="\.\./\.\./tags/#(tag:[^"]*)"', article)
    assert "tag:états-membres" in targets and len(targets) == len(ARTICLE_TAGS)
    tags_page = (tag_site / "fr/tags/index.html").read_text(encoding="utf-8")
    assert [t for t in targets if f'id="{t}"' not in tags_page] == []
