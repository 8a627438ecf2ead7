"""What an answer was given to: the bank's and each question's version, whatever the language.

An assessment answered in German and read in English (or the other way round) was answered
against the same questions; a question reworded in English since it was answered is named
on the results page and not carried into a retake, because the old answer was to other words.
"""

from __future__ import annotations

import pytest

from kb.i18n import localise
from kb.load import load
from quiz_app import self_assessment
from quiz_app.core.question_bank import asked_questions, question_version


@pytest.fixture(scope="module")
def kb():
    return load()


def _staff_choices(kb, actor, engine) -> dict[str, int]:
    asked = self_assessment.asked_for(engine, actor, kb, "staff")
    return {q.id: 0 for q in asked[:4]}


def test_an_assessment_answered_in_german_is_the_same_bank_in_english(people_store, kb):
    s = people_store
    german = localise(kb, "de")
    assert self_assessment.bank_version(german.questions) == self_assessment.bank_version(
        kb.questions
    )
    self_assessment.submit(
        s.engine, s.staff, german, "staff", _staff_choices(kb, s.staff, s.engine)
    )
    [summary] = self_assessment.submitted_assessments(s.engine, s.staff)
    for language in ("en", "de", "fr"):
        changes = self_assessment.changes_since(s.engine, s.staff, localise(kb, language), summary)
        assert not changes.changed, language


def test_a_question_reworded_since_it_was_answered_is_named_and_not_carried_over(people_store, kb):
    s = people_store
    choices = _staff_choices(kb, s.staff, s.engine)
    self_assessment.submit(s.engine, s.staff, kb, "staff", choices)
    [summary] = self_assessment.submitted_assessments(s.engine, s.staff)
    reworded_id, unchanged_id = list(choices)[:2]

    before = next(q for q in kb.questions if q.id == reworded_id)
    question = before.model_copy(update={"text": before.text + " (reworded)"})
    today = kb.model_copy(
        update={"questions": [question if q.id == reworded_id else q for q in kb.questions]}
    )
    assert question_version(question) != question_version(before)

    changes = self_assessment.changes_since(s.engine, s.staff, today, summary)
    assert changes.changed
    assert [q.id for q in changes.reworded] == [reworded_id]
    assert unchanged_id not in {q.id for q in changes.not_answered}

    # A retake starts from the earlier answers, except the one given to other words.
    _state, carried = self_assessment.start_from_previous(s.engine, s.staff, today, "staff")
    assert reworded_id not in carried and carried[unchanged_id] == choices[unchanged_id]
    # Read in German, the same rewording is found (the versions come from the English).
    german_today = localise(today, "de")
    stale = next(q for q in german_today.questions if q.id == reworded_id)
    sibling = next(q for q in localise(kb, "de").questions if q.id == reworded_id)
    assert stale.text == question.text  # its translation is stale: it stays English...
    assert stale.section == sibling.section  # ...in its German section, so it is still asked
    assert stale in asked_questions(german_today, "staff", None)
    changes = self_assessment.changes_since(s.engine, s.staff, german_today, summary)
    assert [q.id for q in changes.reworded] == [reworded_id]
