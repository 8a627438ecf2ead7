"""The board's journey in a real browser (issue 15): the admin saves the scope checker's
result into the organisation profile; a manager opens a round for three board members; each
takes the management track from Home; the closed round shows their spread; a gap gets an
owner, a due date and an uploaded evidence file; an approval of the measures is recorded;
the PDF report, read back with pdftotext, names all of it, the Polish name spelled right."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import choose, go_to, log_in, pick_radio, wait_for_app, widget
from playwright.sync_api import expect

from kb.load import load
from quiz_app import store
from quiz_app.governance import organisation, rounds
from quiz_app.governance.approvals import list_approvals

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
BOARD = {
    "board1": ("B001", "Łukasz Żółć"),
    "board2": ("B002", "Eliška Dvořáková"),
    "board3": ("B003", "Jürgen Groß"),
}
PEOPLE = "id,name,email,department,role,is_management_body\n" + "".join(
    f"{hr},{name},,Board,Director,yes\n" for hr, name in BOARD.values()
)


@pytest.fixture(scope="module")
def board(app, tmp_path_factory):
    """The first admin, three members of the management body and their manager accounts,
    made through the command line."""
    csv = tmp_path_factory.mktemp("people") / "board.csv"
    csv.write_text(PEOPLE, encoding="utf-8")
    steps = [
        (("users", "add", "--username", "admin", "--role", "admin", "--password-stdin"), None),
        (("people", "import", str(csv)), "admin"),
    ] + [
        (("users", "add", "--username", user, "--role", "manager", "--person", hr,
          "--password-stdin"), "admin")
        for user, (hr, _name) in BOARD.items()
    ]  # fmt: skip
    for args, as_user in steps:
        done = app.cli(*args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr
    return BOARD


def _select(page, label: str, option: str) -> None:
    """Add ``option`` to the visible multiselect ``label``: type it, then Enter."""
    box = widget(page, "stMultiSelect", label).locator("input")
    box.click()
    box.fill(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)


def _answer_first_section(page, kb, option: int) -> None:
    """Give every question of the management track's first section option ``option``."""
    first = next(q.section for q in kb.questions if q.track == "management")
    for q in (q for q in kb.questions if q.track == "management" and q.section == first):
        pick_radio(page, " ".join(q.text.split()[:7]), q.options[option].text)
        wait_for_app(page)


def test_the_board_assesses_in_a_round_and_records_its_approval(page, app, board, tmp_path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    kb = load()
    # The admin keeps the scope checker's result in the organisation profile.
    log_in(page, app.url, "admin", PASSWORD)
    go_to(page, "Scope checker")
    page.get_by_role("spinbutton", name="Employees (headcount)").fill("300")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("textbox", name="Organisation name").fill("Wodociągi Kraków S.A.")
    page.keyboard.press("Enter")
    wait_for_app(page)
    _select(page, "Member State(s) of establishment", "Poland")
    page.get_by_role("button", name="Save this result to the organisation profile").click()
    wait_for_app(page)
    expect(page.get_by_text("Saved to the profile of Wodociągi Kraków S.A.")).to_be_visible()
    engine = store.get_engine(app.database_url)
    profile = organisation.organisation_profile(engine)
    assert (profile.member_states, profile.scope_answers["employees"]) == (("PL",), 300)

    # A manager opens a round for the whole management body in one click.
    log_in(page, app.url, "board1", PASSWORD)
    go_to(page, "Assessment rounds")
    page.get_by_role("textbox", name="Title").fill("Board review 2026")
    page.get_by_role("button", name="All management body members").click()
    wait_for_app(page)
    page.get_by_role("button", name="Open round").click()
    wait_for_app(page)
    expect(page.get_by_text("opened for 3 participants")).to_be_visible()

    # Each member starts the round from Home and submits, each answering differently.
    for option, user in enumerate(board):
        log_in(page, app.url, user, PASSWORD)
        expect(page.get_by_text("Assessment round: Board review 2026")).to_be_visible()
        page.get_by_role("button", name="Start this round's assessment").click()
        wait_for_app(page)
        expect(page.get_by_text("your submission counts for this round")).to_be_visible()
        _answer_first_section(page, kb, option)
        page.get_by_role("button", name="Submit assessment").click()
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Results")).to_be_visible()
        expect(page.get_by_text("Wodociągi Kraków S.A. · PL")).to_be_visible()

    # The manager closes the round: the combined view shows the members' spread.
    log_in(page, app.url, "board1", PASSWORD)
    go_to(page, "Assessment rounds")
    expect(page.get_by_text("3 of 3 submitted")).to_be_visible()
    page.get_by_role("button", name="Close round").click()
    wait_for_app(page)
    expect(page.get_by_text("Measures where the members disagree most come first")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(1)
    [closed] = rounds.list_rounds(engine, _manager(engine))
    view = rounds.combined_view(engine, _manager(engine), kb, closed.id)
    assert view.spreads[0].spread > 0

    # The heaviest gap of Łukasz's assessment gets an owner, a due date and a file.
    go_to(page, "Results")
    expect(page.get_by_text("Wodociągi Kraków S.A. · PL")).to_be_visible()
    expect(page.get_by_text("a site on this computer only")).to_be_visible()  # NIS2_SITE_URL
    page.get_by_text("Create an action for this gap").first.click()
    widget(page, "stTextInput", "What is to be done").locator("input").fill("Adopt a runbook")
    choose(page, "Owner", "Eliška Dvořáková (B002)")
    page.get_by_role("button", name="Create the action").filter(visible=True).click()
    wait_for_app(page)
    expect(page.get_by_text("created for Eliška Dvořáková")).to_be_visible()
    go_to(page, "Remediation plan")
    page.get_by_role("tab", name="Upload a file").click()
    minutes = tmp_path / "runbook.txt"
    minutes.write_text("Runbook draft, approved by the CISO.", encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(minutes)
    wait_for_app(page)
    page.get_by_role("button", name="Add the file", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("runbook.txt added to action")).to_be_visible()

    # The approval of the measures, with the three members present.
    go_to(page, "Board approvals")
    page.get_by_role("textbox", name="Meeting reference").fill("Minutes 2026/11")
    for _hr, name in board.values():
        _select(page, "Members present", name)
    page.get_by_role("button", name="Record approval").click()
    wait_for_app(page)
    expect(page.get_by_text("Approval #1 recorded (3 members present).")).to_be_visible()
    [approval] = list_approvals(engine, _manager(engine))
    assert sorted(approval.members) == sorted(name for _hr, name in board.values())

    # The report for the minutes names the organisation, the people, answers, action, approval.
    go_to(page, "Results")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download report (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = " ".join(text.split())
    first = next(q for q in kb.questions if q.track == "management")
    for expected in (
        "Wodociągi Kraków S.A.",
        "Łukasz Żółć",
        "Board review 2026",
        first.options[0].text,
        "Adopt a runbook",
        "Eliška Dvořáková",
        "Minutes 2026/11",
        "Sign-off",
    ):
        assert expected in text, expected
    assert "?ukasz" not in text


def _manager(engine):
    """The board1 account as an actor, to read what the browser made."""
    from quiz_app import authentication

    return authentication.authenticate(engine, "board1", PASSWORD)
