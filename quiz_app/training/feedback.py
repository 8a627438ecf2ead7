"""What a learner is shown after a quiz: each wrong answer, the right one, why, and the page
of the knowledge-base site to read again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kb.model import KnowledgeBase, TrainingModule
from kb.pages import page_title
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE
from quiz_app.links import site_url


@dataclass(frozen=True)
class WrongAnswer:
    """One question answered wrongly: its number in the quiz, the answers and where to read."""

    number: int
    question: str
    chosen: str | None
    correct: str
    explanation: str
    page_title: str
    page_url: str


def wrong_answers(
    kb: KnowledgeBase,
    module: TrainingModule,
    answers: Mapping[str, int | None],
    language: str = DEFAULT_LANGUAGE,
) -> list[WrongAnswer]:
    """The questions of ``module``'s quiz that ``answers`` gets wrong, in quiz order, each
    with the page to read named in ``language`` (``kb``: the knowledge base in it)."""
    questions = {q.id: q for q in kb.questions}
    wrong = []
    for number, qid in enumerate(module.quiz, start=1):
        question = questions[qid]
        choice = answers.get(qid)
        if choice is not None and question.options[choice].correct:
            continue
        wrong.append(
            WrongAnswer(
                number=number,
                question=question.text,
                chosen=question.options[choice].text if choice is not None else None,
                correct=next(o.text for o in question.options if o.correct),
                explanation=question.explanation.strip(),
                page_title=page_title(kb, question.page, language),
                page_url=site_url(question.page),
            )
        )
    return wrong
