"""The scope checker's sector search: the words AWS customers type find their Annex entry.

Runs against the real data/scope.yaml, whose synonyms are data; the schema refuses a
duplicate synonym with a located error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import DATA, copy_minimal

from kb.load import DataError, load
from kb.model import Scope
from quiz_app.core.sector_search import search_subsectors


@pytest.fixture(scope="module")
def real_scope() -> Scope:
    text = (DATA / "scope.yaml").read_text(encoding="utf-8")
    return Scope.model_validate(yaml.safe_load(text)["scope"])


def _ids(scope: Scope, query: str) -> list[str]:
    return [match.subsector.id for match in search_subsectors(scope, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cloud", "digital-infrastructure"),
        ("Cloud computing service provider", "digital-infrastructure"),
        ("data centre", "digital-infrastructure"),
        ("data center", "digital-infrastructure"),
        ("colocation", "digital-infrastructure"),
        ("DNS", "digital-infrastructure"),
        ("TLD", "digital-infrastructure"),
        ("top-level domain registry", "digital-infrastructure"),
        ("CDN", "digital-infrastructure"),
        ("content delivery network", "digital-infrastructure"),
        ("trust service", "digital-infrastructure"),
        ("managed service provider", "ict-service-management-b2b"),
        ("MSP", "ict-service-management-b2b"),
        ("MSSP", "ict-service-management-b2b"),
        ("SOC as a service", "ict-service-management-b2b"),
        ("online marketplace", "digital-providers"),
        ("search engine", "digital-providers"),
        ("social network", "digital-providers"),
        ("social media", "digital-providers"),
        ("hospital", "healthcare-providers"),
    ],
)
def test_the_words_customers_type_find_the_right_entry(real_scope, query, expected) -> None:
    found = _ids(real_scope, query)
    assert found, f"nothing found for {query!r}"
    assert found[0] == expected


def test_a_precise_phrase_does_not_drag_in_loose_word_matches(real_scope) -> None:
    # "space" mentions managed infrastructure, services and providers, but not this phrase
    assert _ids(real_scope, "managed service provider") == ["ict-service-management-b2b"]


def test_a_match_says_which_words_matched(real_scope) -> None:
    [match] = search_subsectors(real_scope, "data center")
    assert match.matched == "data center"
    assert match.sector.annex == "I"


def test_nothing_found_and_empty_queries(real_scope) -> None:
    assert _ids(real_scope, "underwater basket weaving") == []
    assert _ids(real_scope, "   ") == []


def test_every_subsector_has_synonyms_and_none_repeats_within_it(real_scope) -> None:
    for sector in real_scope.sectors:
        for sub in sector.subsectors:
            assert sub.synonyms, f"{sub.id} has no synonyms"


def _edit(data: Path, old: str, new: str) -> None:
    path = data / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_duplicate_synonym_is_refused_with_its_place(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(
        data,
        "entity_types: [Healthcare providers]",
        "entity_types: [Healthcare providers]\n          synonyms: [hospital, Hospital]",
    )
    with pytest.raises(DataError) as caught:
        load(data)
    [problem] = [str(p) for p in caught.value.problems]
    assert "scope.sectors[0].subsectors[0].synonyms" in problem
    assert "'Hospital'" in problem and "twice" in problem


def test_the_scope_page_lists_the_search_words_so_site_search_finds_them() -> None:
    from generator.render import render

    page = render(load(DATA))["scope.md"]
    assert "data center" in page and "MSSP" in page and "social media" in page
