"""Issue 16's proof, in a real browser against a real SMTP server: 20 people imported, a
module assigned to a department three days ahead, reminders that go out once each as the
clock moves (assigned, overdue, the manager's escalation), a quiz failed then passed, its
certificate downloaded and verified, and a register export with every assignment.

The clock is moved with ``reminders send --at``; the app itself runs on today's date.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from browser_support import ROOT, choose, go_to, log_in, pick_radio, wait_for_app, widget
from playwright.sync_api import expect
from smtp_support import running_smtp

from kb.load import load

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PEOPLE_CSV = ROOT / "tests" / "fixtures" / "people-20.csv"
HEAD_OF_IT = "E019"  # the manager of everyone else in IT
MODULE = "cyber-hygiene"


@pytest.fixture(scope="module")
def accounts(app):
    """An admin (the first, made without a login) and a trainer, on the command line."""
    steps = [
        (("users", "add", "--username", "admin", "--role", "admin", "--password-stdin"), None),
        (
            ("users", "add", "--username", "trainer1", "--role", "trainer", "--password-stdin"),
            "admin",
        ),
    ]
    for args, as_user in steps:
        done = app.cli(*args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr
    return app


def _people_with_managers(tmp_path) -> tuple:
    """The 20 people of the fixture, with a manager column: IT reports to its head."""
    rows = list(csv.DictReader(PEOPLE_CSV.read_text(encoding="utf-8-sig").splitlines()))
    for row in rows:
        row["manager"] = HEAD_OF_IT if row["department"] == "IT" and row["id"] != HEAD_OF_IT else ""
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


def _send(app, at: datetime) -> str:
    done = app.cli(
        "reminders",
        "send",
        "--at",
        at.strftime("%Y-%m-%dT%H:%M"),
        as_user="trainer1",
        password=PASSWORD,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _received(inbox, since: int) -> Counter:
    """(recipient, first word of the subject) of the messages after the first ``since``."""
    return Counter((to, subject.split()[0]) for to, subject in inbox.subjects()[since:])


def _download(page, name: re.Pattern) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def _set_due(page, day: date) -> None:
    """Type a date into the "Due" picker's year, month and day fields, as a user does."""
    picker = widget(page, "stDateInput", "Due")
    segments = picker.get_by_role("spinbutton")
    for n, part in enumerate(day.strftime("%Y/%m/%d").split("/")):
        segments.nth(n).click()
        page.keyboard.type(part)
    page.keyboard.press("Tab")
    wait_for_app(page)
    expect(picker.locator("input[type=date]")).to_have_value(day.isoformat())


def _answer(page, questions, *, wrong: int) -> None:
    for n, q in enumerate(questions):
        right = next(i for i, o in enumerate(q.options) if o.correct)
        choice = (right + 1) % len(q.options) if n < wrong else right
        pick_radio(page, " ".join(q.text.split()[:7]), q.options[choice].text)


def test_assign_remind_fail_retry_certify_and_export_the_register(
    page, browser, accounts, monkeypatch, tmp_path
) -> None:
    app = accounts
    kb = load()
    module = next(m for m in kb.training if m.id == MODULE)
    people_csv, people = _people_with_managers(tmp_path)
    email = {p["id"]: p["email"] for p in people}
    it_staff = [p["id"] for p in people if p["department"] == "IT"]
    reports = [hr_id for hr_id in it_staff if hr_id != HEAD_OF_IT]

    # The admin imports the 20 people with their managers (only admins manage people).
    log_in(page, app.url, "admin", PASSWORD)
    go_to(page, "People")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(people_csv)
    expect(page.get_by_text(people_csv.name)).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name="Import").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Everyone (20)")).to_be_visible()
    done = app.cli(
        "users", "add", "--username", "staff1", "--role", "staff", "--person", "E003",
        "--password-stdin", as_user="admin", password=PASSWORD, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    # The trainer assigns the module to IT, due in 3 days, then to everyone else.
    today = date.today()
    due = today + timedelta(days=3)
    log_in(page, app.url, "trainer1", PASSWORD)
    go_to(page, "Training dashboard")
    choose(page, "Module", module.title)
    choose(page, "To", "a department")
    choose(page, "Which", "IT")
    _set_due(page, due)
    page.get_by_role("button", name="Assign").click()
    wait_for_app(page)
    expect(page.get_by_text(f"Assigned {module.title} to {len(it_staff)} people")).to_be_visible()
    choose(page, "To", "the module's audience")
    _set_due(page, today + timedelta(days=30))
    page.get_by_role("button", name="Assign").click()
    wait_for_app(page)
    expect(
        page.get_by_text(f"Assigned {module.title} to {20 - len(it_staff)} people")
    ).to_be_visible()

    # Reminders, run twice at each moment: every message goes exactly once.
    morning = datetime.combine(today, time(7, 0))
    with running_smtp(monkeypatch) as inbox:
        assert "sent 20 reminders" in _send(app, morning)
        assert "sent 0 reminders" in _send(app, morning)
        assert _received(inbox, 0) == Counter({(e, "Training"): 1 for e in email.values()})
        due_of = {to: s.rsplit("(due ", 1)[-1] for to, s in inbox.subjects()}
        assert all(s.startswith("Training assigned: ") for _to, s in inbox.subjects())
        assert {email[i]: f"{due})" for i in it_staff}.items() <= due_of.items()

        late = morning + timedelta(days=(due - today).days + 1)
        seen = len(inbox.received)
        _send(app, late)
        assert "sent 0 reminders" in _send(app, late)
        overdue = inbox.subjects()[seen:]
        assert sorted(to for to, _s in overdue) == sorted(email[i] for i in it_staff)
        assert all(s.startswith(f"Training overdue since {due}") for _to, s in overdue)

        escalate = late + timedelta(days=module.escalate_after_days)
        seen = len(inbox.received)
        _send(app, escalate)
        assert "sent 0 reminders" in _send(app, escalate)
        escalations = inbox.subjects()[seen:]
        assert [to for to, _s in escalations] == [email[HEAD_OF_IT]] * len(reports)
        names = {p["name"] for p in people if p["id"] in reports}
        assert {s.split(" is ")[0] for _to, s in escalations} == names

    # Staff: fail, see the wrong answers, retry, pass, download the certificate.
    by_id = {q.id: q for q in kb.questions}
    questions = [by_id[qid] for qid in module.quiz]
    staff_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    staff = staff_context.new_page()
    try:
        log_in(staff, app.url, "staff1", PASSWORD)
        go_to(staff, "My training")
        choose(staff, "Module", module.title)
        _answer(staff, questions, wrong=3)
        staff.get_by_role("button", name="Submit answers").click()
        wait_for_app(staff)
        result = staff.locator(".st-key-training_result")
        expect(result).to_contain_text(f"Not passed yet: {len(questions) - 3} of {len(questions)}")
        expect(result).to_contain_text("Right answer: ")
        staff.get_by_role("button", name="Retry").click()
        wait_for_app(staff)
        _answer(staff, questions, wrong=0)
        staff.get_by_role("button", name="Submit answers").click()
        wait_for_app(staff)
        expect(staff.locator(".st-key-training_result")).to_contain_text(f"Passed {module.title}")

        staff.get_by_text("My certificates").click()
        staff.get_by_role("button", name="Prepare the PDF").click()
        wait_for_app(staff)
        name, pdf = _download(staff, re.compile("Download the certificate"))
        assert name == f"certificate-{MODULE}-{today}.pdf" and pdf.startswith(b"%PDF")
        caption = staff.get_by_text("Verification code: ").inner_text()
        code = re.search(r"Verification code: (\S+)", caption).group(1)

        go_to(staff, "Verify certificate")
        staff.get_by_role("textbox", name="Verification code").fill(code)
        staff.get_by_role("button", name="Verify").click()
        wait_for_app(staff)
        expect(staff.get_by_text(re.compile(rf"{code}: valid until"))).to_be_visible()
    finally:
        staff_context.close()
    verified = app.cli("certificate", "verify", code, as_user="trainer1", password=PASSWORD)
    assert verified.returncode == 0 and f"{code}: valid until" in verified.stdout, verified

    # The trainer's register: a row for each of the 20 people, the passed one, the renewal
    # that pass opened (due when the certificate expires), and 19 not started.
    go_to(page, "Training dashboard")
    pick_radio(page, "Records", "Assignment register")
    wait_for_app(page)
    pick_radio(page, "Format", "CSV")
    wait_for_app(page)
    page.get_by_role("button", name="Prepare export").click()
    wait_for_app(page)
    name, data = _download(page, re.compile(r"Download training-register-.*\.csv \(21 rows\)"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert name.endswith(".csv")
    expected = Counter({(hr_id, "not started"): 1 for hr_id in email})
    expected[("E003", "passed")] = 1
    assert Counter((row["learner_id"], row["status"]) for row in rows) == expected, rows
