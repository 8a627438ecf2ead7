"""Browser fixtures: the built site served on localhost and Debian's Chromium via Playwright.

The tests skip only when /usr/bin/chromium is missing and NIS2_REQUIRE_BROWSER is unset;
CI sets it, so there a missing browser fails the run instead of hiding it.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("NIS2_REQUIRE_BROWSER"):
            pytest.fail("NIS2_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site, built strictly and served on a free localhost port."""
    out = tmp_path_factory.mktemp("browser-site") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    def __init__(self, page: object) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))  # type: ignore[attr-defined]
        page.on("requestfailed", self._failed)  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]

    def _failed(self, request: object) -> None:
        reason = request.failure or ""  # type: ignore[attr-defined]
        if "ERR_ABORTED" not in reason:  # cancelled by leaving the page, not broken
            self.errors.append(f"failed: {request.url} ({reason})")  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            self.errors.append(f"console: {message.text}")  # type: ignore[attr-defined]

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.errors.append(f"HTTP {response.status}: {response.url}")  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
