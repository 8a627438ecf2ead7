"""No answer lost: each answer stored as given; two tabs on one draft never silently
overwrite each other (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest

from kb.load import load
from quiz_app import self_assessment
from quiz_app.errors import DraftConflict, InvalidInput

CONFLICT = re.compile(
    r"^This draft was changed in another tab or window at \d\d:\d\d UTC; "
    r"reload to see the latest answers\.$"
)


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def staff_questions(kb):
    return [q.id for q in self_assessment.questions_for(kb, "staff")]


def stored(s, kb) -> dict:
    draft = self_assessment.load_draft(s.engine, s.staff, kb, "staff")
    return draft[1] if draft else {}


def test_each_answer_is_stored_as_it_is_given_and_can_be_taken_back(
    people_store, kb, staff_questions
):
    s = people_store
    q1, q2, q3 = staff_questions[:3]
    revision = 0
    for qid, choice in ((q1, 0), (q2, 1), (q3, 2), (q2, 3)):
        state = self_assessment.save_answer(
            s.engine, s.staff, kb, "staff", qid, choice, expected_revision=revision
        )
        assert state.revision == revision + 1
        revision = state.revision
    assert stored(s, kb) == {q1: 0, q2: 3, q3: 2}
    self_assessment.save_answer(
        s.engine, s.staff, kb, "staff", q3, None, expected_revision=revision
    )
    summary, choices = self_assessment.load_draft(s.engine, s.staff, kb, "staff")
    assert choices == {q1: 0, q2: 3}
    assert (summary.revision, summary.saved_at is not None) == (5, True)
    with pytest.raises(InvalidInput, match="unknown question 'nope'"):
        self_assessment.save_answer(s.engine, s.staff, kb, "staff", "nope", 0, expected_revision=5)


def test_the_later_of_two_tabs_sees_the_conflict_and_neither_side_loses_stored_answers(
    people_store, kb, staff_questions
):
    s = people_store
    q1, q2, q3 = staff_questions[:3]
    # Both tabs opened the assessment before any draft existed (revision 0).
    tab_a = self_assessment.save_answer(s.engine, s.staff, kb, "staff", q1, 1, expected_revision=0)
    with pytest.raises(DraftConflict, match=CONFLICT) as caught:
        self_assessment.save_answer(s.engine, s.staff, kb, "staff", q1, 2, expected_revision=0)
    assert caught.value.changed_at == tab_a.saved_at
    assert stored(s, kb) == {q1: 1}  # tab A's answer stands
    # Tab B reloads: it sees tab A's answer and goes on from its revision.
    summary, _ = self_assessment.load_draft(s.engine, s.staff, kb, "staff")
    tab_b = self_assessment.save_answer(
        s.engine, s.staff, kb, "staff", q2, 0, expected_revision=summary.revision
    )
    # Tab A, now behind, can neither answer nor replace the draft nor submit over it.
    for stale in (
        lambda: self_assessment.save_answer(
            s.engine, s.staff, kb, "staff", q3, 0, expected_revision=tab_a.revision
        ),
        lambda: self_assessment.save_draft(
            s.engine, s.staff, kb, "staff", {q1: 3}, expected_revision=tab_a.revision
        ),
        lambda: self_assessment.submit(
            s.engine, s.staff, kb, "staff", {q1: 3}, expected_revision=tab_a.revision
        ),
    ):
        with pytest.raises(DraftConflict, match=CONFLICT):
            stale()
    assert stored(s, kb) == {q1: 1, q2: 0}
    self_assessment.submit(
        s.engine, s.staff, kb, "staff", {q1: 1, q2: 0}, expected_revision=tab_b.revision
    )
    # Submitted in tab B: tab A's next answer is a conflict, not a new draft.
    with pytest.raises(DraftConflict, match=CONFLICT):
        self_assessment.save_answer(
            s.engine, s.staff, kb, "staff", q3, 0, expected_revision=tab_b.revision
        )
    assert stored(s, kb) == {}
    assert len(self_assessment.submitted_assessments(s.engine, s.staff)) == 1
