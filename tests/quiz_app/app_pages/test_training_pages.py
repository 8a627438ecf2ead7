"""Training pages through the app's entry point (AppTest): import people, assign, complete a
module, watch the dashboard change, export every format."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta

import openpyxl
import pandas as pd
import pytest
from store_support import PASSWORD, log_in, open_page
from streamlit.testing.v1 import AppTest
from support import FIXTURES, ROOT

from kb.load import load
from quiz_app import accounts, audit, people, store, training
from quiz_app.authz import Role
from quiz_app.core import schedule
from quiz_app.store import transaction

APP = ROOT / "quiz_app" / "app.py"
PAGES = APP.parent / "app_pages"
MY_TRAINING, TRAINER, PEOPLE = (
    str(PAGES / f"{name}.py") for name in ("my_training", "trainer_dashboard", "people_admin")
)
FIXTURE = FIXTURES / "people-20.csv"
SITE = "https://kb.example.org/nis2/"


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    return sqlite_people_store


def _open(account_id: int, page: str, **params: str) -> AppTest:
    return open_page(account_id, page, timeout=60, **params)


def _table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The dataframe whose first columns are ``columns`` (AppTest does not expose keys)."""
    for element in at.dataframe:
        frame = element.value
        if tuple(frame.columns[: len(columns)]) == columns:
            return frame
    raise AssertionError(f"no table with columns {columns}")


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _answer(at: AppTest, kb, module_id: str, wrong: int = 0) -> None:
    module = training.module_by_id(kb, module_id)
    questions = {q.id: q for q in kb.questions}
    for n, qid in enumerate(module.quiz):
        right = next(i for i, o in enumerate(questions[qid].options) if o.correct)
        choice = right if n >= wrong else (right + 1) % len(questions[qid].options)
        at.radio(key=f"training_q_{qid}").set_value(choice)
    at.button(key="training_submit").click().run()
    assert not at.exception


def test_new_user_journey(app_store, kb):
    s = app_store
    # An admin imports 20 people from the HR file.
    at = _open(s.admin.account_id, PEOPLE)
    at.text_area(key="people_paste").input(FIXTURE.read_text(encoding="utf-8-sig"))
    at.button(key="people_import").click().run()
    assert [m.value for m in at.success] == [
        "Imported pasted text: 20 created, 0 updated, 0 unchanged."
    ]
    assert len(_table(at, "id", "name")) == 24
    assert at.text_area(key="people_paste").value == ""  # emptied once imported
    with transaction(s.engine) as conn:
        chiara = people.person_id_for(conn, "E003")
    account = accounts.create_account(
        s.engine, s.admin, username="chiara", role=Role.STAFF, password=PASSWORD, person_id=chiara
    )

    # A trainer assigns the hygiene module to everyone.
    at = _open(s.trainer.account_id, TRAINER)
    at.selectbox(key="assign_module").set_value("cyber-hygiene")
    at.selectbox(key="assign_target").set_value("audience")
    at.button(key="assign_submit").click().run()
    assert [m.value for m in at.success] == [
        "Assigned Everyday cyber hygiene to 24 people (0 already assigned)."
    ]
    # The figures above the form count the new assignments at once, not after a reload.
    assert (_metric(at, "Assignments"), _metric(at, "Completed")) == ("24", "0 (0%)")

    # Chiara sees it, reads (links into the site) and passes the quiz.
    at = _open(account, MY_TRAINING)
    table = _table(at, "module", "status")
    assert list(table["module"]) == ["Everyday cyber hygiene"]
    assert list(table["status"]) == ["assigned"]
    links = "\n".join(m.value for m in at.markdown)
    assert f"]({SITE}measures/21-2-g/)" in links
    assert at.selectbox(key="training_module").value == "cyber-hygiene"
    _answer(at, kb, "cyber-hygiene", wrong=1)
    until = schedule.valid_until(store.utcnow(), 12).date().isoformat()
    assert [m.value for m in at.success] == [
        f"Passed Everyday cyber hygiene: 9 of 10 correct (attempt 1). Valid until {until}."
    ]
    assert list(_table(at, "module", "status")["status"]) == ["completed"]

    # The dashboard shows the change; the trainer exports every format.
    at = _open(s.trainer.account_id, TRAINER)
    assert _metric(at, "Completed") == "1 (4%)"
    by_dept = _table(at, "department", "completed").set_index("department")
    assert (by_dept.loc["IT", "completed"], by_dept.loc["IT", "of"]) == (1, 6)
    at.multiselect(key="trainer_departments").set_value(["IT"]).run()
    assert _metric(at, "Assignments") == "6"
    at.multiselect(key="trainer_departments").set_value([]).run()
    for fmt in ("csv", "xlsx", "xapi"):
        at.radio(key="export_format").set_value(fmt)
        at.button(key="export_prepare").click().run()
        assert not at.exception and not at.error
        p_fmt, data, count, name = at.session_state["trainer_export"]
        assert (p_fmt, count) == (fmt, 1)
        if fmt == "csv":
            frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
            assert list(frame["learner_id"]) == ["E003"] and name.endswith(".csv")
        elif fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(data)).active
            assert sheet.cell(2, 3).value == "Chiara Rossi"
        else:
            (statement,) = json.loads(data)
            assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    details = [e.detail for e in audit.list_entries(s.engine, s.admin, action=audit.EXPORT)]
    assert [d["format"] for d in details] == ["xapi", "xlsx", "csv"]
    assert all(d["count"] == 1 for d in details)


def test_failing_shows_a_warning_and_keeps_the_module_open(app_store, kb):
    s = app_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(s.engine, s.trainer, module, training.AssignTarget("person", "P-staff"))
    at = _open(s.staff.account_id, MY_TRAINING, module="cyber-hygiene")
    _answer(at, kb, "cyber-hygiene", wrong=5)
    assert [m.value for m in at.warning] == [
        "Not passed yet: 5 of 10 correct; 80 % needed (attempt 1). Read the pages again and retry."
    ]
    assert list(_table(at, "module", "status")["status"]) == ["assigned"]


def test_module_link_from_the_site_preselects_it(app_store):
    at = _open(app_store.manager.account_id, MY_TRAINING, module="management-body")
    assert at.selectbox(key="training_module").value == "management-body"
    assert (
        "management-body"
        not in _open(app_store.staff.account_id, MY_TRAINING)
        .selectbox(key="training_module")
        .options
    )


def test_overdue_list_names_people_but_no_assessment_data(app_store, kb):
    s = app_store
    module = training.module_by_id(kb, "incident-reporting")
    past = datetime.now() - timedelta(days=40)
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("department", "Operations"),
        due_on=(past + timedelta(days=10)).date(),
        now=past,
    )
    at = _open(s.trainer.account_id, TRAINER)
    late = _table(at, "HR id")
    assert sorted(late["name"]) == ["Mia Manager", "Sam Staff", "Tom Trainer"]
    assert set(late["days overdue"]) == {30}
    assert list(late.columns) == ["HR id", "name", "department", "module", "due", "days overdue"]
    assert _metric(at, "Overdue") == "3"


def test_bad_import_lists_every_problem_and_imports_nothing(app_store):
    at = _open(app_store.admin.account_id, PEOPLE)
    at.text_area(key="people_paste").input(
        "id,name,email,department,role,is_management_body\n"
        "E1,Ann,not-an-email,IT,Dev,no\nE1,Ann,ann@example.org,IT,Dev,perhaps\n"
    )
    at.button(key="people_import").click().run()
    assert [e.value for e in at.error] == ["Nothing imported from pasted text: 2 problems."]
    assert at.code[0].value == (
        "pasted text:2: email: not an e-mail address: 'not-an-email'\n"
        "pasted text:3: is_management_body: 'perhaps' is not one of: true, false, yes, no, 1, 0"
    )
    assert len(_table(at, "id", "name")) == 4


def test_an_import_over_the_size_limit_is_refused_in_one_line(app_store, monkeypatch):
    monkeypatch.setenv("NIS2_IMPORT_MAX_BYTES", "100")
    at = _open(app_store.admin.account_id, PEOPLE)
    at.text_area(key="people_paste").input(
        "id,name,email,department,role,is_management_body\n" + "E1,Ann,,IT,Dev,no\n" * 5
    )
    at.button(key="people_import").click().run()
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in at.error] == [
        "Nothing imported from pasted text: larger than the import limit of 100 bytes "
        "(NIS2_IMPORT_MAX_BYTES); split it into smaller files"
    ]
    assert not at.code and len(_table(at, "id", "name")) == 4


def test_accounts_table_names_each_accounts_person_and_hr_id(app_store):
    at = _open(app_store.admin.account_id, str(PAGES / "admin_accounts.py"))
    table = _table(at, "username", "role", "person", "HR id").set_index("username")
    assert (table.loc["staff", "person"], table.loc["staff", "HR id"]) == ("Sam Staff", "P-staff")
    assert "id" not in table.columns


def test_creating_an_account_linked_to_a_person_names_both(app_store):
    at = _open(app_store.admin.account_id, str(PAGES / "admin_accounts.py"))
    at.text_input(key="new_username").input("sam2")
    at.text_input(key="new_password").input(PASSWORD)
    at.selectbox(key="new_person").set_value("P-staff - Sam Staff")
    next(b for b in at.button if b.label == "Create account").click().run()
    assert [m.value for m in at.success] == [
        "Created account **sam2** (role staff, linked to P\\-staff \\- Sam Staff)."
    ]
    assert at.selectbox(key="new_person").value == "(none)"


def test_import_with_no_file_and_no_text_says_so(app_store):
    at = _open(app_store.admin.account_id, PEOPLE)
    before = _table(at, "id", "name")
    at.button(key="people_import").click().run()
    assert [w.value for w in at.warning] == [
        "Choose a CSV file or paste its text first; nothing was imported."
    ]
    assert not at.error and not at.success
    assert _table(at, "id", "name").equals(before)


def test_staff_cannot_reach_trainer_or_people_pages(app_store):
    at = AppTest.from_file(TRAINER, default_timeout=60)
    log_in(at, app_store.engine, app_store.staff.account_id)
    at.run()
    assert [e.value for e in at.error] == ["Not allowed: the staff role may not view completions."]
    assert not at.dataframe and not at.metric


def test_creating_an_account_shows_it_at_once_and_empties_the_form(app_store):
    at = _open(app_store.admin.account_id, str(PAGES / "admin_accounts.py"))
    create = next(b for b in at.button if b.label == "Create account")
    at.text_input(key="new_username").input("newtrainer")
    at.selectbox(key="new_role").set_value("trainer")
    at.text_input(key="new_password").input(PASSWORD)
    create.click().run()
    assert not at.exception and not at.error
    assert [m.value for m in at.success] == ["Created account **newtrainer** (role trainer)."]
    assert "newtrainer" in list(_table(at, "username")["username"])
    assert at.text_input(key="new_username").value == ""
    assert at.text_input(key="new_password").value == ""
    # A refused account keeps what was typed, with the reason.
    at.text_input(key="new_username").input("newtrainer")
    at.text_input(key="new_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Create account").click().run()
    assert at.error and not at.success
    assert at.text_input(key="new_username").value == "newtrainer"
