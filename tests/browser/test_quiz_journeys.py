"""A quiz that teaches, in a real browser: a failed attempt shows its result where the reader
is (top of the quiz, scrolled into view) with the wrong answers, and "Retry" starts again."""

from __future__ import annotations

import re

import pytest
from browser_support import ROOT, AppServer, choose, go_to, log_in, pick_radio, wait_for_app
from playwright.sync_api import expect

from kb.load import load

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PEOPLE_CSV = ROOT / "tests" / "fixtures" / "people-20.csv"


@pytest.fixture(scope="module")
def ready(app) -> AppServer:
    """An admin, ``staff1`` (person E003) and the hygiene module assigned to E003."""
    steps = [
        (("users", "add", "--username", "admin", "--role", "admin", "--password-stdin"), None),
        (("people", "import", str(PEOPLE_CSV)), "admin"),
        (("users", "add", "--username", "staff1", "--role", "staff", "--person", "E003",
          "--password-stdin"), "admin"),
        (("users", "add", "--username", "trainer1", "--role", "trainer", "--person", "E004",
          "--password-stdin"), "admin"),
        (("training", "assign", "--module", "cyber-hygiene", "--person", "E003"), "trainer1"),
    ]  # fmt: skip
    for args, as_user in steps:
        done = app.cli(*args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr
    return app


def _answer(page, questions, *, wrong: int) -> None:
    """Click an option per question: a wrong one for the first ``wrong``, else the right one."""
    for n, q in enumerate(questions):
        right = next(i for i, o in enumerate(q.options) if o.correct)
        choice = (right + 1) % len(q.options) if n < wrong else right
        pick_radio(page, " ".join(q.text.split()[:7]), q.options[choice].text)


def test_a_failed_quiz_shows_its_result_in_view_with_the_wrong_answers_then_retry_passes(
    page, ready
) -> None:
    kb = load()
    module = next(m for m in kb.training if m.id == "cyber-hygiene")
    by_id = {q.id: q for q in kb.questions}
    questions = [by_id[qid] for qid in module.quiz]
    log_in(page, ready.url, "staff1", PASSWORD)
    go_to(page, "My training")
    choose(page, "Module", module.title)
    expect(page.get_by_text("1 module due later")).to_be_visible()

    # An empty submission is refused, naming the unanswered questions.
    page.get_by_role("button", name="Submit answers").click()
    wait_for_app(page)
    expect(page.get_by_text("answer every question before submitting")).to_be_visible()

    _answer(page, questions, wrong=3)
    page.get_by_role("button", name="Submit answers").click()
    wait_for_app(page)
    result = page.locator(".st-key-training_result")
    expect(result).to_contain_text("Not passed yet: 7 of 10 correct")
    expect(result).to_be_in_viewport()
    expect(result).to_contain_text("Right answer: ")
    expect(result.get_by_role("link").first).to_have_attribute("href", re.compile("^http"))
    expect(result.get_by_text("Question 2.")).to_be_visible()

    page.get_by_role("button", name="Retry").click()
    wait_for_app(page)
    expect(page.locator(".st-key-training_result")).to_have_count(0)
    _answer(page, questions, wrong=0)
    page.get_by_role("button", name="Submit answers").click()
    wait_for_app(page)
    passed = page.locator(".st-key-training_result")
    expect(passed).to_contain_text(f"Passed {module.title}: 10 of 10 correct (attempt 2)")
    expect(passed).to_be_in_viewport()
    expect(page.get_by_role("button", name="Retry")).to_have_count(0)
