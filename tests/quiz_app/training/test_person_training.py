"""One person's training: what trainers and admins see, and the changes only trainers make
(assign to that person, extend a due date, cancel), each audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kb.load import load
from quiz_app import audit, training
from quiz_app.errors import InvalidInput, NotFound, PermissionDenied

NOW = datetime(2025, 3, 3, 9, 0)


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def assigned(people_store, kb):
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("person", "P-staff"),
        due_on=date(2025, 4, 1),
        now=NOW,
    )
    (row,) = training.person_training(
        s.engine, s.trainer, kb, s.staff.person_id, now=NOW
    ).assignments
    return s, row


def test_the_person_page_shows_their_assignments_and_attempts(assigned, kb):
    s, row = assigned
    assert (row.learner_id, row.module_id, row.status) == (
        "P-staff",
        "cyber-hygiene",
        "not started",
    )
    module = training.module_by_id(kb, "cyber-hygiene")
    training.record_attempt(
        s.engine,
        s.staff,
        kb,
        module,
        {qid: 0 for qid in module.quiz},
        started_at=NOW,
        now=NOW + timedelta(minutes=3),
    )
    for viewer in (s.trainer, s.admin):
        seen = training.person_training(s.engine, viewer, kb, s.staff.person_id, now=NOW)
        assert seen.person.name == "Sam Staff"
        assert [r.status for r in seen.assignments] == ["in progress"]
        assert [(a.module_id, a.attempt_no) for a in seen.attempts] == [("cyber-hygiene", 1)]
    assert ("P-staff - Sam Staff") in dict(training.people_to_pick(s.engine, s.trainer)).values()


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_staff_and_managers_may_not_open_anyones_person_page(assigned, kb, role):
    s, _ = assigned
    actor = getattr(s, role)
    with pytest.raises(PermissionDenied):
        training.person_training(s.engine, actor, kb, actor.person_id)
    with pytest.raises(PermissionDenied):
        training.people_to_pick(s.engine, actor)


def test_a_trainer_extends_then_cancels_and_both_are_audited(assigned, kb):
    s, row = assigned
    training.extend_due(s.engine, s.trainer, row.assignment_id, date(2025, 5, 15), now=NOW)
    (after,) = training.person_training(
        s.engine, s.trainer, kb, s.staff.person_id, now=NOW
    ).assignments
    assert after.due_date == date(2025, 5, 15)
    training.cancel_assignment(s.engine, s.trainer, row.assignment_id, now=NOW)
    (gone,) = training.person_training(
        s.engine, s.trainer, kb, s.staff.person_id, now=NOW
    ).assignments
    assert gone.status == "cancelled"
    assert [r.module_id for r in training.my_training(s.engine, s.staff, now=NOW)] == []
    entries = {
        e.action: e.detail
        for e in audit.list_entries(s.engine, s.admin)
        if e.action in ("training_extend", "training_cancel")
    }
    assert entries["training_extend"] == {
        "assignment": row.assignment_id,
        "module": "cyber-hygiene",
        "from": "2025-04-01",
        "to": "2025-05-15",
    }
    assert entries["training_cancel"] == {
        "assignment": row.assignment_id,
        "module": "cyber-hygiene",
    }
    with pytest.raises(InvalidInput, match="is closed already"):
        training.extend_due(s.engine, s.trainer, row.assignment_id, date(2025, 6, 1), now=NOW)
    # assigning again after a cancel opens a new assignment
    module = training.module_by_id(kb, "cyber-hygiene")
    again = training.assign(
        s.engine, s.trainer, module, training.AssignTarget("person", "P-staff"), now=NOW
    )
    assert again.assigned == 1


def test_only_trainers_change_assignments(assigned):
    s, row = assigned
    for actor in (s.admin, s.staff, s.manager):
        with pytest.raises(PermissionDenied):
            training.extend_due(s.engine, actor, row.assignment_id, date(2025, 5, 1), now=NOW)
        with pytest.raises(PermissionDenied):
            training.cancel_assignment(s.engine, actor, row.assignment_id, now=NOW)


def test_a_due_date_in_the_past_or_an_unknown_assignment_is_refused(assigned):
    s, row = assigned
    with pytest.raises(InvalidInput, match=r"^the due date 2025-03-02 is in the past$"):
        training.extend_due(s.engine, s.trainer, row.assignment_id, date(2025, 3, 2), now=NOW)
    with pytest.raises(NotFound, match="no assignment 999"):
        training.cancel_assignment(s.engine, s.trainer, 999, now=NOW)
