"""MkDocs and Zensical build the same staged tree into sites with the same pages, no broken link."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, build_site

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
