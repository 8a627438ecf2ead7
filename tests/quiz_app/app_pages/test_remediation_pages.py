"""The remediation pages through the entry point (AppTest): a manager opens an action on a
gap from the results page, its owner works on it in the plan, targets change what a gap is."""

from __future__ import annotations

from datetime import date

import pytest
from store_support import open_page
from support import ROOT

from kb.load import load
from quiz_app import self_assessment
from quiz_app.remediation import actions, evidence, plan, targets

PAGES = ROOT / "quiz_app" / "app_pages"
RESULTS, PLAN, TARGETS = (
    str(PAGES / f"{name}.py") for name in ("results", "remediation_plan", "targets")
)
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    return sqlite_people_store


def _submit_management(s, option: int) -> None:
    kb = load()
    questions = self_assessment.questions_for(kb, "management")
    self_assessment.submit(s.engine, s.manager, kb, "management", {q.id: option for q in questions})


def test_a_manager_opens_an_action_on_a_gap_from_the_results_page(app_store):
    s = app_store
    _submit_management(s, 1)  # 0.33 everywhere: below the default target "defined"
    at = open_page(s.manager.account_id, RESULTS, timeout=30)
    targets_table = at.dataframe[-1].value  # the targets table, after the articles
    assert set(targets_table["Target"]) == {"defined"} and set(targets_table["Reached"]) == {"no"}
    gaps = [m.value for m in at.markdown if m.value.startswith("**1. ")]
    assert gaps and "target defined" in gaps[0]
    question = self_assessment.questions_for(load(), "management")
    first = next(q for q in question if gaps[0].startswith(f"**1. {q.text}"))
    key = f"gap_{first.id}"
    at.text_input(key=f"{key}_title").set_value("Adopt an incident runbook")
    at.selectbox(key=f"{key}_owner").set_value(s.staff.person_id)
    at.date_input(key=f"{key}_due").set_value(date(2030, 1, 31))
    at.button(key=f"FormSubmitter:{key}-Create the action").click().run()
    assert not at.exception
    assert [m.value for m in at.success] == [
        "Action #1 created for Sam Staff: it is on the remediation plan."
    ]
    [made] = plan.list_plan(s.engine, s.manager)
    assert (made.title, made.owner_name, made.due_on, made.question_id) == (
        "Adopt an incident runbook",
        "Sam Staff",
        date(2030, 1, 31),
        first.id,
    )
    assert made.assessment_id is not None and made.measure_id == first.measures[0]
    assert any(m.value.startswith("**#1 Adopt an incident runbook**") for m in at.markdown)


def test_staff_see_no_gap_form_and_only_their_own_actions_in_the_plan(app_store):
    s = app_store
    mine = actions.create_action(
        s.engine,
        s.manager,
        title="Mine [click](javascript:alert(1))",
        owner_person_id=s.staff.person_id,
        due_on=date(2020, 1, 1),
        measure_id="21-2-b",
    )
    actions.create_action(
        s.engine,
        s.manager,
        title="Not mine",
        owner_person_id=s.trainer.person_id,
        due_on=date(2031, 1, 1),
    )
    evidence.add_file(s.engine, s.manager, mine, "scan.pdf", PDF)
    at = open_page(s.staff.account_id, PLAN, timeout=30)
    table = at.dataframe[0].value
    assert list(table["Action"]) == ["Mine [click](javascript:alert(1))"]
    assert list(table["Overdue"]) == ["yes"] and list(table["Evidence"]) == [1]
    assert not [s for s in at.selectbox if s.key == "plan_owner"]
    line = next(m.value for m in at.markdown if m.value.startswith("**#"))
    assert "](javascript" not in line and "\\[click\\]" in line  # shown as typed, no link
    [download] = at.get("download_button")
    assert download.proto.label.startswith("scan.pdf (")

    at.selectbox(key=f"action_status_{mine}").set_value("accepted_risk")
    at.button(key=f"action_save_status_{mine}").click().run()
    assert [e.value for e in at.error] == ["the reason for accepting the risk must not be empty"]
    assert actions.get_action(s.engine, s.staff, mine).status == "open"
    at.selectbox(key=f"action_status_{mine}").set_value("accepted_risk")
    at.text_area(key=f"action_reason_{mine}").set_value("Supplier contract ends in June")
    at.button(key=f"action_save_status_{mine}").click().run()
    assert [m.value for m in at.success] == ["Action #1 is now accepted risk."]
    closed = actions.get_action(s.engine, s.staff, mine)
    assert (closed.status, closed.closed_by) == ("accepted_risk", s.staff.account_id)

    at.multiselect(key="plan_status").set_value(list(actions.STATUS_LABELS)).run()
    at.text_area(key=f"action_comment_{mine}").set_value("Signed off by procurement.")
    at.button(key=f"action_add_comment_{mine}").click().run()
    assert any(m.value.endswith("UTC: Signed off by procurement\\.") for m in at.markdown)
    at.text_input(key=f"action_link_{mine}").set_value("javascript:alert(1)")
    at.button(key=f"action_add_link_{mine}").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [  # Markdown-escaped, shown as is
        "a link must start with http:// or https:// and name a host"
    ]
    assert evidence.list_evidence(s.engine, s.staff, mine)[-1].kind == "file"


def test_the_targets_page_changes_what_a_gap_is(app_store):
    s = app_store
    _submit_management(s, 2)  # 0.67 everywhere: reaches "defined"
    at = open_page(s.manager.account_id, RESULTS, timeout=30)
    assert [m.value for m in at.success] == [
        "No gaps: every applicable question reaches its target level."
    ]
    at.switch_page(TARGETS).run()
    assert at.selectbox(key="target_21-2-b").value == "defined"
    at.selectbox(key="target_21-2-b").set_value("managed")
    at.button(key="targets_save").click().run()
    assert not at.exception
    assert [m.value for m in at.success] == ["Targets saved (1 changed)."]
    assert targets.get_targets(s.engine, s.staff) == {"21-2-b": "managed"}
    at.switch_page(RESULTS).run()
    gaps = [m.value for m in at.markdown if m.value.startswith("**1. ")]
    assert gaps and "target managed" in gaps[0]
