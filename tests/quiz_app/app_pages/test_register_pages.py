"""The register, the person page and the quiz that teaches, through the app's entry point
(AppTest): what a trainer, an admin and a learner see and do."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pandas as pd
import pytest
from store_support import open_page
from streamlit.testing.v1 import AppTest
from support import ROOT

from kb.load import load
from quiz_app import audit, training
from quiz_app.store import training_attempts, transaction

PAGES = ROOT / "quiz_app" / "app_pages"
MY_TRAINING, TRAINER, PERSON = (
    str(PAGES / f"{name}.py") for name in ("my_training", "trainer_dashboard", "person_training")
)
SITE = "https://kb.example.org/nis2/"


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    return sqlite_people_store


def _table(at: AppTest, *columns: str) -> pd.DataFrame:
    for element in at.dataframe:
        frame = element.value
        if tuple(frame.columns[: len(columns)]) == columns:
            return frame
    raise AssertionError(f"no table with columns {columns}")


def _shown(elements) -> list[str]:
    """The texts of ``elements`` as a reader sees them (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def _attempts(engine) -> int:
    with transaction(engine) as conn:
        return len(conn.execute(training_attempts.select()).all())


def _right(kb, module_id: str) -> dict[str, int]:
    questions = {q.id: q for q in kb.questions}
    module = training.module_by_id(kb, module_id)
    return {
        qid: next(i for i, o in enumerate(questions[qid].options) if o.correct)
        for qid in module.quiz
    }


def test_an_empty_or_incomplete_quiz_is_refused_and_nothing_is_stored(app_store, kb):
    s = app_store
    at = open_page(s.staff.account_id, MY_TRAINING, module="cyber-hygiene")
    at.button(key="training_submit").click().run()
    assert _shown(at.error) == [
        "Answer every question before submitting: questions 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 "
        "unanswered"
    ]
    right = _right(kb, "cyber-hygiene")
    for qid, choice in list(right.items())[:9]:
        at.radio(key=f"training_q_{qid}").set_value(choice)
    at.button(key="training_submit").click().run()
    assert _shown(at.error) == ["Answer every question before submitting: question 10 unanswered"]
    # what was answered stays answered, and nothing was stored
    first = next(iter(right))
    assert at.radio(key=f"training_q_{first}").value == right[first]
    assert _attempts(s.engine) == 0 and not at.warning and not at.success


def test_a_failed_quiz_shows_each_wrong_answer_with_what_to_read_and_offers_retry(app_store, kb):
    s = app_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(s.engine, s.trainer, module, training.AssignTarget("person", "P-staff"))
    at = open_page(s.staff.account_id, MY_TRAINING, module="cyber-hygiene")
    questions = {q.id: q for q in kb.questions}
    right = _right(kb, "cyber-hygiene")
    wrong_ids = module.quiz[:3]
    for qid, choice in right.items():
        options = len(questions[qid].options)
        at.radio(key=f"training_q_{qid}").set_value(
            (choice + 1) % options if qid in wrong_ids else choice
        )
    at.button(key="training_submit").click().run()
    assert not at.exception and not at.error
    assert _shown(at.warning) == [
        "Not passed yet: 7 of 10 correct; 80 % needed (attempt 1). Read the pages again and retry."
    ]
    shown = [m for m in _shown(at.markdown) if m.startswith("**Question ")]
    assert [m.split(".**")[0] for m in shown] == ["**Question 1", "**Question 2", "**Question 3"]
    second = questions[module.quiz[1]]
    assert f"]({SITE}{second.page.strip('/')}/)" in shown[1]
    assert "Right answer: " in shown[1] and "Your answer: " in shown[1]
    assert at.button(key="training_retry")
    at.button(key="training_retry").click().run()
    assert not at.warning and not [m for m in at.markdown if m.value.startswith("**Question ")]
    assert all(at.radio(key=f"training_q_{qid}").value is None for qid in module.quiz)


def test_a_pass_offers_no_retry_and_the_counters_read_in_words(app_store, kb):
    s = app_store
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    incident = training.module_by_id(kb, "incident-reporting")
    soon = date.today() + timedelta(days=5)
    training.assign(s.engine, s.trainer, hygiene, training.AssignTarget("person", "P-staff"))
    training.assign(
        s.engine, s.trainer, incident, training.AssignTarget("person", "P-staff"), due_on=soon
    )
    at = open_page(s.staff.account_id, MY_TRAINING, module="cyber-hygiene")
    (counters,) = [m.value for m in at.markdown if "assigned to you in total" in m.value]
    assert counters.splitlines() == [
        "- 0 modules overdue (past the due date)",
        "- 1 module due within 14 days",
        "- 1 module due later",
        "- 0 modules completed and still valid",
        "- 2 modules assigned to you in total",
    ]
    for qid, choice in _right(kb, "cyber-hygiene").items():
        at.radio(key=f"training_q_{qid}").set_value(choice)
    at.button(key="training_submit").click().run()
    assert _shown(at.success)[0].startswith("Passed Everyday cyber hygiene: 10 of 10")
    assert not [b for b in at.button if b.key == "training_retry"]
    (counters,) = [m.value for m in at.markdown if "assigned to you in total" in m.value]
    assert "- 1 module completed and still valid" in counters.splitlines()


def test_the_dashboard_lists_the_register_assigns_one_person_and_exports_it(app_store, kb):
    s = app_store
    at = open_page(s.trainer.account_id, TRAINER)
    at.selectbox(key="assign_module").set_value("incident-reporting")
    at.selectbox(key="assign_target").set_value("person").run()
    assert "P-staff - Sam Staff" in at.selectbox(key="assign_value").options
    at.selectbox(key="assign_value").set_value("P-staff")
    at.button(key="assign_submit").click().run()
    assert not at.exception and not at.error
    assert _shown(at.success) == [
        "Assigned Spotting and reporting incidents to 1 person (0 already assigned)."
    ]
    register = _table(at, "learner_id", "name")
    assert list(register["learner_id"]) == ["P-staff"]
    assert list(register["status"]) == ["not started"]
    at.radio(key="export_records").set_value("register").run()
    assert at.radio(key="export_format").options == ["CSV", "Excel (XLSX)"]
    at.radio(key="export_format").set_value("csv")
    at.button(key="export_prepare").click().run()
    fmt, data, count, name = at.session_state["trainer_export"]
    assert (fmt, count) == ("csv", 1) and name.startswith("training-register-")
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame["status"]) == ["not started"]
    entries = audit.list_entries(s.engine, s.admin, action=audit.EXPORT)
    assert entries[0].target == "training_register"


def test_the_person_page_extends_and_cancels_for_a_trainer(app_store, kb):
    s = app_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("person", "P-staff"),
        due_on=date.today() + timedelta(days=10),
    )
    at = open_page(s.trainer.account_id, PERSON, person="P-staff")
    assert at.selectbox(key="person_pick").value == s.staff.person_id
    rows = _table(at, "module_title", "status")
    assert list(rows["status"]) == ["not started"]
    assert rows.loc[0, "assigned_by"] == "Tom Trainer"
    new_due = date.today() + timedelta(days=40)
    at.date_input(key="person_new_due").set_value(new_due)
    at.button(key="person_extend").click().run()
    assert not at.exception and not at.error
    assert _shown(at.success) == [f"Everyday cyber hygiene is now due {new_due.isoformat()}."]
    assert _table(at, "module_title", "status").loc[0, "due_date"] == new_due
    at.button(key="person_cancel").click().run()
    assert _shown(at.success) == ["Cancelled Everyday cyber hygiene for Sam Staff."]
    assert list(_table(at, "module_title", "status")["status"]) == ["cancelled"]
    # assign to this person from their page
    at.selectbox(key="person_assign_module").set_value("incident-reporting")
    at.button(key="person_assign").click().run()
    statuses = _table(at, "module_title", "status")[["module_title", "status"]]
    assert "not started" in list(statuses["status"])


def test_admins_see_a_person_but_change_nothing_and_staff_are_refused(app_store, kb):
    s = app_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(s.engine, s.trainer, module, training.AssignTarget("person", "P-staff"))
    at = open_page(s.admin.account_id, PERSON, person="P-staff")
    assert list(_table(at, "module_title", "status")["status"]) == ["not started"]
    keys = {b.key for b in at.button}
    assert not keys & {"person_assign", "person_extend", "person_cancel"}
    at = AppTest.from_file(PERSON, default_timeout=60)
    from store_support import log_in

    log_in(at, s.engine, s.staff.account_id)
    at.run()
    assert _shown(at.error) == ["Not allowed: the staff role may not view person training."]
    assert not at.dataframe
