"""Quizzes that teach: an incomplete submission is refused and stores nothing; the result
names each wrong answer, the right one, why, and the site page to read."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from kb.load import load
from quiz_app import training
from quiz_app.errors import InvalidInput
from quiz_app.store import training_attempts, transaction

NOW = datetime(2025, 3, 3, 9, 0)
SITE = "https://kb.example.org/nis2/"


@pytest.fixture(scope="module")
def kb():
    return load()


def _stored(engine) -> int:
    with transaction(engine) as conn:
        return conn.execute(select(func.count()).select_from(training_attempts)).scalar_one()


def _right(kb, module) -> dict[str, int]:
    questions = {q.id: q for q in kb.questions}
    return {
        qid: next(i for i, o in enumerate(questions[qid].options) if o.correct)
        for qid in module.quiz
    }


@pytest.mark.parametrize("left_out", [None, (2, 5)], ids=["empty", "incomplete"])
def test_an_incomplete_submission_is_refused_naming_what_is_unanswered(people_store, kb, left_out):
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    answers = {qid: None for qid in module.quiz}
    if left_out is not None:
        answers = _right(kb, module)
        for n in left_out:
            answers[module.quiz[n - 1]] = None
    expected = (
        "questions " + ", ".join(str(n) for n in range(1, len(module.quiz) + 1))
        if left_out is None
        else "questions 2, 5"
    )
    with pytest.raises(training.IncompleteQuiz) as refused:
        training.record_attempt(
            s.engine, s.staff, kb, module, answers, started_at=NOW - timedelta(minutes=1), now=NOW
        )
    assert isinstance(refused.value, InvalidInput)
    assert str(refused.value) == (f"answer every question before submitting: {expected} unanswered")
    assert _stored(s.engine) == 0
    assert training.my_attempts(s.engine, s.staff) == []


def test_one_question_left_reads_in_the_singular(people_store, kb):
    module = training.module_by_id(kb, "cyber-hygiene")
    answers = _right(kb, module)
    answers[module.quiz[-1]] = None
    with pytest.raises(training.IncompleteQuiz, match=r"question 10 unanswered$"):
        training.record_attempt(
            people_store.engine, people_store.staff, kb, module, answers, started_at=NOW, now=NOW
        )


def test_wrong_answers_name_the_right_one_why_and_the_page_to_read(kb, monkeypatch):
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    module = training.module_by_id(kb, "cyber-hygiene")
    questions = {q.id: q for q in kb.questions}
    answers = _right(kb, module)
    assert training.wrong_answers(kb, module, answers) == []
    second = questions[module.quiz[1]]
    right = answers[second.id]
    answers[second.id] = (right + 1) % len(second.options)
    (wrong,) = training.wrong_answers(kb, module, answers)
    assert wrong.number == 2 and wrong.question == second.text
    assert wrong.chosen == second.options[answers[second.id]].text
    assert wrong.correct == second.options[right].text
    assert wrong.explanation == second.explanation.strip() and wrong.explanation
    assert wrong.page_url == f"{SITE}{second.page.strip('/')}/"
    assert wrong.page_title
