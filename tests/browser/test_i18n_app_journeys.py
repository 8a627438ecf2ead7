"""Issue 18's proof for the app, in a browser whose language is German (``de-DE``).

A staff member who never chose a language gets the login page, the staff check, the results
and the PDF report in German, because the browser asks for it; a trainer exports the
assignment register with German headers over the same rows as the English export. Labels
are looked up in the German catalogue, so the test follows the translation, and each one
is checked to differ from the English first (an untranslated label cannot pass).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from browser_support import (
    ROOT,
    cut_table_headers,
    ellipsised_labels,
    go_to,
    log_in,
    pick_radio,
    switch_app_page,
    wait_for_app,
    wait_for_rendered,
)
from playwright.sync_api import expect

from kb.i18n import localise
from kb.load import load
from quiz_app.core.question_bank import asked_questions
from quiz_app.core.report import KNOWLEDGE_TITLE
from quiz_app.i18n import translator
from quiz_app.training.register import register_headers

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PEOPLE_CSV = ROOT / "tests" / "fixtures" / "people-20.csv"
de = translator("de").gettext


def german(english: str) -> str:
    """The German label of an English one, which must really be translated."""
    translated = de(english)
    assert translated != english, f"no German for {english!r}"
    return translated


@pytest.fixture(scope="module")
def accounts(app):
    """An admin, the 20 people, a staff member (E003) and a trainer; a module assigned."""
    add = ("users", "add", "--password-stdin", "--username")
    steps = [
        ((*add, "admin", "--role", "admin"), None),
        (("people", "import", str(PEOPLE_CSV)), "admin"),
        ((*add, "staff1", "--role", "staff", "--person", "E003"), "admin"),
        ((*add, "trainer1", "--role", "trainer", "--person", "E004"), "admin"),
        (("training", "assign", "--module", "cyber-hygiene", "--department", "IT"), "trainer1"),
    ]
    for args, as_user in steps:
        done = app.cli(*args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr
    return app


@pytest.fixture
def german_page(browser):
    context = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _pdf_text(pdf: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return " ".join(text.split())


def test_a_browser_preferring_german_takes_the_staff_check_in_german(german_page, accounts):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    page, app = german_page, accounts
    kb_de = localise(load(), "de")
    log_in(page, app.url, "staff1", PASSWORD, language="de")
    go_to(page, german("Self-assessment"))
    expect(page.get_by_role("heading", name=german("Self-assessment"))).to_be_visible()

    asked = asked_questions(kb_de, "staff", None)
    first = [q for q in asked if q.section == asked[0].section]
    english = {q.id: q for q in asked_questions(load(), "staff", None)}
    assert all(q.text != english[q.id].text for q in first)  # the questions really are German
    for q in first:
        right = next(o for o in q.options if o.correct)
        pick_radio(page, " ".join(q.text.split()[:7]), right.text)
        wait_for_app(page)
    page.get_by_role("button", name=german("Submit assessment")).click()
    wait_for_app(page)

    expect(page.get_by_role("heading", name=german("Results"), exact=True)).to_be_visible()
    score = page.locator("[data-testid='stMetric']").filter(has_text=german("Overall score"))
    expect(score).to_contain_text(re.compile(r"\d+(,\d+)?\s?%"))  # a German decimal comma
    # The gaps link to the explaining pages of the German site, never the English one.
    site_links = page.locator("[data-testid='stMain'] a[href*='/measures/']")
    expect(site_links.first).to_be_attached()
    hrefs = site_links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all("/de/measures/" in href for href in hrefs), hrefs
    with page.expect_download() as download:
        page.get_by_role("button", name=german("Download report (PDF)")).click()
    text = _pdf_text(Path(download.value.path()).read_bytes())
    assert german(KNOWLEDGE_TITLE) in text  # the staff check's personal report, in German
    assert KNOWLEDGE_TITLE not in text
    assert first[0].section in text  # the section answered, by its German name


def test_a_german_trainer_exports_the_register_with_german_headers_over_the_same_rows(
    german_page, accounts, tmp_path
):
    page, app = german_page, accounts
    english = tmp_path / "register.csv"
    done = app.cli(
        "export", "--records", "register", "--format", "csv", "--out", str(english),
        as_user="trainer1", password=PASSWORD,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    log_in(page, app.url, "trainer1", PASSWORD, language="de")
    go_to(page, german("Training dashboard"))
    pick_radio(page, german("Records"), german("Assignment register (one per assignment)"))
    wait_for_app(page)
    page.get_by_role("button", name=german("Prepare export")).click()
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"training-register-.*\.csv")).click()
    assert download.value.suggested_filename.endswith(".csv")
    data = Path(download.value.path()).read_text(encoding="utf-8-sig")

    header, *rows = list(csv.reader(io.StringIO(data)))
    english_header, *english_rows = list(csv.reader(io.StringIO(english.read_text("utf-8-sig"))))
    assert header == register_headers("de") and header != english_header
    assert len(rows) == 5 and rows == english_rows  # IT's five people, rows unchanged


@pytest.fixture(scope="module")
def overdue(accounts):
    """E007 (Finance) overdue with a module, so that the dashboard shows its overdue list. The
    app refuses a due date in the past, so the store is moved back instead."""
    done = accounts.cli(
        "training", "assign", "--module", "cyber-hygiene", "--person", "E007",
        as_user="trainer1", password=PASSWORD,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    with sqlite3.connect(accounts.database_url.removeprefix("sqlite:///")) as store:
        store.execute(
            "UPDATE training_assignments SET due_on = '2025-03-31' WHERE person_id = "
            "(SELECT id FROM people WHERE external_id = 'E007')"
        )
    return accounts


@pytest.mark.parametrize("language", ["de", "fr", "en"])
def test_the_trainer_pages_show_every_header_whole_at_1280_px(browser, overdue, language):
    """German and French headers are longer than the English the columns' pixel widths were
    chosen for (English checked too): at 1280 x 800 with the sidebar open, every column of the dashboard's tables
    (the overdue list too) and of a person's assignments shows, each header uncut, and no
    metric label or tab name is shortened with "…". Runs last in this module: the overdue
    assignment adds a row to the register the export test above counts."""
    app = overdue
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        log_in(page, app.url, "trainer1", PASSWORD, language=language)
        problems = []
        for url_path, tables in (("trainer", 4), ("person?person=E007", 1)):
            switch_app_page(page, app.url, url_path)
            wait_for_rendered(page)
            expect(page.locator("[data-testid='stDataFrame']")).to_have_count(tables)
            problems += [f"{url_path}: {p}" for p in cut_table_headers(page)]
            problems += [f"{url_path}: {p!r} ends in …" for p in ellipsised_labels(page)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
