"""Retakes start from the previous answers; the staff track asks the job role's sections;
results say what changed in the question bank; Art. 32/33 follow the organisation's class."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from store_support import PASSWORD

from kb.load import load
from quiz_app import accounts, people, self_assessment
from quiz_app.authz import Actor, Role
from quiz_app.store import assessments, transaction


@pytest.fixture(scope="module")
def kb():
    return load()


def _staff_member(s, name: str, job_role: str | None) -> Actor:
    person_id = people.create_person(
        s.engine, s.admin, external_id=f"P-{name}", name=name, job_role=job_role
    )
    account_id = accounts.create_account(
        s.engine, s.admin, username=name, role=Role.STAFF, password=PASSWORD, person_id=person_id
    )
    return Actor(account_id, Role.STAFF, person_id)


def _right(questions) -> dict:
    return {q.id: next(i for i, o in enumerate(q.options) if o.correct) for q in questions}


def test_a_finance_clerk_is_scored_on_their_sections_only(people_store, kb):
    s = people_store
    clerk = _staff_member(s, "clara", "Accountant")
    engineer = _staff_member(s, "cody", "Cloud Engineer")
    asked = self_assessment.asked_for(s.engine, clerk, kb, "staff")
    assert "Cloud console hygiene" not in {q.section for q in asked}
    assert "Cloud console hygiene" in {
        q.section for q in self_assessment.asked_for(s.engine, engineer, kb, "staff")
    }
    # Every asked question right: full marks, although the console questions went unasked.
    self_assessment.submit(s.engine, clerk, kb, "staff", _right(asked))
    [result] = self_assessment.submitted_assessments(s.engine, clerk)
    assert result.score == 100.0
    score = self_assessment.result_of(s.engine, clerk, kb, result)
    assert score.knowledge_tally() == (len(asked), len(asked))


def test_a_retake_starts_from_the_previous_answers(people_store, kb):
    s = people_store
    manager = s.manager
    questions = self_assessment.questions_for(kb, "management")
    first = {questions[0].id: 2, questions[1].id: 1}
    assert self_assessment.start_from_previous(s.engine, manager, kb, "management") is None
    self_assessment.submit(s.engine, manager, kb, "management", first)

    draft, carried = self_assessment.start_from_previous(s.engine, manager, kb, "management")
    assert carried == first
    summary, loaded = self_assessment.load_draft(s.engine, manager, kb, "management")
    assert (summary.id, loaded) == (draft.id, first)
    # A draft in progress is never replaced by the older answers.
    assert self_assessment.start_from_previous(s.engine, manager, kb, "management") is None


def test_results_of_an_older_bank_say_what_changed(people_store, kb):
    s = people_store
    questions = self_assessment.asked_for(s.engine, s.staff, kb, "staff")
    self_assessment.submit(s.engine, s.staff, kb, "staff", {questions[0].id: 0})
    [result] = self_assessment.submitted_assessments(s.engine, s.staff)
    assert not self_assessment.changes_since(s.engine, s.staff, kb, result).changed

    with transaction(s.engine) as conn:  # as if answered against last year's bank
        conn.execute(update(assessments).values(data_version="older-bank"))
    [result] = self_assessment.submitted_assessments(s.engine, s.staff)
    changes = self_assessment.changes_since(s.engine, s.staff, kb, result)
    assert changes.changed
    assert questions[0] not in changes.not_answered
    assert len(changes.not_answered) == len(questions) - 1


def test_supervision_article_follows_the_entity_class(people_store, kb):
    s = people_store
    self_assessment.submit(s.engine, s.manager, kb, "management", {})
    [result] = self_assessment.submitted_assessments(s.engine, s.manager)

    def articles(entity_class):
        score = self_assessment.result_of(
            s.engine, s.manager, kb, result, entity_class=entity_class
        )
        return {a.ref for a in score.article_areas()} & {"32", "33"}

    assert articles(None) == {"32", "33"}
    assert articles("essential") == {"32"}
    assert articles("important") == {"33"}
