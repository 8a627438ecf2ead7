"""MkDocs and Zensical build the same staged tree into sites with the same pages, no broken link."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, build_site
from test_site_tags import folded, listed_tags

from generator.linkcheck import broken_links, page_urls
from generator.site import zensical_installed

pytestmark = pytest.mark.slow
needs_zensical = pytest.mark.skipif(
    not zensical_installed(), reason="Zensical is not installed (pip install -e '.[zensical]')"
)


@pytest.fixture(scope="module")
def mkdocs_site(site: Path) -> Path:
    return site


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not zensical_installed():
        pytest.skip("Zensical is not installed (pip install -e '.[zensical]')")
    out = tmp_path_factory.mktemp("zensical") / "site-zensical"
    result = build_site(out, builder="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"site built into {out} (zensical)" in result.stdout
    return out


@needs_zensical
def test_both_builders_make_the_same_pages(mkdocs_site: Path, zensical_site: Path) -> None:
    mkdocs, zensical = page_urls(mkdocs_site), page_urls(zensical_site)
    assert sorted(mkdocs ^ zensical) == []
    assert {"", "measures/21-2-b/", "services/cloudtrail/", "articles/23/", "tags/"} <= zensical
    assert len(zensical) > 120


@needs_zensical
def test_no_internal_link_or_anchor_is_broken_in_the_zensical_site(zensical_site: Path) -> None:
    assert [str(b) for b in broken_links(zensical_site)] == []


@needs_zensical
def test_the_zensical_site_has_tooltips_tags_and_downloads(zensical_site: Path) -> None:
    measure = (zensical_site / "measures/21-2-j/index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Multi-factor authentication[^"]*">MFA</abbr>', measure)
    tags = (zensical_site / "tags/index.html").read_text(encoding="utf-8")
    assert tags.count('href="../measures/21-2-b/') >= 1
    assert (zensical_site / "downloads/nis2-aws.json").stat().st_size > 1000


def test_a_missing_zensical_is_a_one_line_error(tmp_path: Path) -> None:
    """Where Zensical is absent, `make site-zensical` says how to install it."""
    script = (
        "import sys, generator.site as s; s.zensical_installed = lambda: False; "
        "from generator.cli import main; "
        f"sys.exit(main(['site', '--builder', 'zensical', '--out', {str(tmp_path / 'z')!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Zensical is not installed (pip install -e '.[zensical]')" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "z").exists()


# --- the site in three languages ------------------------------------------------------------

LANGUAGE_ROOTS = {"en": "", "de": "de/", "fr": "fr/"}
SWITCH = re.compile(
    r'<a href="([^"]*)" hreflang="([a-z]{2})" lang="[a-z]{2}" class="md-select__link'
)
# rel=" alternate": the same token for search engines, not matched by Material's script (main.html)
HREFLANG = re.compile(r'<link rel=" alternate" href="([^"]*)" hreflang="([a-z-]+)">')
# mkdocs.yml's default site_url, which the test builds keep (tests/support.py).
SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(params=["mkdocs", "zensical"])
def any_site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_site")


def language_of(rel: str) -> tuple[str, str]:
    """'de/measures/21-2-b/index.html' -> ('de', 'measures/21-2-b/index.html')."""
    first, _, rest = rel.partition("/")
    return (first, rest) if first in ("de", "fr") and "/" in rel else ("en", rel)


def resolve(site: Path, page: Path, href: str) -> str:
    """The file ``href`` on ``page`` leads to, relative to the site's root."""
    base = site.resolve() if href.startswith("/") else page.parent.resolve()
    target = (base / href.lstrip("/")).resolve()
    if target.is_dir() or href.endswith("/"):
        target = target / "index.html"
    return target.relative_to(site.resolve()).as_posix()


def test_each_language_has_every_english_page_at_the_same_path(any_site: Path) -> None:
    urls = page_urls(any_site)
    english = {u for u in urls if language_of(u)[0] == "en"}
    assert {"", "measures/21-2-b/", "services/cloudtrail/", "articles/23/"} <= english
    for prefix in ("de/", "fr/"):
        assert {u.removeprefix(prefix) for u in urls if u.startswith(prefix)} == english


def test_the_switcher_leads_to_the_same_page_in_every_language(any_site: Path) -> None:
    wrong: list[str] = []
    pages = [p for p in any_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 3 * 120
    for page in pages:
        rel = page.relative_to(any_site).as_posix()
        _language, path = language_of(rel)
        html = page.read_text(encoding="utf-8")
        links = {code: href for href, code in SWITCH.findall(html)}
        expected = {code: f"{root}{path}" for code, root in LANGUAGE_ROOTS.items()}
        found = {code: resolve(any_site, page, href) for code, href in links.items()}
        if found != expected:
            wrong.append(f"{rel}: {found}")
    assert wrong == []


def test_every_page_names_itself_in_each_language_with_hreflang(any_site: Path) -> None:
    """Each page's head names the same page in English, German and French (and English as
    x-default), absolute under the site's address; no link to a language's home instead."""
    wrong: list[str] = []
    pages = [p for p in any_site.rglob("*.html") if p.name != "404.html"]
    for page in pages:
        rel = page.relative_to(any_site).as_posix()
        language, path = language_of(rel)
        url = path.removesuffix("index.html")
        html = page.read_text(encoding="utf-8")
        found = HREFLANG.findall(html)
        expected = [(f"{SITE_URL}{root}{url}", code) for code, root in LANGUAGE_ROOTS.items()]
        if sorted(found) != sorted([*expected, (f"{SITE_URL}{url}", "x-default")]):
            wrong.append(f"{rel}: {found}")
        if f'<html lang="{language}"' not in html:
            wrong.append(f"{rel}: not in {language}")
    assert wrong == []


def test_without_a_site_url_hreflang_leads_to_the_same_page_relatively(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = tmp_path_factory.mktemp("relative") / "site"
    result = build_site(site, site_url="")
    assert result.returncode == 0, result.stdout + result.stderr
    for rel in ("index.html", "de/measures/21-2-h/index.html", "fr/scope/index.html"):
        found = HREFLANG.findall((site / rel).read_text(encoding="utf-8"))
        assert not [href for href, _code in found if "://" in href], rel
        links = {code: resolve(site, site / rel, href) for href, code in found}
        path = language_of(rel)[1]
        expected = {code: f"{root}{path}" for code, root in LANGUAGE_ROOTS.items()}
        assert links == {**expected, "x-default": path}, rel


def test_search_tooltips_and_downloads_in_each_language(any_site: Path) -> None:
    index = next((any_site / "de").glob("search*/search_index.json"), any_site / "de/search.json")
    german = json.loads(index.read_text(encoding="utf-8"))
    assert german["config"]["lang"] == ["de"]
    assert "Verschlüsselung" in json.dumps(german, ensure_ascii=False)
    measure = (any_site / "de/measures/21-2-j/index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]*Authentifizierung[^"]*">MFA</abbr>', measure)
    french = (any_site / "fr/downloads/nis2-aws.csv").read_text(encoding="utf-8")
    assert "chiffrement" in french


def test_no_link_is_broken_in_any_language(any_site: Path) -> None:
    broken = [str(b) for b in broken_links(any_site)]
    assert broken == []
    assert (any_site / "de/sitemap.xml").is_file() and (any_site / "fr/index.html").is_file()


@pytest.mark.parametrize(
    ("code", "accented"),
    [("de", {"Änderungsmanagement", "Überwachung"}), ("fr", {"Établissement principal"})],
)
def test_the_tags_page_lists_tags_alphabetically_with_accents_folded(
    any_site: Path, code: str, accented: set[str]
) -> None:
    """'Änderungsmanagement' among the A's, 'Établissement principal' among the E's."""
    listed = listed_tags(any_site / code / "tags/index.html")
    assert accented <= set(listed), listed
    assert listed == sorted(listed, key=folded)
