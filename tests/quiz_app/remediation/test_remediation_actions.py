"""Remediation actions: life cycle, accepted risk, closing records, comments, access by role."""

from __future__ import annotations

import json
from datetime import date

import pytest

from quiz_app import assessments, audit
from quiz_app.assessments import Answer
from quiz_app.errors import InvalidInput, NotFound, PermissionDenied
from quiz_app.remediation import actions, plan

DUE = date(2030, 6, 30)


def submitted(s, actor=None) -> int:
    actor = actor or s.manager
    return assessments.submit_assessment(
        s.engine,
        actor,
        person_id=actor.person_id,
        track="management",
        answers=[Answer("q1", 0)],
        score=0.0,
        maturity="initial",
    )


def new_action(s, owner=None, **extra) -> int:
    values = {
        "title": "Write the incident handling procedure",
        "owner_person_id": (owner or s.staff).person_id,
        "due_on": DUE,
        "measure_id": "21-2-b",
    }
    return actions.create_action(s.engine, s.manager, **(values | extra))


def audit_actions(s) -> list[tuple[str, str, dict | None]]:
    return [(e.action, e.target, e.detail) for e in reversed(audit.list_entries(s.engine, s.admin))]


def test_an_action_from_a_gap_runs_its_life_cycle_and_closing_records_who_and_when(
    people_store,
):
    s = people_store
    assessment_id = submitted(s)
    action_id = new_action(s, assessment_id=assessment_id, question_id="q1")
    action = actions.get_action(s.engine, s.staff, action_id)
    assert (action.status, action.owner_name, action.due_on) == ("open", "Sam Staff", DUE)
    assert (action.assessment_id, action.measure_id, action.question_id) == (
        assessment_id,
        "21-2-b",
        "q1",
    )
    assert action.closed_at is None and action.closed_by is None

    actions.set_status(s.engine, s.staff, action_id, "in_progress")
    done = actions.set_status(s.engine, s.staff, action_id, "done")
    assert done.status == "done" and not done.is_open
    assert done.closed_by == s.staff.account_id and done.closed_at is not None

    reopened = actions.set_status(s.engine, s.manager, action_id, "open")
    assert (reopened.closed_at, reopened.closed_by) == (None, None)
    trail = [(a, t, d) for a, t, d in audit_actions(s) if t == f"action:{action_id}"]
    assert [(a, d.get("to")) for a, _, d in trail] == [
        ("action_create", None),
        ("action_status", "in_progress"),
        ("action_status", "done"),
        ("action_status", "open"),
    ]
    assert trail[0][2]["owner"] == f"person:{s.staff.person_id}"


def test_accepting_the_risk_needs_a_reason_which_is_kept(sqlite_people_store):
    s = sqlite_people_store
    action_id = new_action(s)
    for reason in (None, "", "   "):
        with pytest.raises(InvalidInput, match="reason for accepting the risk must not be empty"):
            actions.set_status(s.engine, s.manager, action_id, "accepted_risk", reason=reason)
    assert actions.get_action(s.engine, s.manager, action_id).status == "open"
    closed = actions.set_status(
        s.engine, s.manager, action_id, "accepted_risk", reason="Legacy system retired in Q3"
    )
    assert (closed.status, closed.risk_reason) == ("accepted_risk", "Legacy system retired in Q3")
    assert closed.closed_by == s.manager.account_id
    with pytest.raises(InvalidInput, match="unknown status 'closed'"):
        actions.set_status(s.engine, s.manager, action_id, "closed")


def test_creating_needs_a_title_an_owner_on_record_and_a_submitted_assessment(
    sqlite_people_store,
):
    s = sqlite_people_store
    with pytest.raises(InvalidInput, match="the title must not be empty"):
        new_action(s, title="  ")
    with pytest.raises(InvalidInput, match="the owner must be a person on record"):
        new_action(s, owner_person_id=9999)
    with pytest.raises(InvalidInput, match="is not an Art. 21\\(2\\) measure id"):
        new_action(s, measure_id="21-2-z")
    draft = assessments.save_draft(
        s.engine, s.manager, person_id=s.manager.person_id, track="management", answers=[]
    )
    with pytest.raises(InvalidInput, match="is not a submitted assessment"):
        new_action(s, assessment_id=draft.id)


def test_comments_are_an_append_only_thread_with_their_authors(sqlite_people_store):
    s = sqlite_people_store
    action_id = new_action(s)
    actions.add_comment(s.engine, s.manager, action_id, "Please start with the runbook.")
    actions.add_comment(s.engine, s.staff, action_id, "Draft shared on Friday.")
    thread = actions.comments(s.engine, s.staff, action_id)
    assert [(c.author, c.body) for c in thread] == [
        ("Mia Manager", "Please start with the runbook."),
        ("Sam Staff", "Draft shared on Friday."),
    ]
    with pytest.raises(InvalidInput, match="the comment must not be empty"):
        actions.add_comment(s.engine, s.staff, action_id, "")
    assert [a for a, t, _ in audit_actions(s) if t == f"action:{action_id}"].count(
        "action_comment"
    ) == 2


def test_staff_see_and_work_only_on_their_own_actions(sqlite_people_store):
    s = sqlite_people_store
    mine = new_action(s, owner=s.staff, title="Mine")
    theirs = new_action(s, owner=s.trainer, title="The trainer's")
    assert [a.title for a in plan.list_plan(s.engine, s.staff)] == ["Mine"]
    for attempt in (
        lambda: actions.get_action(s.engine, s.staff, theirs),
        lambda: actions.set_status(s.engine, s.staff, theirs, "done"),
        lambda: actions.add_comment(s.engine, s.staff, theirs, "hello"),
        lambda: actions.comments(s.engine, s.staff, theirs),
    ):
        with pytest.raises(PermissionDenied, match="only see and change the actions you own"):
            attempt()
    with pytest.raises(PermissionDenied, match="the staff role may not manage actions"):
        actions.create_action(
            s.engine, s.staff, title="Self-made", owner_person_id=s.staff.person_id, due_on=DUE
        )
    with pytest.raises(PermissionDenied, match="the staff role may not manage actions"):
        actions.reassign(s.engine, s.staff, mine, owner_person_id=s.staff.person_id, due_on=DUE)
    with pytest.raises(PermissionDenied, match="the trainer role may not manage actions"):
        actions.owners(s.engine, s.trainer)
    assert actions.get_action(s.engine, s.trainer, theirs).title == "The trainer's"


def test_managers_and_admins_see_and_manage_every_action(sqlite_people_store):
    s = sqlite_people_store
    first = new_action(s, owner=s.staff, title="First")
    new_action(s, owner=s.trainer, title="Second")
    for who in (s.manager, s.admin):
        assert {a.title for a in plan.list_plan(s.engine, who)} == {"First", "Second"}
    actions.reassign(
        s.engine, s.admin, first, owner_person_id=s.trainer.person_id, due_on=date(2031, 1, 1)
    )
    moved = actions.get_action(s.engine, s.trainer, first)
    assert (moved.owner_name, moved.due_on) == ("Tom Trainer", date(2031, 1, 1))
    with pytest.raises(PermissionDenied):
        actions.get_action(s.engine, s.staff, first)  # no longer Sam's
    names = [o.name for o in actions.owners(s.engine, s.manager)]
    assert names == sorted(names) and "Sam Staff" in names
    with pytest.raises(NotFound, match="no remediation action 999"):
        actions.get_action(s.engine, s.manager, 999)
    entry = next(e for e in audit_actions(s) if e[0] == "action_assign")
    assert json.dumps(entry[2]) and entry[2]["owner"]["to"] == s.trainer.person_id
