"""The real data builds a strict MkDocs site whose every internal link and anchor resolves."""

from __future__ import annotations

import html as html_module
import re
import shutil
from pathlib import Path

import pytest
from support import DATA
from support import build_site as _site

from generator.linkcheck import broken_links

pytestmark = pytest.mark.slow


def test_strict_build_has_every_page_with_stable_urls(site: Path) -> None:
    for url in (
        "index.html",
        "articles/23/index.html",
        "articles/20/index.html",
        "measures/21-2-b/index.html",
        "services/cloudtrail/index.html",
        "scope/index.html",
        "reporting/index.html",
        "matrix/index.html",
        "responsibility/index.html",
        "certifications/index.html",
        "glossary/index.html",
        "tags/index.html",
        "search/search_index.json",
    ):
        assert (site / url).is_file(), url
    for letter in "abcdefghij":
        assert (site / f"measures/21-2-{letter}/index.html").is_file()


def test_no_internal_link_or_anchor_is_broken(site: Path) -> None:
    assert [str(b) for b in broken_links(site)] == []


def test_glossary_abbreviations_become_tooltips(site: Path) -> None:
    """On generated and hand-written pages alike, each abbreviation carries its definition."""
    from generator.render import abbreviation_glossary
    from kb.load import load

    glossary = abbreviation_glossary(load(DATA))
    for page in ("measures/21-2-j/index.html", "index.html"):
        html = (site / page).read_text(encoding="utf-8")
        shown = re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', html)
        assert shown, page
        for title, term in shown:
            assert html_module.unescape(title) == glossary[term], (page, term)
    mfa = (site / "measures/21-2-j/index.html").read_text(encoding="utf-8")
    assert ">MFA</abbr>" in mfa


def test_measure_page_has_tabs_and_backlinked_services(site: Path) -> None:
    html = (site / "measures/21-2-b/index.html").read_text(encoding="utf-8")
    assert "AWS secures" in html and "You must" in html
    service = (site / "services/cloudtrail/index.html").read_text(encoding="utf-8")
    assert "../../measures/21-2-b/" in service


def test_pruned_navigation_keeps_pages_light(site: Path) -> None:
    """With navigation.prune, a page does not carry links to every service page."""
    html = (site / "articles/23/index.html").read_text(encoding="utf-8")
    services = [p.parent.name for p in (site / "services").glob("*/index.html")]
    linked = [s for s in services if f"services/{s}/" in html]
    assert len(linked) < len(services) / 2


def test_invalid_data_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    broken = (
        (data / "services.yaml").read_text(encoding="utf-8").replace("id: cloudtrail", "id: ct", 1)
    )
    (data / "services.yaml").write_text(broken, encoding="utf-8")
    result = _site(out, data)
    assert result.returncode == 2
    assert "unknown service 'cloudtrail'" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "previous site"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_link_checker_catches_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2><a href="#here">ok</a>')
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#gone">bad anchor</a>'
        '<a href="missing/">bad page</a><a href="https://example.org/x">external</a>'
    )
    assert [str(b) for b in broken_links(tmp_path)] == [
        "index.html: a/#gone: no anchor 'gone'",
        "index.html: missing/: no such page or file",
    ]


def test_many_services_in_a_category_build_strict_and_keep_service_pages_light(
    tmp_path: Path,
) -> None:
    """At five times the services, a long category gets its own page instead of a long list
    in the navigation of each of its services' pages."""
    from bench.synthetic import write_scaled
    from generator.render import NAV_SERVICES_PER_CATEGORY, category_page
    from kb.load import load

    data = write_scaled(5, tmp_path / "data")
    kb = load(data)
    counts: dict[str, int] = {}
    for s in kb.services:
        counts[s.category] = counts.get(s.category, 0) + 1
    large = [c for c, n in counts.items() if n > NAV_SERVICES_PER_CATEGORY]
    assert large, "the scaled data should have a category too long for the navigation"
    out = tmp_path / "site"
    result = _site(out, data)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert broken_links(out) == []
    category = large[0]
    listing = out / category_page(category).removesuffix(".md") / "index.html"
    html = listing.read_text(encoding="utf-8")
    members = [s.id for s in kb.services if s.category == category]
    assert all(f'href="../../{sid}/"' in html for sid in members)
    service = (out / "services" / members[0] / "index.html").read_text(encoding="utf-8")
    assert sum(f"services/{sid}/" in service for sid in members) < 5
