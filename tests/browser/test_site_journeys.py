"""The site in a real browser: the reader's journeys, search, tooltips, and clean pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from browser_support import AxeExclusion, PageProblems, dump, run_axe, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Material's own markup, which we do not write and cannot configure.
SITE_AXE_EXCLUSIONS = [
    AxeExclusion(
        "aria-dialog-name",
        ".md-search",
        "Material's partials/search.html renders <div class=md-search role=dialog> without "
        "an accessible name (squidfunk/mkdocs-material); the search input inside is labelled.",
    ),
    AxeExclusion(
        "aria-progressbar-name",
        ".md-progress",
        "navigation.instant.progress: Material's base.html renders <div class=md-progress "
        "role=progressbar> without an accessible name; a thin bar shown only while a page loads.",
    ),
]


def test_home_to_measure_to_service_and_back_screenshot(page, site_url: str) -> None:
    page.goto(site_url)
    expect(page.get_by_role("heading", name="NIS 2 × AWS knowledge base")).to_be_visible()
    screenshot(page, "site-home.png")
    page.get_by_role("article").get_by_role("link", name="ten areas of Art. 21(2)").click()
    page.get_by_role("article").get_by_role("link", name="Incident handling").click()
    expect(page).to_have_url(re.compile(r"/measures/21-2-b/$"))
    expect(page.get_by_role("heading", name="(b) Incident handling")).to_be_visible()
    screenshot(page, "site-measure.png")
    page.get_by_role("article").get_by_role("link", name="AWS CloudTrail", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/services/cloudtrail/$"))
    expect(page.get_by_role("heading", name=re.compile("CloudTrail"), level=1)).to_be_visible()
    backlink = page.get_by_role("link", name=re.compile(r"Art\. 21\(2\)\(b\) Incident handling"))
    expect(backlink).to_be_visible()
    backlink.first.click()
    expect(page).to_have_url(re.compile(r"/measures/21-2-b/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/services/cloudtrail/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/measures/21-2-b/$"))
    expect(page.get_by_role("heading", name="(b) Incident handling")).to_be_visible()


def test_search_finds_incident_and_mfa(page, site_url: str) -> None:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    for term, expected in (("incident", "incident"), ("MFA", "MFA")):
        box.click()
        box.fill("")
        # Typed key by key as a reader does: Material reacts to keyboard events, and a
        # programmatic fill can arrive before its search worker listens.
        box.press_sequentially(term, delay=30)
        expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching"))
        results = page.locator(".md-search-result__item")
        expect(results.first).to_be_visible()
        expect(results.first).to_contain_text(expected, ignore_case=True)


def test_glossary_abbreviation_shows_a_tooltip(page, site_url: str) -> None:
    page.goto(site_url + "measures/21-2-j/")
    abbr = page.locator("article abbr[title]").first
    expect(abbr).to_be_visible()
    title = abbr.get_attribute("title")
    assert title
    abbr.hover()
    tooltip = page.locator(".md-tooltip--active, [role='tooltip']").first
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(title.split()[0])


def test_every_internal_link_resolves(site_crawl, site_dir, site_url: str) -> None:
    sitemap = set(re.findall(r"<loc>(.*?)</loc>", (site_dir / "sitemap.xml").read_text()))
    listed = {re.sub(r"^https?://[^/]+/", site_url, loc) for loc in sitemap}
    assert site_crawl.broken == []
    assert len(site_crawl.pages) > 100
    assert listed - set(site_crawl.pages) == set(), "pages no link leads to"


@dataclass
class SitePass:
    """One visit of every page: what the browser reported and what axe found."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    missing_heading: list[str] = field(default_factory=list)


# The German and French sites use the same templates as the English one: every English page is
# visited, and in the other languages the pages whose layout differs (home, a measure, the
# matrices); the crawl above still fetches every page of every language for broken links.
SAMPLE_IN_EACH_LANGUAGE = ("", "measures/21-2-h/", "matrix/", "responsibility/")


def pages_to_visit(site_url: str, pages: list[str]) -> list[str]:
    """Every English page, and the sample pages of each other language."""
    others = [f"{site_url}{code}/" for code in ("de", "fr")]
    english = [url for url in pages if not url.startswith(tuple(others))]
    sample = [f"{root}{path}" for root in others for path in SAMPLE_IN_EACH_LANGUAGE]
    return english + [url for url in sample if url in pages]


@pytest.fixture(scope="module")
def site_pass(browser, axe, site_url: str, site_crawl) -> SitePass:
    """Visit every page once (the slow part), checking errors and accessibility together."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = PageProblems(page)
    result = SitePass()
    try:
        for url in pages_to_visit(site_url, site_crawl.pages):
            page.goto(url, wait_until="load")
            if not page.locator("article h1").count():
                result.missing_heading.append(url)
            result.violations += run_axe(page, SITE_AXE_EXCLUSIONS)
            if problems.errors:
                result.problems[url] = problems.take()
    finally:
        context.close()
    return result


def test_every_page_loads_without_console_errors_or_failed_requests(site_pass) -> None:
    assert site_pass.problems == {}, dump(site_pass.problems)
    assert site_pass.missing_heading == []


def test_every_page_has_no_serious_accessibility_violation(site_pass) -> None:
    assert site_pass.violations == [], "\n".join(site_pass.violations)
