"""Helpers for the browser tests: Chromium, servers, and the checkers the tests rely on.

The checkers are plain functions so that ``test_checkers.py`` can feed each one a page that
must fail (a console error, a broken link, a serious axe violation, a page the wrong role
reaches) and prove it reports it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from support import free_port

from quiz_app.i18n import translator

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REQUIRE_ENV = "NIS2_REQUIRE_BROWSER"
SHOTS_ENV = "NIS2_SCREENSHOTS"


def screenshot(page, name: str) -> None:
    """Save a README picture into $NIS2_SCREENSHOTS (``make screenshots``); else do nothing."""
    target = os.environ.get(SHOTS_ENV)
    if target:
        out = Path(target) if Path(target).is_absolute() else ROOT / target
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / name), full_page=False, animations="disabled")


# --- the static site -------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve a directory over HTTP on a free localhost port; yields the base URL ("/"-ended)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {"a": "href", "link": "href", "script": "src", "img": "src"}
        wanted = names.get(tag)
        for key, value in attrs:
            if key == wanted and value:
                self.hrefs.append(value)


@dataclass
class CrawlReport:
    """What a crawl of a site found: its HTML pages and every internal link that is broken."""

    pages: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # "<target> (linked from <page>): <reason>"


def crawl_site(base_url: str, start: str | None = None) -> CrawlReport:
    """Follow every internal link from ``start`` (default: the home page), like a reader.

    Each internal target (pages, stylesheets, scripts, images) is fetched once; a target that
    does not answer 200, or a page whose ``#anchor`` has no element with that id, is broken.
    """
    report = CrawlReport()
    seen: dict[str, tuple[int, bytes, str]] = {}
    queue = [(start or base_url, "(start)")]
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url, source = queue.pop()
        target, _, fragment = url.partition("#")
        if fragment:
            anchors.append((target, fragment, source))
        if target in seen:
            continue
        seen[target] = status, body, ctype = _fetch(target)
        if status != 200:
            report.broken.append(f"{target} (linked from {source}): HTTP {status}")
            continue
        if "html" not in ctype:
            continue
        report.pages.append(target)
        parser = _Links()
        parser.feed(body.decode("utf-8", "replace"))
        for href in parser.hrefs:
            absolute = urljoin(target, href)
            if absolute.startswith(base_url):
                queue.append((_normal(absolute), target))
    for target, fragment, source in anchors:
        status, body, ctype = seen[target]
        if status == 200 and "html" in ctype and not _has_id(body, fragment):
            report.broken.append(f"{target}#{fragment} (linked from {source}): no such anchor")
    report.pages.sort()
    return report


def _normal(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost only
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def _has_id(body: bytes, fragment: str) -> bool:
    text = body.decode("utf-8", "replace")
    return f'id="{fragment}"' in text or f"id={fragment}" in text or f'name="{fragment}"' in text


# --- problems a page shows in the browser ----------------------------------------------------


class PageProblems:
    """Collects console errors, uncaught exceptions, failed requests and HTTP errors of a page.

    A request aborted because the page navigated on (``net::ERR_ABORTED``) is not a problem;
    a missing file still is, through its HTTP status.
    """

    def __init__(self, page, ignore: Callable[[str], bool] | None = None) -> None:
        self.errors: list[str] = []
        self._ignore = ignore or (lambda _text: False)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self._add(f"uncaught: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _add(self, text: str) -> None:
        if not self._ignore(text):
            self.errors.append(text)

    def _console(self, message) -> None:
        if message.type == "error":
            self._add(f"console: {message.text} at {message.location.get('url', '?')}")

    def _failed(self, request) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" not in failure:
            self._add(f"failed: {request.url}: {failure}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._add(f"HTTP {response.status}: {response.url}")

    def take(self) -> list[str]:
        """The problems seen so far; the list starts empty again."""
        errors, self.errors = self.errors, []
        return errors


# --- accessibility ---------------------------------------------------------------------------

SERIOUS = ("serious", "critical")


@dataclass(frozen=True)
class AxeExclusion:
    """One axe rule ignored on one selector, for a cause we cannot change (say which)."""

    rule: str
    selector: str  # CSS: the violating element matches it or lies inside a match
    cause: str


def run_axe(page, exclusions: Iterable[AxeExclusion] = ()) -> list[str]:
    """Run axe-core on the page; every serious or critical violation not excluded, one a line.

    An exclusion drops a violation of its rule on an element that matches its CSS selector or
    lies inside one; every other rule still runs there, and the rule still runs elsewhere.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    rules = [{"rule": x.rule, "selector": x.selector} for x in exclusions]
    result = page.evaluate(
        """async (exclusions) => {
          const r = await axe.run(document, {resultTypes: ['violations']});
          const excluded = (id, target) => {
            if (target.length !== 1) return false;
            const el = document.querySelector(target[0]);
            return !!el && exclusions.some(x => x.rule === id && el.closest(x.selector));
          };
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.filter(n => !excluded(v.id, n.target)).map(n => ({
              target: JSON.stringify(n.target), impact: n.impact,
              html: n.html.slice(0, 160)}))}));
        }""",
        rules,
    )
    found = []
    for violation in result:
        for node in violation["nodes"]:
            impact = node["impact"] or violation["impact"]
            if impact in SERIOUS:
                found.append(
                    f"{page.url}: {violation['id']} ({impact}) {violation['help']}: "
                    f"{node['target']} {node['html']}"
                )
    return found


# --- the Streamlit app -----------------------------------------------------------------------


@dataclass
class AppServer:
    """A ``streamlit run quiz_app/app.py`` process on a free port with its own SQLite store."""

    url: str
    database_url: str
    process: subprocess.Popen
    log: Path

    def setup_token(self) -> str:
        """The one-time setup token the app printed to its log (while no admin exists)."""
        printed = re.findall(r"one-time setup token on the setup page: (\S+)", self.log.read_text())
        assert printed, f"no setup token in {self.log}"
        return printed[-1]

    def cli(
        self,
        *args: str,
        password: str | None = None,
        as_user: str | None = None,
        stdin: str | None = None,
    ):
        """Run ``python -m quiz_app`` against this app's store; returns the CompletedProcess."""
        env = {**os.environ, "NIS2_DATABASE_URL": self.database_url}
        if password is not None:
            env["NIS2_PASSWORD"] = password
        command = [sys.executable, "-m", "quiz_app"]
        if as_user:
            command += ["--as", as_user]
        return subprocess.run(
            [*command, *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )


@contextmanager
def run_app(
    workdir: Path, site_url: str, settings: dict[str, str] | None = None
) -> Iterator[AppServer]:
    """Start the app with a fresh store in ``workdir``; wait for /_stcore/health; kill it after.

    ``settings``: more environment variables for the app (e.g. ``NIS2_SESSION_IDLE_SECONDS``).
    """
    port = free_port()
    database_url = f"sqlite:///{workdir / 'app.db'}"
    env = {
        **os.environ,
        "NIS2_DATABASE_URL": database_url,
        "NIS2_SITE_URL": site_url,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(settings or {}),
    }
    log = workdir / "streamlit.log"
    # The app does not migrate its store: `db upgrade` first, as `make run` and a deployment do.
    subprocess.run(
        [sys.executable, "-m", "quiz_app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "quiz_app/app.py",
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--global.developmentMode=false",
        "--browser.gatherUsageStats=false",
        "--client.toolbarMode=viewer",  # no "Deploy" button in the screenshots
    ]
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield AppServer(url=url, database_url=database_url, process=process, log=log)
    finally:
        _stop(process)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is connected and its script has finished running."""
    page.wait_for_timeout(150)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )


def wait_for_rendered(page) -> None:
    """Wait until every table and chart on the page has drawn (before a screenshot)."""
    for frame in page.locator("[data-testid='stDataFrame']").all():
        frame.locator("canvas").first.wait_for()
    for chart in page.locator("[data-testid='stVegaLiteChart']").all():
        chart.locator("canvas, svg").first.wait_for()
    page.wait_for_timeout(500)


def open_app_page(page, app_url: str, url_path: str = "") -> None:
    """Open one page of the app by URL (a fresh load, as a user typing the address)."""
    page.goto(f"{app_url}/{url_path}")
    wait_for_app(page)


def log_in(page, app_url: str, username: str, password: str, language: str = "en") -> None:
    """Log in through the login form; the page then shows the role's default page.

    ``language``: the one the login page speaks (the browser's preference). The browser's
    session cookie is dropped first: a login lasts across reloads now, so without this the
    page would still show the previous account."""
    text = translator(language).gettext
    page.context.clear_cookies()
    open_app_page(page, app_url)
    page.get_by_role("textbox", name=text("Username"), exact=True).fill(username)
    page.get_by_role("textbox", name=text("Password"), exact=True).fill(password)
    page.get_by_role("button", name=text("Log in")).click()
    page.get_by_role("button", name=text("Log in")).wait_for(state="detached")
    wait_for_app(page)


# --- role checks -----------------------------------------------------------------------------

DENIED_MARKERS = ("Not allowed", "Page not found")


def switch_app_page(page, app_url: str, url_path: str) -> None:
    """Enter a page's URL in the logged-in tab, keeping the session (a reload would log out).

    Streamlit follows the browser history: after ``pushState`` + ``popstate`` it asks the
    server for the page at that URL path, as it does for the back button.
    """
    page.evaluate(
        "p => { history.pushState({}, '', p); window.dispatchEvent(new PopStateEvent('popstate')); }",
        f"/{url_path}",
    )
    wait_for_app(page)


def reachable_forbidden_pages(
    page,
    forbidden_url_paths: Iterable[str],
    enter_url: Callable[[str], None],
    settle_ms: int = 8_000,
) -> list[str]:
    """Enter each forbidden page's URL; list those that showed the page instead of a refusal.

    A page counts as refused when the app shows a guard error or page-not-found, or runs a
    different page (the URL no longer ends in the forbidden path). The app answers a moment
    after the URL changes, so a page counts as reached only when no refusal came within
    ``settle_ms``: a slow answer cannot pass for access.
    """
    reached = []
    for url_path in forbidden_url_paths:
        enter_url(url_path)
        deadline = time.monotonic() + settle_ms / 1000
        while not _refused(page, url_path):
            if time.monotonic() > deadline:
                reached.append(url_path)
                break
            page.wait_for_timeout(250)
    return reached


def _refused(page, url_path: str) -> bool:
    if not urlsplit(page.url).path.rstrip("/").endswith(f"/{url_path}"):
        return True
    text = page.locator("body").inner_text(timeout=10_000)
    return any(marker in text for marker in DENIED_MARKERS)


def wrongly_granted(pages, role, forbidden_url_paths: Iterable[str]) -> list[str]:
    """The forbidden URL paths a page registry would show to ``role`` (should be none)."""
    from quiz_app.authz import allowed

    forbidden = set(forbidden_url_paths)
    return [
        p.url_path
        for p in pages
        if p.url_path in forbidden and (p.action is None or allowed(role, p.action))
    ]


def dump(obj: object) -> str:
    """Compact JSON for assertion messages."""
    return json.dumps(obj, indent=1, default=str)


# --- driving Streamlit widgets ---------------------------------------------------------------


def go_to(page, title: str) -> None:
    """Open a page through the sidebar's navigation, as a user clicks it."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    wait_for_app(page)


def widget(page, testid: str, label: str):
    """The visible Streamlit widget of a kind (``stSelectbox``, ``stRadio`` …) with a label."""
    return (
        page.locator(f"[data-testid='{testid}']")
        .filter(visible=True)
        .filter(has=page.locator("[data-testid='stWidgetLabel']", has_text=label))
        .first
    )


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the visible select box labelled ``label``, typing it as a user does
    to narrow a long list: typing opens the list even when the first click landed while the
    page was still drawing (a list that never opened made the governance journey flaky)."""
    box = widget(page, "stSelectbox", label).locator("input")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def pick_radio(page, label: str, option: str) -> None:
    """Choose ``option`` in the visible radio group whose label contains ``label``."""
    group = widget(page, "stRadio", label)
    group.locator("label").filter(has_text=option).first.click()


def widget_text(page, label: str, testid: str = "stRadio"):
    """The visible widget labelled ``label`` (for assertions on its options)."""
    return widget(page, testid, label)


# --- labels a narrow screen cuts ---------------------------------------------------------------

# The header font and padding of Streamlit's data grid (Glide), read from its CSS variables.
_HEADER_TEXT_WIDTHS = """frame => {
    const style = getComputedStyle(frame.querySelector("canvas"));
    const font = style.getPropertyValue("--gdg-header-font-style") + " "
        + style.getPropertyValue("--gdg-font-family");
    const context = document.createElement("canvas").getContext("2d");
    context.font = font;
    const scroller = frame.querySelector(".dvn-scroller");
    return {
        padding: parseFloat(style.getPropertyValue("--gdg-cell-horizontal-padding")),
        headers: [...frame.querySelectorAll("th[role='columnheader']")].map(
            th => [th.textContent, context.measureText(th.textContent).width]),
        hidden: scroller ? scroller.scrollWidth - scroller.clientWidth : 0,
    };
}"""

# A label Streamlit shortens with "…" (metric labels, tab names, widget labels).
_ELLIPSISED = """main => [...main.querySelectorAll("*")].filter(e =>
    e.childElementCount === 0 && e.textContent.trim() && e.clientWidth > 0
    && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).textOverflow === "ellipsis"
).map(e => e.textContent.trim())"""


def _column_edges(png: bytes) -> list[int]:
    """The x of each vertical line across a table's header row (its borders and the lines
    between its columns), read from a screenshot of the row: a line is one colour from top to
    bottom, other than the background's; a header's text never spans the row's height."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    width, height = image.size
    rows = range(8, height - 8)  # clear of the rounded corners and the row's own borders
    background = image.getpixel((width // 2, 4))
    edges: list[int] = []
    for x in range(width):
        colours = {image.getpixel((x, y)) for y in rows}
        if len(colours) == 1 and colours != {background}:
            if edges and x - edges[-1] <= 1:
                edges[-1] = x  # a line two pixels wide
            else:
                edges.append(x)
    return edges


def cut_table_headers(page) -> list[str]:
    """The column headers of the page's tables that do not fit their column at this width (the
    grid clips them), and the tables whose columns run beyond the visible part (a hidden column
    needs a sideways scroll). Streamlit draws the grid on a canvas: the columns' edges come
    from a screenshot of the header row, the headers' widths from the grid's own font."""
    found = []
    for frame in page.locator("[data-testid='stDataFrame']").all():
        frame.scroll_into_view_if_needed()
        frame.locator("th[role='columnheader']").first.wait_for(state="attached")
        measured = frame.evaluate(_HEADER_TEXT_WIDTHS)
        box = frame.bounding_box()
        row = page.screenshot(clip={**box, "height": 35})
        edges = _column_edges(row)
        names = [name for name, _width in measured["headers"]]
        if measured["hidden"] > 0 or len(edges) != len(names) + 1:
            found.append(f"{names}: not every column visible ({len(edges) - 1} shown)")
            continue
        for (name, text), left, right in zip(measured["headers"], edges, edges[1:], strict=False):
            if left + measured["padding"] + text > right:
                found.append(f"{name!r}: {text:.0f} px of text in a {right - left} px column")
    return found


def ellipsised_labels(page) -> list[str]:
    """The texts in the page's main part that Streamlit shortens with an ellipsis."""
    return page.locator("[data-testid='stMain']").evaluate(_ELLIPSISED)
