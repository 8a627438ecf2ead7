"""The site in German and French in a real browser: the switcher and search per language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CRYPTOGRAPHY = re.compile(r"/measures/21-2-h/$")


def test_german_home_to_a_measure_to_french_via_the_switcher_and_back(page, site_url: str) -> None:
    page.goto(site_url + "de/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="NIS 2 × AWS – Wissensbasis")).to_be_visible()
    page.get_by_role("article").get_by_role(
        "link", name="zehn Bereichen des Art. 21 Abs. 2"
    ).click()
    expect(page).to_have_url(re.compile(r"/de/measures/$"))
    page.get_by_role("article").get_by_role(
        "link", name=re.compile("Kryptografie und gegebenenfalls Verschlüsselung")
    ).first.click()
    expect(page).to_have_url(re.compile(r"/de/measures/21-2-h/$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Kryptografie")

    page.locator(".md-header .md-select").hover()
    page.locator(".md-select__link[hreflang=fr]").click()
    expect(page).to_have_url(re.compile(r"/fr/measures/21-2-h/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("chiffrement")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/de/measures/21-2-h/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kryptografie")


@pytest.mark.parametrize(("language", "term"), [("de", "Verschlüsselung"), ("fr", "chiffrement")])
def test_search_in_each_language_finds_the_cryptography_measure(
    page, site_url: str, language: str, term: str
) -> None:
    page.goto(f"{site_url}{language}/")
    box = page.locator("input.md-search__input")
    box.click()
    # Typed key by key as a reader does (see test_site_journeys.py).
    box.press_sequentially(term, delay=30)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+"))
    hit = page.locator(".md-search-result__link[href*='measures/21-2-h/']").first
    expect(hit).to_be_visible()
    hit.click()
    # Material adds ?h=<term> to highlight the term on the page.
    expect(page).to_have_url(re.compile(rf"/{language}/measures/21-2-h/(\?h=[^#]*)?(#.*)?$"))


def test_a_german_reader_searching_meldepflicht_lands_on_the_reporting_obligations(
    page, site_url: str
) -> None:
    """German staff say "Meldepflicht"; the Directive says "Berichtspflichten" (Art. 23).
    The search's first result is Art. 23 or the reporting deadlines, not the glossary."""
    page.goto(f"{site_url}de/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Meldepflicht", delay=30)
    first = page.locator(".md-search-result__link").first
    expect(first).to_be_visible()
    expect(first).to_have_attribute("href", re.compile(r"/de/(articles/23|reporting)/"))
