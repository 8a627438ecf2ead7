"""The site in a real browser: the reader's journeys, search, tooltips, and clean pages."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import PageProblems
from playwright.sync_api import expect

SHOTS = os.environ.get("NIS2_SCREENSHOTS")


def _shot(page: object, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=False)  # type: ignore[attr-defined]


def test_home_to_measure_to_service_and_back_screenshot(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url)
    expect(page.get_by_role("heading", name="NIS 2 × AWS knowledge base")).to_be_visible()
    _shot(page, "site-home.png")
    page.get_by_role("article").get_by_role("link", name="ten areas of Art. 21(2)").click()
    page.get_by_role("article").get_by_role("link", name="Incident handling").click()
    expect(page).to_have_url(re.compile(r"/measures/21-2-b/$"))
    expect(page.get_by_role("heading", name="(b) Incident handling")).to_be_visible()
    _shot(page, "site-measure.png")
    page.get_by_role("article").get_by_role("link", name="AWS CloudTrail", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/services/cloudtrail/$"))
    backlink = page.get_by_role("link", name=re.compile(r"Art\. 21\(2\)\(b\) Incident handling"))
    expect(backlink).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/measures/21-2-b/$"))


def test_search_finds_incident_and_mfa(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    for term in ("incident", "MFA"):
        box.click()
        box.press_sequentially(term, delay=30)
        results = page.locator(".md-search-result__item")
        expect(results.first).to_be_visible(timeout=20_000)
        expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching"))
        box.fill("")


def test_glossary_abbreviation_shows_a_tooltip(page, site_url: str) -> None:
    page.goto(site_url + "measures/21-2-j/")
    abbr = page.locator("article abbr[title]").first
    expect(abbr).to_be_visible()
    title = abbr.get_attribute("title")
    abbr.hover()
    tooltip = page.locator(".md-tooltip--active, [role='tooltip']").first
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(title.split()[0])


def test_every_navigation_page_loads_without_errors(page, site_url: str) -> None:
    page.goto(site_url)
    hrefs = page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )
    # Pruned navigation only lists top sections on the home page: add each section's pages.
    pages = {h.split("#")[0] for h in hrefs if h.startswith(site_url)}
    for section in ("articles/", "measures/", "services/"):
        page.goto(site_url + section)
        pages |= {
            h.split("#")[0]
            for h in page.eval_on_selector_all("article a[href]", "ls => ls.map(a => a.href)")
            if h.startswith(site_url + section)
        }
    assert len(pages) > 100
    problems = PageProblems(page)
    for url in sorted(pages):
        page.goto(url, wait_until="load")
        expect(page.locator("article h1")).to_be_visible()
    assert problems.errors == []


def test_the_problem_collector_reports_errors(page, site_url: str) -> None:
    problems = PageProblems(page)
    page.goto(site_url)
    page.evaluate("setTimeout(() => { throw new Error('boom'); }, 0)")
    page.evaluate("console.error('broken widget')")
    page.goto(site_url + "no-such-page/")
    page.wait_for_timeout(200)
    joined = "\n".join(problems.errors)
    assert "boom" in joined
    assert "broken widget" in joined
    assert "HTTP 404" in joined
