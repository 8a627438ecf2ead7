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
from pathlib import Path

import openpyxl
import pytest
from browser_support import (
    ROOT,
    AxeExclusion,
    PageProblems,
    choose,
    dump,
    go_to,
    log_in,
    open_app_page,
    pick_radio,
    reachable_forbidden_pages,
    run_axe,
    screenshot,
    switch_app_page,
    wait_for_app,
    wait_for_rendered,
    widget,
    widget_text,
    wrongly_granted,
)
from playwright.sync_api import expect

from kb.load import load
from quiz_app.authz import Role
from quiz_app.ui import navigation

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


# Streamlit's own markup, which our pages cannot change. Each entry names the upstream cause.
APP_AXE_EXCLUSIONS = [
    AxeExclusion(
        "color-contrast",
        "[data-testid='stCaptionContainer']",
        "st.caption text is drawn in Streamlit's theme colour fadedText60 (grey at about "
        "3.5:1 on white), set inside Streamlit's frontend with no theme option of its own.",
    ),
    AxeExclusion(
        "color-contrast",
        "[data-testid='stSelectbox']:has(input:disabled) [data-testid='stWidgetLabel']",
        "Streamlit greys the label of a disabled widget; WCAG 1.4.3 exempts inactive controls "
        "but axe checks the label, which carries no disabled state of its own.",
    ),
]


@pytest.fixture(scope="module")
def kb():
    return load()


def test_first_start_offers_only_the_first_admin_and_creates_it(page, app, axe) -> None:
    open_app_page(page, app.url)
    expect(page.get_by_role("heading", name="Create the first admin account")).to_be_visible()
    assert run_axe(page, APP_AXE_EXCLUSIONS) == []
    expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
    open_app_page(page, app.url, "trainer")  # nothing else answers, even by URL
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", name="Create the first admin account")).to_be_visible()
    page.get_by_role("textbox", name="Setup token").fill(app.setup_token())
    page.get_by_role("textbox", name="Username", exact=True).fill("admin")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create admin").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    log_in(page, app.url, "admin", PASSWORD)
    expect(page.get_by_text("You are logged in as admin")).to_be_visible()


@pytest.fixture(scope="module")
def admin(app) -> None:
    """The first admin exists: made by the first-start journey above, or (when that journey
    did not run, e.g. ``-k admin_imports``) through the CLI's bootstrap."""
    if app.cli("users", "list", as_user="admin", password=PASSWORD).returncode == 0:
        return
    args = ("users", "add", "--username", "admin", "--role", "admin", "--password-stdin")
    done = app.cli(*args, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stdout + done.stderr


def test_admin_imports_people_and_creates_trainer_staff_and_manager_accounts(
    page, app, admin
) -> None:
    log_in(page, app.url, "admin", PASSWORD)
    go_to(page, "People")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(PEOPLE_CSV)
    expect(page.get_by_text(PEOPLE_CSV.name)).to_be_visible()
    wait_for_app(page)  # the upload reruns the page; a click during that rerun can be lost
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
        expect(page.get_by_text(f"Created account {username} (role {role}")).to_be_visible()
    listed = app.cli("users", "list", as_user="admin", password=PASSWORD)
    assert listed.returncode == 0, listed.stderr
    for username, (role, _person) in ACCOUNTS.items():
        assert re.search(rf"{username}\s.*{role}", listed.stdout), listed.stdout


@pytest.fixture(scope="module")
def staffed(app, admin) -> None:
    """The people and the accounts exist: made by the admin's journey above, or (when that
    journey did not run, e.g. ``-k screenshot``) through the CLI."""
    listed = app.cli("users", "list", as_user="admin", password=PASSWORD)
    if all(name in listed.stdout for name in ACCOUNTS):
        return
    # Carry on from wherever the journey stopped: the import updates people it knows.
    steps = [(("people", "import", str(PEOPLE_CSV)), "admin")] + [
        (("users", "add", "--username", name, "--role", role, "--person", hr_id,
          "--password-stdin"), "admin")
        for name, (role, hr_id) in ACCOUNTS.items()
        if not re.search(rf"^\s*\d+\s+{name}\s", listed.stdout, re.MULTILINE)
    ]  # fmt: skip
    for args, as_user in steps:
        done = app.cli(*args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr


def _answer(page, kb, question_ids, *, correct: bool = True, in_form: bool = False) -> None:
    """Click one option per question, the right one (knowledge) or the best one (maturity)."""
    questions = {q.id: q for q in kb.questions}
    for qid in question_ids:
        q = questions[qid]
        scores = [o.score if q.kind == "maturity" else float(o.correct) for o in q.options]
        best = scores.index(max(scores)) if correct else scores.index(min(scores))
        pick_radio(page, " ".join(q.text.split()[:7]), q.options[best].text)
        if not in_form:
            wait_for_app(page)


def kb_first_section(kb, track: str) -> str:
    return next(q.section for q in kb.questions if q.track == track)


def _section(kb, track: str, section: str) -> list[str]:
    return [q.id for q in kb.questions if q.track == track and q.section == section]


def test_staff_takes_the_staff_track_and_downloads_the_report_screenshot(
    page, app, staffed, kb
) -> None:
    log_in(page, app.url, "staff1", PASSWORD)
    go_to(page, "Self-assessment")
    expect(page.get_by_role("heading", name="Self-assessment")).to_be_visible()
    expect(widget_text(page, "Track")).not_to_contain_text("Management body")
    first_section = kb_first_section(kb, "staff")
    ids = _section(kb, "staff", first_section)
    _answer(page, kb, ids)
    expect(page.get_by_text(f"{len(ids)} of ")).to_be_visible()
    page.get_by_role("heading", name="Self-assessment").scroll_into_view_if_needed()
    screenshot(page, "app-assessment.png")
    page.get_by_role("button", name="Submit assessment").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Results", exact=True)).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    expect(page.get_by_role("heading", name="Gaps, heaviest first")).to_be_visible()
    wait_for_rendered(page)
    screenshot(page, "app-results.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download report (Markdown)").click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith("nis2-self-assessment-staff-")
    text = Path(path).read_text(encoding="utf-8")
    assert "Cyber-hygiene knowledge check" in text
    assert "Passwords" in text or "password" in text


def test_manager_takes_the_management_track_and_follows_a_gap_link_into_the_site(
    page, context, app, staffed, kb, site_url: str
) -> None:
    log_in(page, app.url, "manager1", PASSWORD)
    go_to(page, "Self-assessment")
    pick_radio(page, "Track", "Management body (maturity)")
    wait_for_app(page)
    _answer(page, kb, _section(kb, "management", "Governance (Art. 20)")[:2], correct=False)
    page.get_by_role("button", name="Submit assessment").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Gaps, heaviest first")).to_be_visible()
    gap_link = page.locator(f"[data-testid='stMain'] a[href^='{site_url}measures/']").first
    expect(gap_link).to_be_visible()
    href = gap_link.get_attribute("href")
    with context.expect_page() as opened:
        gap_link.click()
    site_page = opened.value
    site_page.wait_for_load_state()
    assert site_page.url == href
    expect(site_page.locator("article h1")).to_contain_text(re.compile(r"\(\w\) "))


def test_manager_gives_a_gap_an_owner_who_uploads_evidence_and_downloads_it(
    page, app, staffed, kb, tmp_path
) -> None:
    log_in(page, app.url, "manager1", PASSWORD)
    go_to(page, "Self-assessment")
    pick_radio(page, "Track", "Management body (maturity)")
    wait_for_app(page)
    _answer(page, kb, _section(kb, "management", "Governance (Art. 20)")[:1], correct=False)
    page.get_by_role("button", name="Submit assessment").click()
    wait_for_app(page)
    page.get_by_text("Create an action for this gap").first.click()
    widget(page, "stTextInput", "What is to be done").locator("input").fill("Adopt a runbook")
    choose(page, "Owner", "Chiara Rossi (E003)")
    page.get_by_role("button", name="Create the action").filter(visible=True).click()
    wait_for_app(page)
    expect(page.get_by_text("created for Chiara Rossi")).to_be_visible()

    log_in(page, app.url, "staff1", PASSWORD)
    go_to(page, "Remediation plan")
    expect(page.get_by_text("Adopt a runbook").first).to_be_visible()
    page.get_by_role("tab", name="Upload a file").click()
    spoof = tmp_path / "invoice.pdf"
    spoof.write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    real = tmp_path / "board minutes.pdf"
    real.write_bytes(b"%PDF-1.4\n%%EOF\n")
    upload = page.locator("[data-testid='stFileUploader'] input[type=file]")
    for file, message in (
        (spoof, "the file's content is not that of a .pdf file"),
        (real, "board minutes.pdf added to action"),
    ):
        upload.set_input_files(file)
        wait_for_app(page)
        page.get_by_role("button", name="Add the file", exact=True).click()
        wait_for_app(page)
        expect(page.get_by_text(message)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^board_minutes\.pdf \(")).click()
    assert download.value.suggested_filename == "board_minutes.pdf"
    assert Path(download.value.path()).read_bytes() == real.read_bytes()


def test_a_link_from_the_site_survives_the_login(page, app, staffed) -> None:
    """A measure page links to /assessment?track=...&measure=...: opened logged out, it shows
    the login at that address, then the linked section, not the home page."""
    open_app_page(page, app.url, "assessment?track=staff&measure=21-2-g")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.get_by_role("textbox", name="Username", exact=True).fill("staff1")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log in").wait_for(state="detached")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Self-assessment")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"Measure 21\(2\)\(g\)"))).to_be_visible()
    assert "/assessment" in page.url and "measure=21-2-g" in page.url


@pytest.mark.parametrize("width", [1280, 390])
def test_results_chart_fits_the_screen_and_shows_full_titles_on_hover(
    browser, app, staffed, kb, width
) -> None:
    """After the staff journey above: staff1's results at a desktop and a phone's width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        log_in(page, app.url, "staff1", PASSWORD)
        switch_app_page(page, app.url, "results")  # a phone hides the sidebar
        chart = page.locator("[data-testid='stVegaLiteChart']").first
        expect(chart).to_be_visible()
        wait_for_rendered(page)
        box = chart.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scroll
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= width
        chart.scroll_into_view_if_needed()
        screenshot(page, f"app-results-chart-{width}.png")
        box = chart.bounding_box()
        titles = {f"Art. 21(2)({m.letter}) {m.title}" for m in kb.measures}
        tooltip = page.locator("#vg-tooltip-element")
        shown = ""
        for y in range(6, int(box["height"]) - 30, 14):  # sweep the bars until one answers
            for x in range(int(box["width"] * 0.45), int(box["width"]) - 4, 12):
                page.mouse.move(box["x"] + x, box["y"] + y)
                if tooltip.count() and tooltip.is_visible():
                    shown = tooltip.inner_text()
                    break
            if shown:
                break
        assert any(title in shown for title in titles), shown
    finally:
        context.close()


def test_answering_in_a_later_section_keeps_that_section_open(page, app, staffed, kb) -> None:
    log_in(page, app.url, "staff1", PASSWORD)
    go_to(page, "Self-assessment")
    later = [q.section for q in kb.questions if q.track == "staff"][-1]
    pick_radio(page, "Section", later)
    wait_for_app(page)
    ids = _section(kb, "staff", later)[:2]
    _answer(page, kb, ids)
    expect(page.get_by_role("heading", name=later)).to_be_visible(timeout=5_000)


def _download(page, button_name) -> tuple[str, bytes]:
    with page.expect_download() as download:
        page.get_by_role("button", name=button_name).click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_trainer_assigns_a_module_sees_the_completion_and_exports_csv_and_xlsx_screenshot(
    page, browser, app, staffed, kb
) -> None:
    module = next(m for m in kb.training if m.id == "cyber-hygiene")
    log_in(page, app.url, "trainer1", PASSWORD)
    go_to(page, "Training dashboard")
    choose(page, "Module", module.title)
    page.get_by_role("button", name="Assign").click()
    wait_for_app(page)
    expect(page.get_by_text(f"Assigned {module.title} to ")).to_be_visible()

    # The staff member (E003) passes the module in a browser of their own.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    try:
        log_in(staff, app.url, "staff1", PASSWORD)
        go_to(staff, "My training")
        choose(staff, "Module", module.title)
        _answer(staff, kb, module.quiz, in_form=True)
        staff.get_by_role("button", name="Submit answers").click()
        wait_for_app(staff)
        expect(staff.get_by_text(f"Passed {module.title}")).to_be_visible()
    finally:
        staff_context.close()

    open_app_page(page, app.url)  # a fresh load: the trainer is still logged in
    go_to(page, "Training dashboard")
    completed = page.locator("[data-testid='stMetric']").filter(has_text="Completed")
    expect(completed).to_contain_text(re.compile(r"Completed\s*1 \("))
    wait_for_rendered(page)
    screenshot(page, "app-trainer-dashboard.png")

    pick_radio(page, "Format", "CSV")
    wait_for_app(page)
    page.get_by_role("button", name="Prepare export").click()
    wait_for_app(page)
    name, data = _download(page, re.compile(r"Download training-completions-.*\.csv"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert name.endswith(".csv")
    assert any("Chiara Rossi" in row.values() for row in rows), rows

    pick_radio(page, "Format", "Excel (XLSX)")
    wait_for_app(page)
    page.get_by_role("button", name="Prepare export").click()
    wait_for_app(page)
    name, data = _download(page, re.compile(r"Download training-completions-.*\.xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert name.endswith(".xlsx")
    assert "Chiara Rossi" in cells


def _enter_url(page, app):
    def enter(url_path: str) -> None:
        page.keyboard.press("Escape")  # close a page-not-found dialog from the previous URL
        expect(page.get_by_role("dialog")).to_have_count(0)
        switch_app_page(page, app.url, url_path)

    return enter


def test_staff_cannot_reach_trainer_or_admin_pages_even_by_url(page, app, staffed) -> None:
    assert wrongly_granted(navigation.PAGES, Role.STAFF, STAFF_NEVER) == []
    registry = {p.url_path for p in navigation.PAGES} - {
        p.url_path for p in navigation.pages_for(Role.STAFF)
    }
    forbidden = sorted(STAFF_NEVER | registry)
    log_in(page, app.url, "staff1", PASSWORD)
    sidebar = page.locator("[data-testid='stSidebarNav']")
    expect(sidebar.get_by_role("link", name="Self-assessment")).to_be_visible()
    for title in ("Training dashboard", "People", "Accounts", "Audit log", "Team overview"):
        expect(sidebar.get_by_role("link", name=title)).to_have_count(0)
    enter = _enter_url(page, app)
    # The check itself sees a page staff may open (else "refused" would prove nothing).
    assert reachable_forbidden_pages(page, ["my_training"], enter, settle_ms=2_000) == [
        "my_training"
    ]
    assert reachable_forbidden_pages(page, forbidden, enter) == []
    # A fresh load of the address starts a new session: the login page, nothing else.
    page.keyboard.press("Escape")
    open_app_page(page, app.url, "trainer")
    expect(page.get_by_role("heading", name="Training dashboard")).to_have_count(0)


def _tab_until(page, script: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script):
            return
    raise AssertionError(f"Tab never reached: {script}")


def test_keyboard_alone_answers_and_submits_the_assessment(page, app, staffed, kb) -> None:
    log_in(page, app.url, "staff1", PASSWORD)
    go_to(page, "Self-assessment")
    # The first section was carried over from staff1's earlier submission: the keyboard
    # moves on with "Next section" and answers the second, which nobody answered yet.
    sections = list(dict.fromkeys(q.section for q in kb.questions if q.track == "staff"))
    page.locator("body").focus()
    _tab_until(
        page,
        "() => document.activeElement.tagName === 'BUTTON'"
        " && document.activeElement.innerText.includes('Next section')",
    )
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=sections[1])).to_be_visible()
    ids = _section(kb, "staff", sections[1])
    first = " ".join(kb.questions[[q.id for q in kb.questions].index(ids[0])].text.split()[:5])
    in_question = (
        "() => { const g = document.activeElement.closest('[data-testid=stRadio]');"
        " return !!g && /^\\d+\\. /.test(g.querySelector('[data-testid=stWidgetLabel]').innerText); }"
    )
    page.locator("body").focus()
    _tab_until(page, in_question)
    label = page.evaluate(
        "() => document.activeElement.closest('[data-testid=stRadio]')"
        ".querySelector('[data-testid=stWidgetLabel]').innerText"
    )
    assert first in label
    # Answers given by earlier journeys of staff1 are in the draft already (each is saved).
    progress = page.get_by_text(re.compile(r"^\d+ of \d+ questions answered$"))
    before = int(progress.inner_text().split()[0])
    for n in range(len(ids)):
        if n:
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        wait_for_app(page)
    expect(progress).to_have_text(re.compile(rf"^{before + len(ids)} of "))
    _tab_until(page, "() => document.activeElement.innerText?.includes('Submit assessment')")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Results", exact=True)).to_be_visible()


# app.py sets page_icon=":material/shield:", so Streamlit fetches the favicon from Google's
# fonts.gstatic.com: it fails offline and tells Google who opens the app. Reported to the
# lead (fix in app.py: a local icon); remove this exception with that fix.
GOOGLE_FAVICON = "fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/shield/"


def test_every_app_page_has_no_serious_accessibility_violation_or_console_error(
    page, app, staffed, axe
) -> None:
    problems = PageProblems(page, ignore=lambda text: GOOGLE_FAVICON in text)
    found: list[str] = []
    open_app_page(page, app.url)
    found += run_axe(page, APP_AXE_EXCLUSIONS)  # the login page
    checked: set[str] = set()
    for username in ("admin", "trainer1", "manager1"):
        log_in(page, app.url, username, PASSWORD)
        role = Role(username.rstrip("1"))
        for spec in navigation.pages_for(role, has_person=username != "admin"):
            if spec.url_path in checked:
                continue
            checked.add(spec.url_path)
            switch_app_page(page, app.url, spec.url_path)
            shown = page.locator("[data-testid='stMain'] :is(h1, [role=alert])").first
            expect(shown).to_be_visible()
            found += run_axe(page, APP_AXE_EXCLUSIONS)
    assert checked == {p.url_path for p in navigation.PAGES}
    assert found == [], "\n".join(found)
    assert problems.errors == [], dump(problems.errors)
