"""Key terms in their official German and French wording, wherever their English appears."""

from __future__ import annotations

import pytest
from support import DATA

from kb.i18n import check_translations, localise
from kb.i18n.overlay import load_languages
from kb.i18n.terminology import KeyTerm, _matcher, _plain, load_terminology
from kb.load import load


def _term(**official: str) -> KeyTerm:
    return KeyTerm(
        id="essential-entity",
        act="directive",
        ref="Art. 3(1)",
        en="essential entity",
        official=official,
        forms={"de": ["wesentlichen Einrichtungen"]},
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Pflichten wesentlicher Einrichtungen", True),
        ("die wesentliche Einrichtung", True),
        ("Wesentliche Einrichtung", True),
        ("eine bedeutende Einrichtung", False),
        ("wesentliche Dienste einer Einrichtung", False),
    ],
)
def test_a_term_may_inflect_but_not_change_its_words(text: str, found: bool) -> None:
    matcher = _matcher(_term(de="wesentliche Einrichtung"))
    assert bool(matcher.official["de"].search(_plain(text))) is found


def test_the_english_term_is_found_in_the_plural_and_across_punctuation() -> None:
    matcher = _matcher(_term(de="wesentliche Einrichtung"))
    assert matcher.english.search(_plain("Essential entities must report."))
    assert not matcher.english.search(_plain("an essential service entity"))


def test_a_short_word_of_a_term_does_not_match_a_longer_word() -> None:
    """ "supply chain" is not "support channel"."""
    supply = _matcher(
        KeyTerm(
            id="supply-chain",
            act="directive",
            ref="Art. 21(2)(d)",
            en="supply chain",
            official={"de": "Lieferkette"},
        )
    )
    assert supply.english.search(_plain("critical supply chains and supply-chain security"))
    assert not supply.english.search(_plain("AWS teams and support channels can help"))


def test_every_key_term_has_its_official_wording_in_every_language() -> None:
    problems: list = []
    codes = [language.code for language in load_languages(DATA, problems)]
    terminology = load_terminology(DATA, codes, problems)
    assert problems == []
    assert terminology is not None and codes == ["de", "fr"]
    ids = {term.id for term in terminology.terms}
    for needed in (
        "essential-entity",
        "important-entity",
        "management-body",
        "significant-incident",
        "early-warning",
        "incident-notification",
        "intermediate-report",
        "final-report",
        "progress-report",
        "csirt",
        "competent-authority",
        "single-point-of-contact",
        "main-establishment",
        "near-miss",
        "cyber-hygiene",
        "supply-chain",
        *(f"title-21-2-{letter}" for letter in "abcdefghij"),
    ):
        assert needed in ids
    for act in terminology.sources.values():
        for code in codes:
            assert str(act[code]).startswith(
                f"https://eur-lex.europa.eu/legal-content/{code.upper()}/"
            )


def test_the_real_translations_use_every_key_term_in_its_official_form() -> None:
    report = check_translations(load(DATA), DATA)
    assert [str(p) for p in report.errors] == []


@pytest.mark.parametrize("language", ["de", "fr"])
def test_measure_titles_quote_the_official_wording_of_art_21_2(language: str) -> None:
    problems: list = []
    terminology = load_terminology(DATA, [language], problems)
    assert terminology is not None
    official = {t.id.removeprefix("title-"): t.official[language] for t in terminology.terms}
    translated = localise(load(DATA), language, DATA)
    for measure in translated.measures:
        matcher = _matcher(next(t for t in terminology.terms if t.id == f"title-{measure.id}"))
        assert matcher.official[language].search(_plain(measure.title)), (
            f"{measure.id}: {measure.title!r} does not quote {official[measure.id]!r}"
        )
