"""Browser fixtures: Debian's Chromium through Playwright, the built site, the running app.

The tests skip only when /usr/bin/chromium (or axe-core from ``npm ci``) is missing and
NIS2_REQUIRE_BROWSER is unset; CI sets it, so there a missing browser fails the run instead
of hiding it. One site build per session; one app server (own SQLite store) per test module.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    AXE_JS,
    REQUIRE_ENV,
    ROOT,
    AppServer,
    crawl_site,
    run_app,
    serve_directory,
)
from playwright.sync_api import expect
from support import build_site

# Streamlit reruns take a moment on a busy 2-core machine; Playwright's default is 5 s.
expect.set_options(timeout=20_000)


def _missing(what: str, how: str) -> None:
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{REQUIRE_ENV} is set but {what} is missing ({how})")
    pytest.skip(f"{what} is missing ({how})")


@pytest.fixture(scope="session")
def axe() -> Path:
    """axe-core's script, installed from package-lock.json by ``npm ci``."""
    if not AXE_JS.exists():
        _missing(str(AXE_JS.relative_to(ROOT)), "npm ci")
    return AXE_JS


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session as ``make site`` builds it (with edit links to
    the example repository ``TEST_REPO_URL``)."""
    out = tmp_path_factory.mktemp("browser-site") / "site"
    result = build_site(out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served on a free localhost port."""
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def site_crawl(site_url: str):
    """Every page reachable from the home page, and every broken internal link (one crawl)."""
    return crawl_site(site_url)


@pytest.fixture
def context(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> object:
    return context.new_page()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, site_url: str) -> Iterator[AppServer]:
    """The app under ``streamlit run`` with a fresh store, for one test module."""
    with run_app(tmp_path_factory.mktemp("app"), site_url) as server:
        yield server
