"""Sessions in a real browser: a reload, a second tab and a logout elsewhere behave as a user
expects, and an idle session ends. Each test sets up what it needs (runs alone)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import (
    ROOT,
    AppServer,
    go_to,
    log_in,
    open_app_page,
    pick_radio,
    run_app,
    wait_for_app,
)
from playwright.sync_api import expect

from kb.load import load
from quiz_app.core.question_bank import asked_questions

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PEOPLE_CSV = ROOT / "tests" / "fixtures" / "people-20.csv"
IDLE_SECONDS = 6


def _accounts(app: AppServer) -> None:
    """An admin and ``staff1`` (person E003), through the command line; once per store."""
    if app.cli("users", "list", as_user="admin", password=PASSWORD).returncode == 0:
        return
    steps = [
        (("users", "add", "--username", "admin", "--role", "admin", "--password-stdin"), None),
        (("people", "import", str(PEOPLE_CSV)), "admin"),
        (("users", "add", "--username", "staff1", "--role", "staff", "--person", "E003",
          "--password-stdin"), "admin"),
    ]  # fmt: skip
    for args, as_user in steps:
        done = app.cli(*args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def ready(app) -> AppServer:
    _accounts(app)
    return app


@pytest.fixture(scope="module")
def idle_app(tmp_path_factory: pytest.TempPathFactory, site_url: str) -> Iterator[AppServer]:
    """A second app whose sessions end after a few idle seconds."""
    settings = {"NIS2_SESSION_IDLE_SECONDS": str(IDLE_SECONDS)}
    with run_app(tmp_path_factory.mktemp("idle-app"), site_url, settings) as server:
        _accounts(server)
        yield server


def _logged_in(page) -> None:
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", name="Log in")).to_have_count(0)


def _login_page_says(page, reason: str) -> None:
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text(reason)).to_be_visible()


def test_a_reload_keeps_the_login_and_every_answer_given(page, ready) -> None:
    kb = load()
    staff = asked_questions(kb, "staff", "Cloud Engineer")  # E003's job role
    log_in(page, ready.url, "staff1", PASSWORD)
    go_to(page, "Self-assessment")
    for q in staff[:3]:
        pick_radio(page, " ".join(q.text.split()[:7]), q.options[0].text)
        wait_for_app(page)
    page.reload()  # F5: a new connection, no "Save draft" pressed
    wait_for_app(page)
    _logged_in(page)
    expect(page.get_by_text(f"3 of {len(staff)} questions answered")).to_be_visible()
    expect(page.get_by_text("Resumed your draft saved on")).to_be_visible()


def test_a_second_tab_is_logged_in_and_a_logout_there_ends_the_first(context, page, ready) -> None:
    log_in(page, ready.url, "staff1", PASSWORD)
    _logged_in(page)
    second = context.new_page()
    open_app_page(second, ready.url)
    _logged_in(second)
    second.get_by_role("button", name="Log out").click()
    wait_for_app(second)
    expect(second.get_by_role("heading", name="Log in")).to_be_visible()
    go_to(page, "Scope checker")  # the first tab's next action
    _login_page_says(page, "You logged out (in this or another tab or window); log in again.")
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_an_idle_session_ends_and_the_login_says_so(page, idle_app) -> None:
    log_in(page, idle_app.url, "staff1", PASSWORD)
    _logged_in(page)
    page.wait_for_timeout((IDLE_SECONDS + 1) * 1000)
    go_to(page, "Scope checker")
    _login_page_says(page, "Your session expired; log in again.")


def test_the_cookie_is_strict_scoped_to_the_app_and_holds_no_account_id(context, page, ready):
    log_in(page, ready.url, "staff1", PASSWORD)
    [cookie] = [c for c in context.cookies() if c["name"] == "nis2_session"]
    assert (cookie["sameSite"], cookie["path"], cookie["secure"]) == ("Strict", "/", False)
    assert len(cookie["value"]) >= 40
