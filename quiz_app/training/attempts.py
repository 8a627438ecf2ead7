"""Taking a module: grading a quiz and recording the attempt, and the learner's history.

A *completion* is a passing attempt; it stays valid for the module's ``validity_months`` and
closes the person's open assignment, opening a renewal due on the day it expires (see
:mod:`quiz_app.core.schedule`). A failing attempt is recorded too and leaves the assignment
open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase, TrainingModule
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.core import schedule
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_
from quiz_app.store import training_assignments, training_attempts, transaction
from quiz_app.training.catalogue import moment


class IncompleteQuiz(InvalidInput):
    """A quiz submitted with questions unanswered; nothing was stored."""

    def __init__(self, unanswered: list[int]) -> None:
        self.unanswered = unanswered
        template = (
            N_("answer every question before submitting: question {numbers} unanswered")
            if len(unanswered) == 1
            else N_("answer every question before submitting: questions {numbers} unanswered")
        )
        super().__init__(template, numbers=", ".join(str(n) for n in unanswered))


def unanswered(module: TrainingModule, answers: Mapping[str, int | None]) -> list[int]:
    """The numbers (from 1, in quiz order) of ``module``'s questions without an answer."""
    return [n for n, qid in enumerate(module.quiz, start=1) if answers.get(qid) is None]


@dataclass(frozen=True)
class QuizResult:
    """A graded quiz: correct answers out of questions, and whether that passes."""

    score_raw: int
    score_max: int
    passed: bool

    @property
    def scaled(self) -> float:
        """The score as a share between 0 and 1."""
        return self.score_raw / self.score_max if self.score_max else 0.0


def grade(
    kb: KnowledgeBase, module: TrainingModule, answers: Mapping[str, int | None]
) -> QuizResult:
    """Grade ``answers`` (question id -> chosen option index) against ``module``'s quiz.

    Unanswered questions count as wrong.

    Raises:
        InvalidInput: an answer names a question outside the quiz or an option it lacks.
    """
    questions = {q.id: q for q in kb.questions if q.id in set(module.quiz)}
    for qid, choice in answers.items():
        if qid not in questions:
            raise InvalidInput(
                N_("question {qid!r} is not part of the quiz of {module_id!r}"),
                qid=qid,
                module_id=module.id,
            )
        if choice is not None and not 0 <= choice < len(questions[qid].options):
            raise InvalidInput(
                N_("question {qid!r} has no option {choice}"), qid=qid, choice=choice
            )
    correct = sum(
        1
        for qid in module.quiz
        if answers.get(qid) is not None and questions[qid].options[answers[qid]].correct
    )
    total = len(module.quiz)
    return QuizResult(correct, total, schedule.passed(correct, total, module.pass_mark))


def latest_valid_until(
    conn: Connection, *, module_id: str | None = None, person_id: int | None = None
) -> dict[tuple[int, str], datetime]:
    """The end of validity of the latest pass per (person id, module id), optionally for one
    module or one person: what a new assignment is opened with (``held_until``)."""
    t = training_attempts
    query = (
        select(t.c.person_id, t.c.module_id, func.max(t.c.valid_until))
        .where(t.c.passed.is_(True))
        .group_by(t.c.person_id, t.c.module_id)
    )
    if module_id is not None:
        query = query.where(t.c.module_id == module_id)
    if person_id is not None:
        query = query.where(t.c.person_id == person_id)
    return {(p, m): v for p, m, v in conn.execute(query)}


@dataclass(frozen=True)
class AttemptRecord:
    """A stored attempt: its id and number, the grade, and (if passed) the validity."""

    id: int
    attempt_no: int
    result: QuizResult
    valid_until: datetime | None
    renewal_due_on: date | None


def record_attempt(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    module: TrainingModule,
    answers: Mapping[str, int | None],
    *,
    started_at: datetime,
    now: datetime | None = None,
) -> AttemptRecord:
    """Grade and store the actor's own attempt at ``module``.

    A pass records a completion valid for ``validity_months``, closes the open assignment (if
    any) and schedules its renewal, due when the completion expires. A fail is recorded as
    an attempt and leaves the assignment open. The attempt number counts attempts since the
    person's previous pass.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
        IncompleteQuiz: a question is unanswered (nothing is stored).
        InvalidInput: answers outside the quiz, or ``started_at`` after ``now``.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    result = grade(kb, module, answers)  # answers outside the quiz are refused first
    missing = unanswered(module, answers)
    if missing:
        raise IncompleteQuiz(missing)
    now = moment(now)
    started_at = started_at.replace(microsecond=0)
    if started_at > now:
        raise InvalidInput(N_("the attempt cannot start after it ends"))
    person_id = actor.person_id
    t, a = training_attempts, training_assignments
    with transaction(engine) as conn:
        last_pass = conn.execute(
            select(func.max(t.c.id)).where(
                t.c.person_id == person_id, t.c.module_id == module.id, t.c.passed.is_(True)
            )
        ).scalar()
        since_pass = select(func.count()).where(
            t.c.person_id == person_id, t.c.module_id == module.id
        )
        if last_pass is not None:
            since_pass = since_pass.where(t.c.id > last_pass)
        attempt_no = conn.execute(since_pass).scalar_one() + 1
        open_assignment = conn.execute(
            select(a.c.id).where(
                a.c.person_id == person_id, a.c.module_id == module.id, a.c.closed_at.is_(None)
            )
        ).scalar()
        valid_until = schedule.valid_until(now, module.validity_months) if result.passed else None
        attempt_id = conn.execute(
            t.insert().values(
                person_id=person_id,
                module_id=module.id,
                module_version=module.version,
                assignment_id=open_assignment,
                attempt_no=attempt_no,
                started_at=started_at,
                completed_at=now,
                duration_seconds=int((now - started_at).total_seconds()),
                score_raw=result.score_raw,
                score_max=result.score_max,
                pass_mark=module.pass_mark,
                passed=result.passed,
                valid_until=valid_until,
            )
        ).inserted_primary_key[0]
        renewal = None
        if result.passed and open_assignment is not None:
            conn.execute(
                a.update()
                .where(a.c.id == open_assignment)
                .values(closed_at=now, closed_by_attempt=attempt_id)
            )
            renewal = schedule.renewal_due_on(valid_until)
            held = latest_valid_until(conn, module_id=module.id, person_id=person_id)
            conn.execute(
                a.insert().values(
                    person_id=person_id,
                    module_id=module.id,
                    assigned_at=now,
                    due_on=renewal,
                    assigned_by=None,
                    reason="renewal",
                    target=f"renewal of attempt:{attempt_id}",
                    held_until=held.get((person_id, module.id)),
                )
            )
        audit.record(
            conn,
            actor.account_id,
            "training_attempt",
            f"person:{person_id}",
            {"module": module.id, "attempt": attempt_no, "passed": result.passed},
        )
    return AttemptRecord(attempt_id, attempt_no, result, valid_until, renewal)


@dataclass(frozen=True)
class AttemptSummary:
    """One of the actor's own attempts, for their history."""

    module_id: str
    completed_at: datetime
    attempt_no: int
    score_raw: int
    score_max: int
    passed: bool
    valid_until: datetime | None


def attempts_of(conn: Connection, person_id: int) -> list[AttemptSummary]:
    """A person's attempts, newest first (no permission check: callers check)."""
    t = training_attempts
    query = (
        select(
            t.c.module_id,
            t.c.completed_at,
            t.c.attempt_no,
            t.c.score_raw,
            t.c.score_max,
            t.c.passed,
            t.c.valid_until,
        )
        .where(t.c.person_id == person_id)
        .order_by(t.c.id.desc())
    )
    return [AttemptSummary(*row) for row in conn.execute(query)]


def my_attempts(engine: Engine, actor: Actor) -> list[AttemptSummary]:
    """The actor's own attempts, newest first.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    with transaction(engine) as conn:
        return attempts_of(conn, actor.person_id)
