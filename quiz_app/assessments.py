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

A draft's ``revision`` rises with every save (of the draft, or of one answer as it is given).
A save names the revision it started from; if another tab or window saved meanwhile, nothing
is written and :class:`DraftConflict` says when (0: no draft yet; ``None``: unchecked).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from quiz_app.authz import Action, Actor, require
from quiz_app.errors import DraftConflict, InvalidInput, NotFound
from quiz_app.i18n import N_
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
    # The question's English wording when answered (None before 0007); not the answer itself.
    question_version: str | None = field(default=None, compare=False)


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
    revision: int = 0
    saved_at: datetime | None = None


@dataclass(frozen=True)
class DraftState:
    """A draft just saved: its id, its new revision and when."""

    id: int
    revision: int
    saved_at: datetime


@dataclass(frozen=True)
class TeamFigure:
    """Aggregate of the latest submitted assessment per person in one group and track, over
    the group's submissions counted so far (in steps of ``MIN_GROUP_SIZE``). ``mean_score`` and
    ``maturity_counts`` are None when fewer than ``MIN_GROUP_SIZE`` people are counted (figures
    would reveal individuals); ``head_count`` is a band."""

    department: str | None
    management_body: bool
    track: str
    head_count: str
    mean_score: float | None
    maturity_counts: dict[str, int] | None


def _check_answers(answers: Sequence[Answer]) -> None:
    seen: set[str] = set()
    for answer in answers:
        qid = answer.question_id
        if not qid:
            raise InvalidInput(N_("an answer has no question id"))
        if qid in seen:
            raise InvalidInput(N_("question {qid!r} is answered twice"), qid=qid)
        seen.add(qid)
        if answer.not_applicable and answer.option_index is not None:
            raise InvalidInput(N_("question {qid!r}: not applicable has no option"), qid=qid)


def _insert_answers(conn: Connection, assessment_id: int, answers: Iterable[Answer]) -> None:
    for a in answers:  # the question version only when known: a store before 0007 has none
        known = {"question_version": a.question_version} if a.question_version else {}
        values = {"question_id": a.question_id, "option_index": a.option_index, **known}
        conn.execute(
            assessment_answers.insert().values(
                assessment_id=assessment_id, not_applicable=a.not_applicable, **values
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


def _conflict(conn: Connection, person_id: int, track: str) -> DraftConflict:
    changed = conn.execute(
        select(assessments.c.saved_at, assessments.c.submitted_at)
        .where(assessments.c.person_id == person_id, assessments.c.track == track)
        .order_by(assessments.c.id.desc())
    ).first()
    at = (changed is not None and (changed.submitted_at or changed.saved_at)) or utcnow()
    return DraftConflict(
        N_(
            "This draft was changed in another tab or window at {changed_at:%H:%M} UTC; "
            "reload to see the latest answers."
        ),
        at,
    )


def _next_draft_revision(
    conn: Connection,
    *,
    person_id: int,
    track: str,
    expected_revision: int | None,
    data_version: str | None,
    now: datetime,
) -> DraftState:
    """The person's draft moved to its next revision (made when there is none), if it is
    still at ``expected_revision``; else :class:`DraftConflict` (nothing written)."""
    draft_id = _draft_id(conn, person_id, track)
    if draft_id is None:
        if expected_revision not in (None, 0):
            raise _conflict(conn, person_id, track)  # submitted elsewhere since
        new_id = conn.execute(
            assessments.insert().values(
                person_id=person_id,
                track=track,
                status=DRAFT,
                started_at=now,
                saved_at=now,
                revision=1,
                data_version=data_version,
            )
        ).inserted_primary_key[0]
        return DraftState(new_id, 1, now)
    guard = assessments.c.id == draft_id
    if expected_revision is not None:
        guard = and_(guard, assessments.c.revision == expected_revision)
    moved = conn.execute(
        assessments.update()
        .where(guard)
        .values(revision=assessments.c.revision + 1, saved_at=now)
        .returning(assessments.c.revision)
    ).scalar_one_or_none()
    if moved is None:
        raise _conflict(conn, person_id, track)
    return DraftState(draft_id, moved, now)


def save_draft(
    engine: Engine,
    actor: Actor,
    *,
    person_id: int,
    track: str,
    answers: Sequence[Answer],
    data_version: str | None = None,
    expected_revision: int | None = None,
) -> DraftState:
    """Save (replace) the person's draft for ``track``; return its new state.

    Args:
        expected_revision: the draft's revision this save starts from (0: no draft yet;
            None: do not check).

    Raises:
        PermissionDenied: not the actor's own records.
        InvalidInput: malformed answers (nothing is written).
        DraftConflict: the draft was saved elsewhere since (nothing is written).
    """
    require(actor, Action.TAKE_ASSESSMENT, owner_person_id=person_id)
    _check_answers(answers)
    with transaction(engine) as conn:
        state = _next_draft_revision(
            conn,
            person_id=person_id,
            track=track,
            expected_revision=expected_revision,
            data_version=data_version,
            now=utcnow(),
        )
        conn.execute(
            assessment_answers.delete().where(assessment_answers.c.assessment_id == state.id)
        )
        _insert_answers(conn, state.id, answers)
    return state


def save_answer(
    engine: Engine,
    actor: Actor,
    *,
    person_id: int,
    track: str,
    question_id: str,
    answer: Answer | None,
    expected_revision: int | None,
    data_version: str | None = None,
) -> DraftState:
    """Store one answer into the person's draft as it is given (None: the question is
    unanswered again), making the draft if there is none; return the draft's new state.

    Raises:
        PermissionDenied: not the actor's own records.
        InvalidInput: malformed answer (nothing is written).
        DraftConflict: the draft was saved elsewhere since (nothing is written).
    """
    require(actor, Action.TAKE_ASSESSMENT, owner_person_id=person_id)
    if answer is not None:
        if (qid := answer.question_id) != question_id:
            raise InvalidInput(
                N_("the answer is to {qid!r}, not {asked!r}"), qid=qid, asked=question_id
            )
        _check_answers([answer])
    with transaction(engine) as conn:
        state = _next_draft_revision(
            conn,
            person_id=person_id,
            track=track,
            expected_revision=expected_revision,
            data_version=data_version,
            now=utcnow(),
        )
        conn.execute(
            assessment_answers.delete().where(
                assessment_answers.c.assessment_id == state.id,
                assessment_answers.c.question_id == question_id,
            )
        )
        if answer is not None:
            _insert_answers(conn, state.id, [answer])
    return state


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
    expected_revision: int | None = None,
) -> int:
    """Store a submitted assessment with all its answers in one transaction; return its id.

    The person's draft for ``track``, if any, becomes the submitted assessment. With a
    ``submission_key`` seen before, nothing is written and the earlier id is returned.
    ``expected_revision``: the draft's revision the answers were based on (see
    :func:`save_draft`).

    Raises:
        PermissionDenied: not the actor's own records.
        InvalidInput: malformed answers (nothing is written).
        DraftConflict: the draft was saved elsewhere since (nothing is written).
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
            if expected_revision is not None:
                _check_revision(conn, assessment_id, expected_revision, person_id, track)
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


def _check_revision(
    conn: Connection, draft_id: int | None, expected: int, person_id: int, track: str
) -> None:
    revision = 0
    if draft_id is not None:
        revision = conn.execute(
            select(assessments.c.revision).where(assessments.c.id == draft_id)
        ).scalar_one()
    if revision != expected:
        raise _conflict(conn, person_id, track)


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
        revision=row.revision,
        saved_at=row.saved_at,
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
            raise NotFound(N_("no assessment with id {assessment_id}"), assessment_id=assessment_id)
        require(actor, Action.VIEW_OWN_RESULTS, owner_person_id=owner)
        rows = conn.execute(
            select(assessment_answers)
            .where(assessment_answers.c.assessment_id == assessment_id)
            .order_by(assessment_answers.c.question_id)
        ).all()
    return [
        Answer(r.question_id, r.option_index, r.not_applicable, r.question_version) for r in rows
    ]


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
