"""The remediation plan: overdue first, filters by measure, owner and status; targets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_remediation_actions import new_action

from kb.load import load
from quiz_app import audit, self_assessment
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.remediation import actions, plan, targets

TODAY = date(2030, 3, 1)


def test_overdue_actions_come_first_then_by_due_date(sqlite_people_store):
    s = sqlite_people_store
    later = new_action(s, title="Due later", due_on=TODAY + timedelta(days=30))
    soon = new_action(s, title="Due soon", due_on=TODAY + timedelta(days=2))
    late = new_action(s, title="Late", due_on=TODAY - timedelta(days=1))
    very_late = new_action(s, title="Very late", due_on=TODAY - timedelta(days=40))
    listed = plan.list_plan(s.engine, s.manager, today=TODAY)
    assert [a.id for a in listed] == [very_late, late, soon, later]
    assert [a.overdue(TODAY) for a in listed] == [True, True, False, False]
    # a closed action is not overdue and leaves the open plan
    actions.set_status(s.engine, s.manager, late, "done")
    assert [a.id for a in plan.list_plan(s.engine, s.manager, today=TODAY)] == [
        very_late,
        soon,
        later,
    ]
    everything = plan.list_plan(
        s.engine, s.manager, statuses=tuple(actions.STATUS_LABELS), today=TODAY
    )
    assert [a.id for a in everything] == [very_late, late, soon, later]
    assert not everything[1].overdue(TODAY)


def test_the_plan_filters_by_measure_owner_and_status(sqlite_people_store):
    s = sqlite_people_store
    a = new_action(s, title="A", measure_id="21-2-b", owner=s.staff)
    b = new_action(s, title="B", measure_id="21-2-c", owner=s.staff)
    c = new_action(s, title="C", measure_id="21-2-b", owner=s.trainer)
    actions.set_status(s.engine, s.manager, c, "in_progress")

    def titles(**filters):
        return sorted(x.title for x in plan.list_plan(s.engine, s.manager, **filters))

    assert titles() == ["A", "B", "C"]
    assert titles(measure_id="21-2-b") == ["A", "C"]
    assert titles(owner_person_id=s.staff.person_id) == ["A", "B"]
    assert titles(statuses=("in_progress",)) == ["C"]
    assert titles(measure_id="21-2-b", owner_person_id=s.staff.person_id) == ["A"]
    actions.set_status(s.engine, s.manager, b, "accepted_risk", reason="Out of scope")
    assert titles(statuses=("accepted_risk",)) == ["B"]
    assert plan.evidence_counts(s.engine, s.manager, [a, b]) == {}
    with pytest.raises(InvalidInput, match="unknown status 'late'"):
        plan.list_plan(s.engine, s.manager, statuses=("late",))


def test_targets_are_set_by_managers_and_admins_and_audited(sqlite_people_store):
    s = sqlite_people_store
    assert targets.get_targets(s.engine, s.staff) == {}
    targets.set_target(s.engine, s.manager, "21-2-b", "managed")
    targets.set_target(s.engine, s.admin, "21-2-c", "developing")
    targets.set_target(s.engine, s.admin, "21-2-b", "managed")  # no change, no entry
    assert targets.get_targets(s.engine, s.staff) == {"21-2-b": "managed", "21-2-c": "developing"}
    entries = [e for e in audit.list_entries(s.engine, s.admin) if e.action == "target_set"]
    assert [(e.target, e.detail) for e in reversed(entries)] == [
        ("measure:21-2-b", {"from": "defined", "to": "managed"}),
        ("measure:21-2-c", {"from": "defined", "to": "developing"}),
    ]
    with pytest.raises(PermissionDenied, match="the staff role may not set targets"):
        targets.set_target(s.engine, s.staff, "21-2-b", "initial")
    with pytest.raises(InvalidInput, match="unknown maturity level 'top'"):
        targets.set_target(s.engine, s.manager, "21-2-b", "top")
    with pytest.raises(InvalidInput, match="not an Art. 21\\(2\\) measure id"):
        targets.set_target(s.engine, s.manager, "21-2-x", "managed")


def test_results_count_gaps_against_the_targets_in_force(sqlite_people_store):
    s = sqlite_people_store
    kb = load()
    questions = self_assessment.questions_for(kb, "management")
    # every answer at the third option (0.67): reaches "defined", falls short of "managed"
    choices = {q.id: 2 for q in questions}
    self_assessment.submit(s.engine, s.manager, kb, "management", choices)
    [summary] = self_assessment.submitted_assessments(s.engine, s.manager)
    assert self_assessment.result_of(s.engine, s.manager, kb, summary).gaps == ()
    targets.set_target(s.engine, s.manager, "21-2-b", "managed")
    gaps = self_assessment.result_of(s.engine, s.manager, kb, summary).gaps
    expected = {q.id for q in questions if "21-2-b" in q.measures}
    assert expected and {g.question.id for g in gaps} == expected
