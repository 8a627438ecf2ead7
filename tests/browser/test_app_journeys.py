"""The app in a real browser: each kind of user's journey, end to end, on one fresh store.

The tests run in file order on one app server (one store): first start, the admin's set-up,
then staff, manager and trainer journeys, the role check, the keyboard check and axe on
every page. ``make screenshots`` runs only the ``screenshot`` tests; ``staffed`` then sets
the store up through the CLI instead of the admin's journey.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from browser_support import (
    PageProblems,
    ROOT,
    choose,
    go_to,
    log_in,
    open_app_page,
    pick_radio,
    reachable_forbidden_pages,
    run_axe,
    screenshot,
    switch_app_page,
    wait_for_app,
    wrongly_granted,
)
from playwright.sync_api import expect

from generator.load import load
from quiz_app import navigation
from quiz_app.authz import Role

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PEOPLE_CSV = ROOT / "tests" / "fixtures" / "people-20.csv"
# Person E001 is a member of the management body, E003 an engineer in IT, E004 in IT too.
ACCOUNTS = {
    "trainer1": ("trainer", "E004"),
    "staff1": ("staff", "E003"),
    "manager1": ("manager", "E001"),
}
# Never for staff, whatever the registry says (the registry is checked against this too).
STAFF_NEVER = {"trainer", "people", "accounts", "audit", "team"}


@pytest.fixture(scope="module")
def kb():
    return load()


def test_first_start_offers_only_the_first_admin_and_creates_it(page, app) -> None:
    open_app_page(page, app.url)
    expect(page.get_by_role("heading", name="Create the first admin account")).to_be_visible()
    expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
    open_app_page(page, app.url, "trainer")  # nothing else answers, even by URL
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", name="Create the first admin account")).to_be_visible()
    page.get_by_role("textbox", name="Username", exact=True).fill("admin")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create admin").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    log_in(page, app.url, "admin", PASSWORD)
    expect(page.get_by_text("You are logged in as admin")).to_be_visible()


def test_admin_imports_people_and_creates_trainer_staff_and_manager_accounts(page, app) -> None:
    log_in(page, app.url, "admin", PASSWORD)
    go_to(page, "People")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(PEOPLE_CSV)
    expect(page.get_by_text(PEOPLE_CSV.name)).to_be_visible()
    page.get_by_role("button", name="Import").click()
    wait_for_app(page)
    expect(page.get_by_text(f"Imported {PEOPLE_CSV.name}")).to_be_visible()
    expect(page.get_by_role("heading", name="Everyone (20)")).to_be_visible()
    go_to(page, "Accounts")
    for username, (role, person) in ACCOUNTS.items():
        page.get_by_role("textbox", name="Username", exact=True).fill(username)
        choose(page, "Role", role)
        page.get_by_role("textbox", name="Password (leave empty for SSO only)").fill(PASSWORD)
        choose(page, "Person", f"{person} - ")
        page.get_by_role("button", name="Create account").click()
        wait_for_app(page)
        expect(page.get_by_text("Saved.")).to_be_visible()
    listed = app.cli("users", "list", as_user="admin", password=PASSWORD)
    assert listed.returncode == 0, listed.stderr
    for username, (role, _person) in ACCOUNTS.items():
        assert re.search(rf"{username}\s.*{role}", listed.stdout), listed.stdout
