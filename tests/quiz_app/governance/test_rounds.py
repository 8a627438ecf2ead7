"""Assessment rounds: opening, who sees what, submissions, closing and the combined view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from governance_support import add_board, management_choices, submit_all
from sqlalchemy import select

from kb.load import load
from quiz_app import self_assessment, store
from quiz_app.errors import InvalidInput, NotFound, PermissionDenied
from quiz_app.governance import rounds

DEADLINE = date.today() + timedelta(days=14)


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def board(people_store):
    return add_board(people_store)


def _open(seed, board, **kw) -> int:
    values = {"title": "Board review 2026", "track": "management", "deadline": DEADLINE}
    values.update(kw)
    ids = [m.person_id for m in board]
    return rounds.open_round(seed.engine, seed.manager, participant_ids=ids, **values)


def test_staff_and_trainers_cannot_open_list_or_close_rounds(people_store, board):
    round_id = _open(people_store, board)
    for actor in (people_store.staff, people_store.trainer):
        with pytest.raises(PermissionDenied):
            rounds.open_round(
                people_store.engine,
                actor,
                title="x",
                track="staff",
                deadline=DEADLINE,
                participant_ids=[actor.person_id],
            )
        with pytest.raises(PermissionDenied):
            rounds.list_rounds(people_store.engine, actor)
        with pytest.raises(PermissionDenied):
            rounds.round_progress(people_store.engine, actor, round_id)
        with pytest.raises(PermissionDenied):
            rounds.close_round(people_store.engine, actor, round_id)
    assert [r.id for r in rounds.list_rounds(people_store.engine, people_store.admin)] == [round_id]


def test_opening_checks_title_deadline_participants_and_their_track(people_store, board):
    with pytest.raises(InvalidInput, match="title"):
        _open(people_store, board, title="  ")
    with pytest.raises(InvalidInput, match="deadline is in the past"):
        _open(people_store, board, deadline=date.today() - timedelta(days=1))
    with pytest.raises(InvalidInput, match="at least one participant"):
        _open(people_store, [])
    with pytest.raises(InvalidInput, match="Sam Staff has no account that may take the management"):
        _open(people_store, [*board, people_store.staff])
    with pytest.raises(InvalidInput, match="unknown track"):
        _open(people_store, board, track="board")
    assert rounds.list_rounds(people_store.engine, people_store.manager) == []


def test_participants_see_only_their_rounds_and_others_cannot_submit(people_store, board, kb):
    round_id = _open(people_store, board)
    [mine] = rounds.my_rounds(people_store.engine, board[0])
    assert (mine.round.title, mine.round.participants, mine.i_submitted) == (
        "Board review 2026",
        3,
        False,
    )
    assert rounds.my_rounds(people_store.engine, people_store.manager) == []
    assert rounds.my_rounds(people_store.engine, people_store.staff) == []
    with pytest.raises(PermissionDenied, match="not a participant"):
        rounds.submit_in_round(
            people_store.engine, people_store.manager, kb, round_id, management_choices(kb, 1)
        )
    with pytest.raises(NotFound):
        rounds.participant_round(people_store.engine, board[0], round_id + 1)


def test_progress_shows_who_submitted_and_the_assessment_is_an_ordinary_one(
    people_store, board, kb
):
    round_id = _open(people_store, board)
    assessment_id = rounds.submit_in_round(
        people_store.engine, board[1], kb, round_id, management_choices(kb, 2)
    )
    progress = rounds.round_progress(people_store.engine, people_store.manager, round_id)
    assert {(p.name, p.submitted) for p in progress} == {
        ("Łukasz Nowak", False),
        ("Eliška Dvořáková", True),
        ("Γιώργος Παπαδόπουλος", False),
    }
    [own] = self_assessment.submitted_assessments(people_store.engine, board[1])
    assert own.id == assessment_id and own.track == "management"
    assert rounds.my_rounds(people_store.engine, board[1])[0].i_submitted


def test_a_self_assessment_outside_a_round_is_not_counted_in_it(people_store, board, kb):
    round_id = _open(people_store, board)
    self_assessment.submit(people_store.engine, board[0], kb, "management", {})
    [summary] = rounds.list_rounds(people_store.engine, people_store.manager)
    assert (summary.id, summary.submitted) == (round_id, 0)


def test_the_combined_view_appears_at_the_close_with_disagreement_first(people_store, board, kb):
    round_id = _open(people_store, board)
    submit_all(people_store, kb, round_id, board, options=(0, 1, 3))
    with pytest.raises(InvalidInput, match="appears when the round is closed"):
        rounds.combined_view(people_store.engine, people_store.manager, kb, round_id)
    closed = rounds.close_round(people_store.engine, people_store.manager, round_id)
    assert (closed.status, closed.submitted) == ("closed", 3)

    view = rounds.combined_view(people_store.engine, people_store.manager, kb, round_id)
    assert view.spreads, "one row per measure"
    assert all(s.members == 3 for s in view.spreads)
    assert [s.spread for s in view.spreads] == sorted(
        (s.spread for s in view.spreads), reverse=True
    )
    assert all(s.low <= s.median <= s.high for s in view.spreads)
    assert view.spreads[0].spread > 0
    # A participant sees the same view once closed; staff who took no part see nothing.
    assert rounds.combined_view(people_store.engine, board[2], kb, round_id) == view
    with pytest.raises(PermissionDenied):
        rounds.combined_view(people_store.engine, people_store.staff, kb, round_id)


def test_a_closed_round_is_frozen(people_store, board, kb):
    round_id = _open(people_store, board)
    rounds.close_round(people_store.engine, people_store.admin, round_id)
    with pytest.raises(InvalidInput, match="already closed"):
        rounds.close_round(people_store.engine, people_store.manager, round_id)
    with pytest.raises(InvalidInput, match="is closed"):
        rounds.submit_in_round(people_store.engine, board[0], kb, round_id, {})
    assert rounds.my_rounds(people_store.engine, board[0])[0].round.status == "closed"


def test_fewer_than_three_submissions_show_no_figures(people_store, board, kb):
    round_id = _open(people_store, board)
    submit_all(people_store, kb, round_id, board[:2], options=(0, 3))
    rounds.close_round(people_store.engine, people_store.manager, round_id)
    view = rounds.combined_view(people_store.engine, people_store.manager, kb, round_id)
    assert view.spreads is None and view.round.submitted == 2


def test_every_step_is_audited(people_store, board, kb):
    round_id = _open(people_store, board)
    rounds.submit_in_round(people_store.engine, board[0], kb, round_id, {})
    rounds.close_round(people_store.engine, people_store.manager, round_id)
    log = store.audit_log
    with store.transaction(people_store.engine) as conn:
        rows = conn.execute(
            select(log.c.action, log.c.actor_account_id, log.c.target).where(
                log.c.action.like("round_%")
            )
        ).all()
    target = f"round:{round_id}"
    assert sorted(rows) == sorted(
        [
            (rounds.ROUND_OPEN, people_store.manager.account_id, target),
            (rounds.ROUND_SUBMIT, board[0].account_id, target),
            (rounds.ROUND_CLOSE, people_store.manager.account_id, target),
        ]
    )
