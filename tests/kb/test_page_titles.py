"""`kb.pages.page_title` in each language: static titles from site.yaml, references written
as the language writes them, English exactly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import DATA, copy_minimal

from kb.i18n import localise
from kb.i18n.site_strings import site_texts
from kb.load import DataError, load
from kb.pages import ARTICLE_TITLE, MEASURE_TITLE, STATIC_PAGES, page_title


@pytest.fixture(scope="module")
def kb():
    return load(DATA)


@pytest.fixture(scope="module")
def german(kb):
    return localise(kb, "de", DATA)


@pytest.fixture(scope="module")
def french(kb):
    return localise(kb, "fr", DATA)


def _keys(kb) -> list[str]:
    return [
        *STATIC_PAGES,
        *(f"articles/{a.number}" for a in kb.articles),
        *(f"measures/{m.id}" for m in kb.measures),
        *(f"services/{s.id}" for s in kb.services),
    ]


def test_english_titles_are_unchanged(kb) -> None:
    assert page_title(kb, "scope") == "Who is in scope"
    assert page_title(kb, "/reporting/") == "Incident reporting timeline"
    assert page_title(kb, "articles/23") == "Art. 23: Reporting obligations"
    assert page_title(kb, "measures/21-2-b") == "Art. 21(2)(b): Incident handling"
    assert page_title(kb, "services/iam") == "AWS Identity and Access Management (IAM)"
    assert page_title(kb, "no/such-page") == "no/such-page"
    for key in _keys(kb):
        assert page_title(kb, key, "en") == page_title(kb, key), key


def test_german_titles_and_references(german) -> None:
    assert page_title(german, "scope", "de") == "Wer erfasst ist"
    assert page_title(german, "reporting", "de") == (
        "Fristen für die Meldung von Sicherheitsvorfällen"
    )
    assert page_title(german, "articles/23", "de") == "Art. 23: Berichtspflichten"
    assert page_title(german, "measures/21-2-b", "de") == (
        "Art. 21 Abs. 2 Buchst. b: Bewältigung von Sicherheitsvorfällen"
    )
    assert page_title(german, "services/iam", "de") == "AWS Identity and Access Management (IAM)"


def test_french_titles_and_references(french) -> None:
    assert page_title(french, "scope", "fr") == "Qui est concerné"
    assert page_title(french, "articles/23", "fr") == "Art. 23 : Obligations d'information"
    assert page_title(french, "measures/21-2-b", "fr") == (
        "Art. 21, paragraphe 2, point b) : Gestion des incidents"
    )


@pytest.mark.parametrize("code", ["de", "fr"])
def test_no_title_stays_english(kb, code: str) -> None:
    """Every static page and both reference forms have a wording in each language."""
    texts = site_texts(code, DATA)
    wanted = set(STATIC_PAGES.values()) | {ARTICLE_TITLE, MEASURE_TITLE}
    assert sorted(wanted - set(texts)) == []
    for phrase in (ARTICLE_TITLE, MEASURE_TITLE):
        assert "{title}" in texts[phrase]
    assert "{number}" in texts[ARTICLE_TITLE] and "{letter}" in texts[MEASURE_TITLE]


def test_a_language_without_site_texts_keeps_the_english_forms(tmp_path: Path) -> None:
    data = copy_minimal(tmp_path)
    kb = load(data)
    measure = kb.measures[0]
    assert page_title(kb, f"measures/{measure.id}", "de", data) == (
        f"Art. 21(2)({measure.letter}): {measure.title}"
    )
    assert page_title(kb, "scope", "de", data) == "Who is in scope"


def test_a_misspelt_key_in_site_texts_is_a_located_problem(tmp_path: Path) -> None:
    data = copy_minimal(tmp_path)
    (data / "i18n" / "de").mkdir(parents=True, exist_ok=True)
    site = (DATA / "i18n/de/site.yaml").read_text(encoding="utf-8")
    (data / "i18n/de/site.yaml").write_text(site.replace("\nnav:", "\nnavs:"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        site_texts("de", data)
    shown = [str(p) for p in caught.value.problems]
    assert any(p.endswith("unknown key 'navs'") for p in shown), shown
    assert all(p.startswith(f"{data / 'i18n/de/site.yaml'}:") for p in shown), shown


def test_site_texts_are_read_once_per_language_and_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "i18n" / "de").mkdir(parents=True)
    shutil.copy(DATA / "i18n/de/site.yaml", data / "i18n/de/site.yaml")
    first = site_texts("de", data)
    (data / "i18n/de/site.yaml").unlink()
    assert site_texts("de", data) is first
    assert site_texts("en", data) == {}
