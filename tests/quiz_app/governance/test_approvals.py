"""Approvals of the management body: append-only history, checks, training beside them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from governance_support import add_board
from migration_support import correct_answers
from sqlalchemy.exc import DBAPIError

from kb.load import load
from quiz_app import audit, store, training
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.governance import approvals

MEETING = date(2026, 11, 20)


@pytest.fixture
def board(people_store):
    return add_board(people_store)


def _record(seed, members, **kw) -> int:
    values = {
        "subject": "measures",
        "approved_on": MEETING,
        "meeting_reference": "Board minutes 2026/11",
    }
    values.update(kw)
    return approvals.record_approval(
        seed.engine, seed.manager, member_ids=[m.person_id for m in members], **values
    )


def test_a_manager_records_approvals_and_sees_the_history_latest_first(people_store, board):
    first = _record(people_store, board[:2])
    second = _record(
        people_store,
        board,
        subject="remediation_plan",
        approved_on=MEETING + timedelta(days=1),
        meeting_reference="Extraordinary meeting 2026/12",
        note="Plan v2",
    )
    correction = _record(people_store, board, supersedes=first, meeting_reference="Minutes corr.")
    history = approvals.list_approvals(people_store.engine, people_store.manager)
    assert [a.id for a in history] == [second, correction, first]
    assert history[0].members == ("Eliška Dvořáková", "Łukasz Nowak", "Γιώργος Παπαδόπουλος")
    assert (history[0].subject, history[0].note) == ("remediation_plan", "Plan v2")
    assert history[1].supersedes == first


@pytest.mark.parametrize("role", ["staff", "trainer", "admin"])
def test_only_managers_record_and_view_approvals(people_store, board, role):
    actor = getattr(people_store, role)
    with pytest.raises(PermissionDenied):
        approvals.record_approval(
            people_store.engine,
            actor,
            subject="measures",
            approved_on=MEETING,
            meeting_reference="x",
            member_ids=[board[0].person_id],
        )
    with pytest.raises(PermissionDenied):
        approvals.list_approvals(people_store.engine, actor)
    with pytest.raises(PermissionDenied):
        approvals.board_training(people_store.engine, actor, load())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"subject": "budget"}, "subject must be one of"),
        ({"approved_on": date.today() + timedelta(days=1)}, "in the future"),
        ({"meeting_reference": " "}, "meeting reference"),
        ({"supersedes": 999}, "no approval 999"),
    ],
)
def test_an_incomplete_approval_is_refused(people_store, board, change, message):
    with pytest.raises(InvalidInput, match=message):
        _record(people_store, board, **change)
    assert approvals.list_approvals(people_store.engine, people_store.manager) == []


def test_only_members_of_the_management_body_can_be_present(people_store, board):
    with pytest.raises(InvalidInput, match="not members of the management body"):
        _record(people_store, [board[0], people_store.staff])
    with pytest.raises(InvalidInput, match="members of the management body who were present"):
        _record(people_store, [])


def test_approvals_cannot_be_changed_or_deleted_in_the_store(people_store, board):
    _record(people_store, board)
    changes = {"approvals": "meeting_reference = 'x'", "approval_members": "person_id = 0"}
    for table, change in changes.items():
        for statement in (f"UPDATE {table} SET {change}", f"DELETE FROM {table}"):
            with (
                pytest.raises(DBAPIError, match=f"{table} is append-only"),
                store.transaction(people_store.engine) as conn,
            ):
                conn.exec_driver_sql(statement)
    assert len(approvals.list_approvals(people_store.engine, people_store.manager)) == 1


def test_board_training_shows_who_holds_a_valid_management_pass(people_store, board):
    kb = load()
    [module] = [m for m in kb.training if m.audience == "management"]
    start = datetime(2026, 1, 5, 9, 0)
    training.record_attempt(
        people_store.engine,
        board[0],
        kb,
        module,
        correct_answers(kb, module, wrong=0),
        started_at=start,
        now=start + timedelta(minutes=10),
    )
    rows = approvals.board_training(
        people_store.engine, people_store.manager, kb, now=start + timedelta(days=30)
    )
    held = {r.name: r.trained for r in rows}
    assert held == {
        "Eliška Dvořáková": False,
        "Mia Manager": False,
        "Γιώργος Παπαδόπουλος": False,
        "Łukasz Nowak": True,
    }
    expired = start + timedelta(days=31 * module.validity_months + 1)
    later = approvals.board_training(people_store.engine, people_store.manager, kb, now=expired)
    assert not any(r.trained for r in later)


def test_recording_is_audited_with_ids_only(people_store, board):
    approval_id = _record(people_store, board)
    [entry] = audit.list_entries(
        people_store.engine, people_store.admin, action=approvals.APPROVAL_RECORD
    )
    assert entry.target == f"approval:{approval_id}"
    assert entry.detail["members"] == sorted(m.person_id for m in board)
    assert entry.actor_account_id == people_store.manager.account_id


def test_a_person_export_lists_their_rounds_and_approvals_and_erasure_keeps_the_history(
    people_store, board
):
    from quiz_app import gdpr
    from quiz_app.governance import rounds

    _record(people_store, board)
    rounds.open_round(
        people_store.engine,
        people_store.manager,
        title="Board review",
        track="management",
        deadline=date.today() + timedelta(days=7),
        participant_ids=[board[0].person_id],
    )
    held = gdpr.export_person(people_store.engine, people_store.admin, "B-1")["tables"]
    assert [r["person_id"] for r in held["approval_members"]] == [board[0].person_id]
    assert [r["person_id"] for r in held["round_participants"]] == [board[0].person_id]

    pseudonym = gdpr.erase_person(people_store.engine, people_store.admin, "B-1")
    [approval] = approvals.list_approvals(people_store.engine, people_store.manager)
    assert pseudonym in approval.members and "Łukasz Nowak" not in approval.members
