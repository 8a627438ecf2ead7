"""The deployment of docs/deploy.md, proven on this machine: PostgreSQL, two app replicas and
nginx with the project's own configuration; a manager works through nginx, the replica that
serves them stops, and they carry on on the other one.
"""

from __future__ import annotations

import re
import time
import urllib.request
from pathlib import Path

import pytest
import topology
from playwright.sync_api import expect

from kb.load import load
from tests.browser.browser_support import go_to, log_in, pick_radio, wait_for_app
from tests.deploy.conftest import PASSWORD, Deployment

pytestmark = [pytest.mark.deploy, pytest.mark.browser, pytest.mark.slow]

SESSION_COOKIE = "nis2_session"  # server-side sessions (issue 14, item 1)
ANSWERED = 3


# Streamlit's states on its root element, recorded: after the replica stops, the page must
# lose its connection and reconnect (to the other replica). Streamlit keeps showing the page
# it had; the user's next click runs the script on the other replica.
WATCH_STATES = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const state = () => app.getAttribute('data-test-connection-state') + '/' +
    app.getAttribute('data-test-script-state');
  window.nis2States = [state()];
  new MutationObserver(() => window.nis2States.push(state()))
    .observe(app, {attributes: true});
}"""
RECONNECTED = """() => {
  const s = window.nis2States;
  return s.some(x => !x.startsWith('CONNECTED/')) && s[s.length - 1] === 'CONNECTED/notRunning';
}"""


def _governance(kb) -> list:
    return [q for q in kb.questions if q.track == "management" and q.section.startswith("Gov")]


def _track(kb) -> list:
    return [q for q in kb.questions if q.track == "management"]


def _answer(page, questions) -> None:
    """Pick each question's first option, as a manager rating their maturity would."""
    for q in questions:
        pick_radio(page, " ".join(q.text.split()[:7]), q.options[0].text)
        wait_for_app(page)


def _open_management_track(page) -> None:
    go_to(page, "Self-assessment")
    pick_radio(page, "Track", "Management body (maturity)")
    wait_for_app(page)


def _serving(deployment: Deployment, since: float = 0.0) -> set[str]:
    """The replicas nginx sent the app's requests to, if they started after ``since``
    (epoch seconds)."""
    return {
        s.upstream
        for s in topology.served(deployment.access_log)
        if s.upstream and s.started >= since
    }


def _wait_for_requests_to(deployment: Deployment, address: str, since: float) -> None:
    deadline = time.monotonic() + 60
    while address not in _serving(deployment, since):
        assert time.monotonic() < deadline, "the browser never reached the other replica"
        time.sleep(0.25)


def test_site_at_the_root_and_app_under_app_through_nginx(deployment: Deployment) -> None:
    with urllib.request.urlopen(f"{deployment.url}/", timeout=10) as response:  # noqa: S310
        assert "NIS 2" in response.read().decode("utf-8")
    with urllib.request.urlopen(f"{deployment.app_url}/_stcore/health", timeout=10) as r:  # noqa: S310
        assert r.read() == b"ok"


def test_a_manager_carries_on_when_the_replica_serving_them_stops(
    deployment: Deployment, browser, tmp_path: Path
) -> None:
    kb = load()
    questions = _governance(kb)[:ANSWERED]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(f"{deployment.url}/")
        expect(page.locator("article h1").first).to_be_visible()
        log_in(page, deployment.app_url, "manager1", PASSWORD)
        _open_management_track(page)
        _answer(page, questions)
        # Until per-answer autosave lands, the manager saves the draft before the failure.
        page.get_by_role("button", name="Save draft").click()
        wait_for_app(page)
        expect(page.get_by_text(f"Draft saved ({ANSWERED} answers)")).to_be_visible()
        had_session_cookie = any(c["name"] == SESSION_COOKIE for c in context.cookies())

        # Every request of this browser went to one replica (nginx pins a client address).
        (first,) = _serving(deployment)
        serving = deployment.replica_at(first)
        (other,) = [r for r in deployment.replicas if r is not serving]
        page.evaluate(WATCH_STATES)
        killed_at = time.time()
        topology.kill(serving)
        _wait_for_requests_to(deployment, other.address, killed_at)
        page.wait_for_function(RECONNECTED, timeout=60_000)

        go_to(page, "Home")  # the manager carries on where they were
        login = page.get_by_role("heading", name="Log in")
        expect(login.or_(page.get_by_role("heading", name="NIS 2 self-assessment"))).to_be_visible()
        logged_out = login.count() > 0
        if logged_out:  # the login lived in the stopped replica's memory
            log_in(page, deployment.app_url, "manager1", PASSWORD)

        _open_management_track(page)
        expect(
            page.get_by_text(re.compile(rf"Resumed your draft .*\({ANSWERED} answers\)"))
        ).to_be_visible()
        expect(
            page.get_by_text(f"{ANSWERED} of {len(_track(kb))} questions answered")
        ).to_be_visible()
        page.get_by_role("button", name="Submit assessment").click()
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Results", exact=True)).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download report (PDF)").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        assert _serving(deployment, killed_at) == {other.address}
    except Exception:
        print(f"the page at {page.url} showed:\n{page.locator('body').inner_text()[:1000]}")
        raise
    finally:
        context.close()

    assert had_session_cookie, f"no {SESSION_COOKIE} cookie after the login"
    assert not logged_out, "logged out when the replica changed, despite the session cookie"
