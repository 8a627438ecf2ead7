"""The site on a laptop (1366x768) and a phone (390x844): every column of the matrices can be
scrolled into view inside its box, the header row stays visible while the rows scroll under
it, the first column stays put, and pages do not spill sideways. Takes the screenshots of
docs/screenshots/ (``make screenshots``)."""

from __future__ import annotations

import re

import pytest
from browser_support import run_axe, screenshot
from playwright.sync_api import expect
from support import TEST_REPO_URL
from test_site_journeys import SITE_AXE_EXCLUSIONS

pytestmark = pytest.mark.browser

SCREENS = {"1366": (1366, 768), "390": (390, 844)}

# For each scroll box: scroll to each header cell and check it lies inside the box; then scroll
# to the bottom and check the header row and the first column are still where they started.
REACH = """
(box) => {
  const inside = (el) => {
    const b = box.getBoundingClientRect(), r = el.getBoundingClientRect();
    return r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1
      && r.bottom <= b.bottom + 1 && r.width > 0;
  };
  const heads = [...box.querySelectorAll('thead th')];
  const first = heads[0];
  const firstWidth = first.getBoundingClientRect().width;
  const unreachable = [];
  for (const th of heads) {
    const left = th.getBoundingClientRect().left - box.getBoundingClientRect().left;
    box.scrollLeft = Math.max(0, box.scrollLeft + left - firstWidth);
    box.scrollTop = box.scrollHeight;
    if (!inside(th)) unreachable.push(th.textContent.trim());
  }
  box.scrollLeft = box.scrollWidth;
  box.scrollTop = box.scrollHeight;
  const lastRow = box.querySelector('tbody tr:last-child');
  const result = {
    columns: heads.length,
    unreachable,
    scrolledDown: box.scrollTop,
    headerTop: first.getBoundingClientRect().top - box.getBoundingClientRect().top,
    firstCellVisible: inside(lastRow.querySelector('td')),
    lastCellVisible: inside(lastRow.querySelector('td:last-child')),
  };
  box.scrollLeft = 0;
  box.scrollTop = 0;
  return result;
}
"""


def _check_matrices(page, expected_columns: int) -> list[dict]:
    boxes = page.locator(".nis2-matrix")
    assert boxes.count() > 0
    results = []
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        result = box.evaluate(REACH)
        assert result["columns"] == expected_columns
        assert result["unreachable"] == [], result
        assert abs(result["headerTop"]) <= 2, f"header scrolled away: {result}"
        assert result["firstCellVisible"] and result["lastCellVisible"], result
        results.append(result)
    return results


def _frame(page, box, top: int, left: int) -> None:
    """Scroll the page to the box and the box to a place that shows the sticky parts at work
    (scrolling down last, so that Material's "Back to top" button stays away)."""
    page.evaluate("window.scrollTo(0, 0)")
    box.evaluate(
        "(b, [top, left]) => { window.scrollTo(0, b.getBoundingClientRect().top - 150);"
        " b.scrollTop = top; b.scrollLeft = left; }",
        [top, left],
    )
    page.mouse.wheel(0, 1)
    page.wait_for_timeout(300)


def _page_does_not_spill(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


@pytest.mark.parametrize("screen", SCREENS)
def test_matrix_columns_reachable_header_sticky_screenshot(page, site_url: str, screen) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    page.goto(site_url + "matrix/")
    expect(page.get_by_role("heading", name="Measures × services", level=1)).to_be_visible()
    results = _check_matrices(page, expected_columns=11)
    # the long tables really scroll inside their box (else "sticky" proves nothing)
    assert max(r["scrolledDown"] for r in results) > 0
    compact = page.locator(".nis2-compact")
    if screen == "390":
        expect(compact).to_be_visible()
        compact.get_by_text("(b) Incident handling").click()
        expect(compact.get_by_role("link", name="AWS CloudTrail", exact=True)).to_be_visible()
    else:
        expect(compact).to_be_hidden()
    _page_does_not_spill(page)
    tallest = page.evaluate(
        "(() => { const h = [...document.querySelectorAll('.nis2-matrix')]"
        ".map(b => b.scrollHeight - b.clientHeight); return h.indexOf(Math.max(...h)); })()"
    )
    _frame(page, page.locator(".nis2-matrix").nth(tallest), top=160, left=160)
    screenshot(page, f"site-matrix-{screen}.png")


@pytest.mark.parametrize("screen", SCREENS)
def test_responsibility_matrix_reachable_screenshot(page, site_url: str, screen) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    page.goto(site_url + "responsibility/")
    _check_matrices(page, expected_columns=4)
    # no column is squeezed to one word per line: each text cell keeps a readable width
    narrowest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.nis2-text td:not(:first-child)')]"
        ".map(td => td.getBoundingClientRect().width))"
    )
    assert narrowest >= 150
    _page_does_not_spill(page)
    _frame(page, page.locator(".nis2-matrix").first, top=200, left=120)
    screenshot(page, f"site-responsibility-{screen}.png")


@pytest.mark.parametrize("screen", SCREENS)
def test_measure_page_menu_and_breadcrumbs_screenshot(page, site_url: str, screen) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    page.goto(site_url + "measures/21-2-e/")
    expect(page.locator("h1")).to_contain_text("(e) ")
    _page_does_not_spill(page)
    edit = page.get_by_role("link", name="Edit the data behind this page: data/measures.yaml")
    expect(edit).to_have_attribute("href", f"{TEST_REPO_URL}/edit/main/data/measures.yaml")
    if screen == "1366":
        nav = page.locator("nav.md-nav--primary")
        expect(nav.get_by_role("link", name="(e) Secure dev. & vulnerabilities")).to_be_visible()
        expect(page.locator(".md-path")).to_contain_text("Measures")
    screenshot(page, f"site-measure-{screen}.png")


def test_home_page_has_the_site_menu(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_url)
    nav = page.locator("nav.md-nav--primary")
    expect(nav.get_by_role("link", name="Measures", exact=True).first).to_be_visible()
    expect(page.locator("link[rel='icon']")).to_have_attribute(
        "href", re.compile(r"assets/favicon\.svg$")
    )


@pytest.mark.parametrize(
    ("path", "screen"),
    [
        ("matrix/", "1366"),
        ("matrix/", "390"),
        ("responsibility/", "1366"),
        ("responsibility/", "390"),
        ("", "1366"),
    ],
)
def test_new_layouts_have_no_serious_accessibility_violation(
    page, axe, site_url: str, screen, path
) -> None:
    # The home page at 390 px is left out: its key-dates table scrolls in Material's own
    # wrapper, which axe finds not keyboard-focusable (scrollable-region-focusable); that
    # predates this layout work and is reported to be fixed separately.
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    page.goto(site_url + path)
    assert run_axe(page, SITE_AXE_EXCLUSIONS) == []
