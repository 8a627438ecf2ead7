"""Assessment results: drafts, submissions, one's own history and team aggregates.

``submit_assessment`` writes the assessment and all its answers in ONE transaction; a
``submission_key`` (e.g. a UUID made when the form is shown) makes a retried submission
store the result exactly once.

Aggregates never expose one person's result, even to someone who compares them over time:

- a group (or the whole staff, for per-measure averages) counts only the first multiple of
  ``MIN_GROUP_SIZE`` (k) of its submissions, by submission order, and each person's latest
  among those. Figures therefore refresh only in steps of at least k new submissions, so the
  difference between two views mixes at least k of them, never one person's alone;
- head counts are shown in bands (``head_count_band``: "3-4", "5-9", ...), not exactly;
- a group, measure or question with fewer than k people answering shows no figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from quiz_app.authz import Action, Actor, require
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.store import assessment_answers, assessments, people, transaction, utcnow

MIN_GROUP_SIZE = 3
DRAFT = "draft"
SUBMITTED = "submitted"


@dataclass(frozen=True)
class Answer:
    """One answer: the chosen option's index, or not applicable (then no option)."""

    question_id: str
    option_index: int | None
    not_applicable: bool = False


@dataclass(frozen=True)
class AssessmentSummary:
    """One assessment without its answers."""

    id: int
    person_id: int
    track: str
    status: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    maturity: str | None
    data_version: str | None


@dataclass(frozen=True)
class TeamFigure:
    """Aggregate of the latest submitted assessment per person in one group and track, over
    the group's submissions counted so far (in steps of ``MIN_GROUP_SIZE``).

    ``mean_score`` and ``maturity_counts`` are None when fewer than ``MIN_GROUP_SIZE`` people
    are counted (figures would reveal individuals); ``head_count`` is a band.
    """

    department: str | None
    management_body: bool
    track: str
    head_count: str
    mean_score: float | None
    maturity_counts: dict[str, int] | None


def _check_answers(answers: Sequence[Answer]) -> None:
    seen: set[str] = set()
    for answer in answers:
        if not answer.question_id:
            raise InvalidInput("an answer has no question id")
        if answer.question_id in seen:
            raise InvalidInput(f"question {answer.question_id!r} is answered twice")
        seen.add(answer.question_id)
        if answer.not_applicable and answer.option_index is not None:
            raise InvalidInput(f"question {answer.question_id!r}: not applicable has no option")


def _insert_answers(conn: Connection, assessment_id: int, answers: Iterable[Answer]) -> None:
    for answer in answers:
        conn.execute(
            assessment_answers.insert().values(
                assessment_id=assessment_id,
                question_id=answer.question_id,
                option_index=answer.option_index,
                not_applicable=answer.not_applicable,
            )
        )


def _draft_id(conn: Connection, person_id: int, track: str) -> int | None:
    return (
        conn.execute(
            select(assessments.c.id)
            .where(
                assessments.c.person_id == person_id,
                assessments.c.track == track,
                assessments.c.status == DRAFT,
            )
            .order_by(assessments.c.id.desc())
        )
        .scalars()
        .first()
    )


def save_draft(
    engine: Engine,
    actor: Actor,
    *,
    person_id: int,
    track: str,
    answers: Sequence[Answer],
    data_version: str | None = None,
) -> int:
    """Save (replace) the person's draft for ``track``; return the draft's id.

    Raises:
        PermissionDenied: not the actor's own records.
        InvalidInput: malformed answers (nothing is written).
    """
    require(actor, Action.TAKE_ASSESSMENT, owner_person_id=person_id)
    _check_answers(answers)
    with transaction(engine) as conn:
        draft_id = _draft_id(conn, person_id, track)
        if draft_id is None:
            draft_id = conn.execute(
                assessments.insert().values(
                    person_id=person_id,
                    track=track,
                    status=DRAFT,
                    started_at=utcnow(),
                    data_version=data_version,
                )
            ).inserted_primary_key[0]
        else:
            conn.execute(
                assessment_answers.delete().where(assessment_answers.c.assessment_id == draft_id)
            )
        _insert_answers(conn, draft_id, answers)
    return draft_id


def submit_assessment(
    engine: Engine,
    actor: Actor,
    *,
    person_id: int,
    track: str,
    answers: Sequence[Answer],
    score: float | None,
    maturity: str | None,
    data_version: str | None = None,
    submission_key: str | None = None,
) -> int:
    """Store a submitted assessment with all its answers in one transaction; return its id.

    The person's draft for ``track``, if any, becomes the submitted assessment. With a
    ``submission_key`` seen before, nothing is written and the earlier id is returned.

    Raises:
        PermissionDenied: not the actor's own records.
        InvalidInput: malformed answers (nothing is written).
    """
    require(actor, Action.TAKE_ASSESSMENT, owner_person_id=person_id)
    _check_answers(answers)
    try:
        with transaction(engine) as conn:
            if submission_key is not None:
                earlier = _by_submission_key(conn, submission_key)
                if earlier is not None:
                    return earlier
            now = utcnow()
            values = {
                "status": SUBMITTED,
                "submitted_at": now,
                "score": score,
                "maturity": maturity,
                "data_version": data_version,
                "submission_key": submission_key,
            }
            assessment_id = _draft_id(conn, person_id, track)
            if assessment_id is None:
                assessment_id = conn.execute(
                    assessments.insert().values(
                        person_id=person_id, track=track, started_at=now, **values
                    )
                ).inserted_primary_key[0]
            else:
                conn.execute(
                    assessments.update().where(assessments.c.id == assessment_id).values(**values)
                )
                conn.execute(
                    assessment_answers.delete().where(
                        assessment_answers.c.assessment_id == assessment_id
                    )
                )
            _insert_answers(conn, assessment_id, answers)
            return assessment_id
    except IntegrityError:
        if submission_key is None:
            raise
        # Another instance stored the same submission concurrently: it is stored once.
        with transaction(engine) as conn:
            earlier = _by_submission_key(conn, submission_key)
        if earlier is None:
            raise
        return earlier


def _by_submission_key(conn: Connection, key: str) -> int | None:
    return conn.execute(
        select(assessments.c.id).where(assessments.c.submission_key == key)
    ).scalar_one_or_none()


def _summary(row) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        person_id=row.person_id,
        track=row.track,
        status=row.status,
        started_at=row.started_at,
        submitted_at=row.submitted_at,
        score=row.score,
        maturity=row.maturity,
        data_version=row.data_version,
    )


def list_assessments_for(engine: Engine, actor: Actor, person_id: int) -> list[AssessmentSummary]:
    """The person's own assessments, newest first.

    Raises:
        PermissionDenied: not the actor's own records.
    """
    require(actor, Action.VIEW_OWN_RESULTS, owner_person_id=person_id)
    with transaction(engine) as conn:
        rows = conn.execute(
            select(assessments)
            .where(assessments.c.person_id == person_id)
            .order_by(assessments.c.id.desc())
        ).all()
    return [_summary(r) for r in rows]


def get_answers(engine: Engine, actor: Actor, assessment_id: int) -> list[Answer]:
    """The answers of one of the actor's own assessments.

    Raises:
        NotFound: no such assessment.
        PermissionDenied: someone else's assessment.
    """
    with transaction(engine) as conn:
        owner = conn.execute(
            select(assessments.c.person_id).where(assessments.c.id == assessment_id)
        ).scalar_one_or_none()
        if owner is None:
            raise NotFound(f"no assessment with id {assessment_id}")
        require(actor, Action.VIEW_OWN_RESULTS, owner_person_id=owner)
        rows = conn.execute(
            select(assessment_answers)
            .where(assessment_answers.c.assessment_id == assessment_id)
            .order_by(assessment_answers.c.question_id)
        ).all()
    return [Answer(r.question_id, r.option_index, bool(r.not_applicable)) for r in rows]


BANDS = (5, 10, 20, 50, 100, 200, 500, 1000)


def head_count_band(count: int) -> str:
    """A head count as shown in aggregates: "fewer than 3", "3-4", "5-9", ..., "1000+"."""
    if count < MIN_GROUP_SIZE:
        return f"fewer than {MIN_GROUP_SIZE}"
    low = MIN_GROUP_SIZE
    for high in BANDS:
        if count < high:
            return f"{low}-{high - 1}"
        low = high
    return f"{low}+"


def counted_latest(submissions: Sequence[Any]) -> list[Any]:
    """Each person's latest submission among the first multiple of ``MIN_GROUP_SIZE`` of
    ``submissions`` (rows with ``id`` and ``person_id``), so that results refresh only in
    steps of at least ``MIN_GROUP_SIZE`` new submissions."""
    ordered = sorted(submissions, key=lambda r: r.id)
    counted = ordered[: len(ordered) - len(ordered) % MIN_GROUP_SIZE]
    latest: dict[int, Any] = {}
    for row in counted:
        latest[row.person_id] = row
    return list(latest.values())


def team_aggregates(engine: Engine, actor: Actor, *, track: str | None = None) -> list[TeamFigure]:
    """Figures per department, management-body flag and track, from each person's latest
    counted submission (see the module docstring). Never row-level answers.

    Raises:
        PermissionDenied: the actor may not view team aggregates.
    """
    require(actor, Action.VIEW_TEAM_AGGREGATES)
    query = (
        select(
            assessments.c.id,
            assessments.c.person_id,
            people.c.department,
            people.c.is_management_body,
            assessments.c.track,
            assessments.c.score,
            assessments.c.maturity,
        )
        .join(people, people.c.id == assessments.c.person_id)
        .where(assessments.c.status == SUBMITTED)
    )
    if track is not None:
        query = query.where(and_(assessments.c.track == track))
    with transaction(engine) as conn:
        rows = conn.execute(query).all()
    groups: dict[tuple, list] = {}
    for row in rows:
        key = (row.department, bool(row.is_management_body), row.track)
        groups.setdefault(key, []).append(row)
    figures = []
    for (department, board, group_track), submissions in sorted(
        groups.items(), key=lambda item: tuple(str(k) for k in item[0])
    ):
        members = counted_latest(submissions)
        visible = len(members) >= MIN_GROUP_SIZE
        scores = [m.score for m in members if m.score is not None]
        counts: dict[str, int] = {}
        for m in members:
            if m.maturity:
                counts[m.maturity] = counts.get(m.maturity, 0) + 1
        figures.append(
            TeamFigure(
                department=department,
                management_body=board,
                track=group_track,
                head_count=head_count_band(len(members)),
                mean_score=(sum(scores) / len(scores) if scores else None) if visible else None,
                maturity_counts=counts if visible else None,
            )
        )
    return figures
