"""The words of the tags: from the data where a tag names an item of it, else from site.yaml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pymdownx.slugs import slugify
from support import DATA, ROOT

from generator.render import RenderOptions, render
from generator.site_i18n import site_languages
from generator.stage import read_config, read_content, site_trees
from generator.tags import (
    alphabetical,
    alphabetical_key,
    english_label,
    page_tags,
    tag_labels,
    tags_listings,
    tags_needing_words,
)
from kb.i18n import localise
from kb.load import load

# Material's tags plugin anchors each tag on the tags page at "tag:<slug of its name>".
material_slug = slugify(case="lower")
# Tags whose words are the English ones in the language too.
SHARED_WORDS = {
    "de": {"governance"},
    "fr": {"audit", "certification", "lex-specialis", "supervision"},
}


@pytest.fixture(scope="module")
def kb():
    return load(DATA)


def test_english_tags_are_readable_and_keep_their_anchors(kb) -> None:
    labels = tag_labels(kb, kb)
    assert labels["risk-management"] == "Risk management"
    assert labels["incident-handling"] == "Incident handling"  # a measure's short title
    assert labels["essential-entity"] == "Essential entity"  # a glossary term
    assert labels["csirt"] == "CSIRT" and labels["annex-ii"] == "Annex II"
    assert labels["cybersecurity-act"] == "Cybersecurity Act"
    assert labels["penalties"] == "Penalties"  # an article's title
    assert set(labels) == page_tags(kb)
    # The tags page's anchors of today (#tag:risk-management) lead to the same tags.
    assert {t: material_slug(label, "-") for t, label in labels.items()} == {t: t for t in labels}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "de",
            {
                "incident-handling": "Bewältigung von Sicherheitsvorfällen",
                "essential-entity": "Wesentliche Einrichtung",
                "significant-incident": "Erheblicher Sicherheitsvorfall",
                "management-body": "Leitungsorgan",
                "risk-management": "Risikomanagement",
            },
        ),
        (
            "fr",
            {
                "incident-handling": "Gestion des incidents",
                "essential-entity": "Entité essentielle",
                "significant-incident": "Incident important",
                "management-body": "Organe de direction",
                "risk-management": "Gestion des risques",
            },
        ),
    ],
)
def test_each_language_has_its_words_for_every_tag(kb, code: str, expected) -> None:
    language = next(lang for lang in site_languages(DATA) if lang.code == code)
    labels = tag_labels(kb, localise(kb, code, DATA), language.tags)
    assert {t: labels[t] for t in expected} == expected
    english = tag_labels(kb, kb)
    # Only names, abbreviations and words the language shares read the same in English.
    same = {t for t in labels if labels[t] == english[t]}
    assert same <= {"csirt", "enisa", "dora", "mfa"} | SHARED_WORDS[code], same


def test_only_the_tags_the_data_does_not_name_need_words_in_site_yaml(kb) -> None:
    needing = tags_needing_words(kb)
    assert "risk-management" in needing
    assert not {"incident-handling", "essential-entity", "penalties", "csirt"} & needing
    for language in site_languages(DATA)[1:]:
        assert sorted(needing - set(language.tags)) == [], language.code
        assert sorted(set(language.tags) - needing) == [], language.code


def test_a_tag_without_words_shows_its_english_label() -> None:
    assert english_label("third-party-risk") == "Third-party risk"
    assert english_label("near-miss") == "Near miss"
    assert english_label("all-hazards") == "All-hazards"


def test_pages_carry_their_tags_in_the_page_language(kb) -> None:
    local = localise(kb, "de", DATA)
    language = next(lang for lang in site_languages(DATA) if lang.code == "de")
    options = RenderOptions(tags=tag_labels(kb, local, language.tags), locale="de")
    pages = render(local, options)
    measure = yaml.safe_load(pages["measures/21-2-b.md"].split("---")[1])
    assert "Bewältigung von Sicherheitsvorfällen" in measure["tags"]
    assert "incident-handling" not in measure["tags"]
    service = yaml.safe_load(pages["services/cloudtrail.md"].split("---")[1])
    assert service["tags"] == ["Protokollierung und Überwachung"]  # its category's title
    # Without words of its own, render shows the English labels.
    english = yaml.safe_load(render(kb)["articles/21.md"].split("---")[1])
    assert "Risk management" in english["tags"]
    assert yaml.safe_load(render(kb)["services/cloudtrail.md"].split("---")[1])["tags"] == [
        "Logging and monitoring"
    ]


def test_the_staged_trees_carry_the_words_of_their_language(tmp_path: Path) -> None:
    base = read_config(ROOT / "mkdocs.yml", {})
    trees = site_trees(load(DATA), base, read_content(ROOT / "content"), DATA)
    for prefix, word in (("", "Risk management"), ("de/", "Risikomanagement")):
        page = trees[f"{prefix}docs/articles/21.md"]
        assert word in yaml.safe_load(str(page).split("---")[1])["tags"], prefix
    assert "Gestion des risques" in str(trees["fr/docs/articles/21.md"])


def test_tags_are_in_the_alphabet_readers_expect_whatever_their_accents_and_case() -> None:
    german = ["Zugriffskontrolle", "Überwachung", "Aufsicht", "Änderungsmanagement", "Ökologie"]
    assert alphabetical(german) == [
        "Änderungsmanagement",
        "Aufsicht",
        "Ökologie",
        "Überwachung",
        "Zugriffskontrolle",
    ]
    french = ["Gestion des risques", "États membres", "Efficacité", "Échange", "Élan", "Ève"]
    assert alphabetical(french) == [
        "Échange",
        "Efficacité",
        "Élan",
        "États membres",
        "Ève",
        "Gestion des risques",
    ]
    assert alphabetical(["b", "A", "a", "B", "a"]) == ["A", "a", "B", "b"]  # ties: the name
    assert alphabetical_key("Straße") == ("strasse", "Straße")
    assert alphabetical_key("ﬁn") == ("fin", "ﬁn")  # a ligature (NFKD) reads as its letters


def test_the_tags_page_holds_one_listing_per_tag_in_alphabetical_order() -> None:
    listings = tags_listings(["Zugriff", "Änderung", "Zugriff", 'Gestion "x"'])
    assert listings.split("\n\n") == [
        '<!-- material/tags { include: ["Änderung"] } -->',
        '<!-- material/tags { include: ["Gestion \\"x\\""] } -->',
        '<!-- material/tags { include: ["Zugriff"] } -->',
    ]
    for listing in listings.split("\n\n"):
        config = listing.removeprefix("<!-- material/tags").removesuffix("-->")
        assert len(yaml.safe_load(config)["include"]) == 1  # the YAML Material reads


def test_the_tags_page_lists_every_tag_the_pages_show(kb) -> None:
    pages = render(kb)
    shown = {
        tag
        for page in pages.values()
        for tag in yaml.safe_load(page.split("---")[1]).get("tags", [])
    }
    listed = re.findall(r'<!-- material/tags \{ include: \[("[^\n]*")\] \} -->', pages["tags.md"])
    assert [json.loads(name) for name in listed] == alphabetical(shown)
    assert "Logging and monitoring" in shown and "Risk management" in shown
