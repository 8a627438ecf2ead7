"""Assessment rounds: a manager or admin asks named people to take one track by a deadline.

Life of a round: :func:`open_round` (title, track, deadline, participants) -> each
participant sees it in :func:`my_rounds` and submits with :func:`submit_in_round`, which
stores an ordinary assessment and links it to the round (a later submission before the
close replaces the earlier one) -> :func:`close_round` freezes it -> :func:`combined_view`
gives per measure the median and spread of the members' scores, widest disagreement first.

Who sees what: managers and admins (``RUN_ROUNDS``) open, follow (who has submitted, never
the answers) and close rounds, and read the combined view once closed. A participant sees
their own rounds and, after the close, the combined view of those rounds; nobody else's
answers are shown to anyone. The combined view shows figures only when at least
``MIN_GROUP_SIZE`` participants submitted, as the team figures do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase
from quiz_app import audit, self_assessment
from quiz_app.assessments import MIN_GROUP_SIZE, Answer
from quiz_app.authz import Action, Actor, Role, allowed, require
from quiz_app.core.combined import MeasureSpread, combine
from quiz_app.core.scoring import Choice, score_assessment
from quiz_app.errors import InvalidInput, NotFound, PermissionDenied
from quiz_app.i18n import N_
from quiz_app.people import living_by_name
from quiz_app.store import (
    accounts,
    assessment_answers,
    assessment_rounds,
    people,
    round_participants,
    transaction,
    utcnow,
)

OPEN = "open"
CLOSED = "closed"
ROUND_OPEN = "round_open"
ROUND_SUBMIT = "round_submit"
ROUND_CLOSE = "round_close"


@dataclass(frozen=True)
class RoundSummary:
    """One round with its head counts."""

    id: int
    title: str
    track: str
    deadline: date
    status: str
    opened_at: datetime
    closed_at: datetime | None
    participants: int
    submitted: int


@dataclass(frozen=True)
class MyRound:
    """A round as one participant sees it."""

    round: RoundSummary
    i_submitted: bool


@dataclass(frozen=True)
class ParticipantStatus:
    """Whether one participant has submitted (for those who run the round)."""

    person_id: int
    name: str
    submitted: bool


@dataclass(frozen=True)
class CombinedView:
    """A closed round's figures; ``spreads`` is None below ``MIN_GROUP_SIZE`` submissions."""

    round: RoundSummary
    spreads: list[MeasureSpread] | None


@dataclass(frozen=True)
class Candidate:
    """A person who could take part: id, name, management-body flag."""

    person_id: int
    name: str
    is_management_body: bool


def _summaries(conn, *where) -> list[RoundSummary]:
    r, p = assessment_rounds, round_participants
    counts = (
        select(
            p.c.round_id,
            func.count().label("participants"),
            func.count(p.c.assessment_id).label("submitted"),
        )
        .group_by(p.c.round_id)
        .subquery()
    )
    rows = conn.execute(
        select(r, counts.c.participants, counts.c.submitted)
        .join(counts, counts.c.round_id == r.c.id)
        .where(*where)
        .order_by(r.c.id.desc())
    ).all()
    return [
        RoundSummary(
            x.id,
            x.title,
            x.track,
            x.deadline,
            x.status,
            x.opened_at,
            x.closed_at,
            x.participants,
            x.submitted,
        )  # fmt: skip
        for x in rows
    ]


def _round(conn, round_id: int) -> RoundSummary:
    found = _summaries(conn, assessment_rounds.c.id == round_id)
    if not found:
        raise NotFound(N_("no assessment round with id {round_id}"), round_id=round_id)
    return found[0]


def candidates(engine: Engine, actor: Actor) -> list[Candidate]:
    """Everyone who may be asked to take part (not erased), by name.

    Raises:
        PermissionDenied: the actor may not run rounds.
    """
    require(actor, Action.RUN_ROUNDS)
    with transaction(engine) as conn:
        rows = living_by_name(conn)
    return [Candidate(r.id, r.name, bool(r.is_management_body)) for r in rows]


def _check_participants(conn, track: str, person_ids: Sequence[int]) -> None:
    if not person_ids:
        raise InvalidInput(N_("a round needs at least one participant"))
    action = self_assessment.TRACK_ACTIONS[track]
    for person_id in person_ids:
        person = conn.execute(
            select(people.c.name, people.c.erased_at).where(people.c.id == person_id)
        ).first()
        if person is None or person.erased_at is not None:
            raise InvalidInput(N_("no person with id {person_id}"), person_id=person_id)
        roles = conn.execute(
            select(accounts.c.role).where(
                accounts.c.person_id == person_id, accounts.c.disabled.is_(False)
            )
        ).scalars()
        if not any(allowed(Role(role), action) for role in roles):
            raise InvalidInput(
                N_("{person_name} has no account that may take the {track} track"),
                person_name=person.name,
                track=track,
            )


def open_round(
    engine: Engine,
    actor: Actor,
    *,
    title: str,
    track: str,
    deadline: date,
    participant_ids: Sequence[int],
    today: date | None = None,
) -> int:
    """Open a round and return its id.

    Raises:
        PermissionDenied: the actor may not run rounds.
        InvalidInput: no title, an unknown track, a deadline in the past, no participants,
            or a participant without an account that may take the track.
    """
    require(actor, Action.RUN_ROUNDS)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise InvalidInput(N_("a round needs a title of at most 200 characters"))
    if track not in self_assessment.TRACK_ACTIONS:
        raise InvalidInput(
            N_("unknown track {track!r} (expected one of: management, staff)"), track=track
        )
    now = utcnow()
    if deadline < (today or now.date()):
        raise InvalidInput(N_("the deadline is in the past"))
    unique = sorted(set(participant_ids))
    with transaction(engine) as conn:
        _check_participants(conn, track, unique)
        round_id = conn.execute(
            assessment_rounds.insert().values(
                title=title,
                track=track,
                deadline=deadline,
                status=OPEN,
                opened_at=now,
                opened_by=actor.account_id,
            )
        ).inserted_primary_key[0]
        conn.execute(
            round_participants.insert(),
            [{"round_id": round_id, "person_id": p} for p in unique],
        )
        audit.record(
            conn,
            actor.account_id,
            ROUND_OPEN,
            f"round:{round_id}",
            {"track": track, "participants": unique, "deadline": deadline.isoformat()},
        )
    return round_id


def list_rounds(engine: Engine, actor: Actor) -> list[RoundSummary]:
    """Every round, newest first.

    Raises:
        PermissionDenied: the actor may not run rounds.
    """
    require(actor, Action.RUN_ROUNDS)
    with transaction(engine) as conn:
        return _summaries(conn)


def my_rounds(engine: Engine, actor: Actor) -> list[MyRound]:
    """The rounds the actor takes part in, newest first (none without a linked person)."""
    require(actor, Action.VIEW_HOME)
    if actor.person_id is None:
        return []
    p = round_participants
    with transaction(engine) as conn:
        mine = dict(
            conn.execute(
                select(p.c.round_id, p.c.assessment_id).where(p.c.person_id == actor.person_id)
            ).all()
        )
        rounds = _summaries(conn, assessment_rounds.c.id.in_(mine)) if mine else []
    return [MyRound(r, mine[r.id] is not None) for r in rounds]


def round_progress(engine: Engine, actor: Actor, round_id: int) -> list[ParticipantStatus]:
    """Who has submitted for the round (names, never answers or scores), by name.

    Raises:
        PermissionDenied: the actor may not run rounds.
        NotFound: no such round.
    """
    require(actor, Action.RUN_ROUNDS)
    p = round_participants
    with transaction(engine) as conn:
        _round(conn, round_id)
        rows = conn.execute(
            select(p.c.person_id, people.c.name, p.c.assessment_id)
            .join(people, people.c.id == p.c.person_id)
            .where(p.c.round_id == round_id)
            .order_by(people.c.name, p.c.person_id)
        ).all()
    return [ParticipantStatus(r.person_id, r.name, r.assessment_id is not None) for r in rows]


def participant_round(engine: Engine, actor: Actor, round_id: int) -> RoundSummary:
    """The open round the actor takes part in, to answer it.

    Raises:
        NotFound: no such round.
        PermissionDenied: the actor is not a participant.
        InvalidInput: the round is closed.
    """
    require(actor, Action.TAKE_ASSESSMENT, owner_person_id=actor.person_id)
    with transaction(engine) as conn:
        summary = _round(conn, round_id)
        if not _is_participant(conn, round_id, actor.person_id):
            raise PermissionDenied(N_("you are not a participant of this round"))
    if summary.status != OPEN:
        raise InvalidInput(N_("the round {title!r} is closed"), title=summary.title)
    return summary


def _is_participant(conn, round_id: int, person_id: int | None) -> bool:
    p = round_participants
    found = conn.execute(
        select(p.c.person_id).where(p.c.round_id == round_id, p.c.person_id == person_id)
    ).first()
    return person_id is not None and found is not None


def submit_in_round(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    round_id: int,
    choices: Mapping[str, Choice],
    *,
    submission_key: str | None = None,
    expected_revision: int | None = None,
) -> int:
    """Submit the actor's assessment of the round's track and link it to the round; return
    the assessment's id. The assessment is an ordinary one: it shows in Results and History.

    Raises:
        NotFound, PermissionDenied, InvalidInput: as :func:`participant_round`, or as
            :func:`quiz_app.self_assessment.submit`; also when the round closed meanwhile
            (the assessment then stays, outside the round).
        DraftConflict: the draft was saved elsewhere since.
    """
    summary = participant_round(engine, actor, round_id)
    assessment_id = self_assessment.submit(
        engine,
        actor,
        kb,
        summary.track,
        choices,
        submission_key=submission_key,
        expected_revision=expected_revision,
    )
    p, r = round_participants, assessment_rounds
    with transaction(engine) as conn:
        still_open = conn.execute(
            select(r.c.id).where(r.c.id == round_id, r.c.status == OPEN).with_for_update()
        ).first()
        if still_open is None:
            raise InvalidInput(
                N_("the round {title!r} was closed before your submission"), title=summary.title
            )
        conn.execute(
            p.update()
            .where(p.c.round_id == round_id, p.c.person_id == actor.person_id)
            .values(assessment_id=assessment_id)
        )
        audit.record(
            conn,
            actor.account_id,
            ROUND_SUBMIT,
            f"round:{round_id}",
            {"assessment": assessment_id},
        )
    return assessment_id


def close_round(engine: Engine, actor: Actor, round_id: int) -> RoundSummary:
    """Close an open round: no more submissions; the combined view becomes visible.

    Raises:
        PermissionDenied: the actor may not run rounds.
        NotFound: no such round.
        InvalidInput: the round is already closed.
    """
    require(actor, Action.RUN_ROUNDS)
    r = assessment_rounds
    with transaction(engine) as conn:
        summary = _round(conn, round_id)
        closed = conn.execute(
            r.update()
            .where(r.c.id == round_id, r.c.status == OPEN)
            .values(status=CLOSED, closed_at=utcnow(), closed_by=actor.account_id)
        ).rowcount
        if closed != 1:
            raise InvalidInput(N_("the round {title!r} is already closed"), title=summary.title)
        audit.record(
            conn,
            actor.account_id,
            ROUND_CLOSE,
            f"round:{round_id}",
            {"submitted": summary.submitted, "participants": summary.participants},
        )
        return _round(conn, round_id)


def combined_view(engine: Engine, actor: Actor, kb: KnowledgeBase, round_id: int) -> CombinedView:
    """A closed round's per-measure median and spread over the submitted assessments.

    Raises:
        NotFound: no such round.
        PermissionDenied: neither running rounds nor a participant of this one.
        InvalidInput: the round is still open (the view appears at the close).
    """
    require(actor, Action.VIEW_HOME)
    p = round_participants
    with transaction(engine) as conn:
        summary = _round(conn, round_id)
        if not allowed(actor.role, Action.RUN_ROUNDS) and not _is_participant(
            conn, round_id, actor.person_id
        ):
            raise PermissionDenied(N_("only the round's participants and managers see its results"))
        if summary.status != CLOSED:
            raise InvalidInput(N_("the combined view appears when the round is closed"))
        ids = (
            conn.execute(
                select(p.c.assessment_id).where(
                    p.c.round_id == round_id, p.c.assessment_id.is_not(None)
                )
            )
            .scalars()
            .all()
        )
        rows = conn.execute(
            select(assessment_answers).where(assessment_answers.c.assessment_id.in_(ids))
        ).all()
    if len(ids) < MIN_GROUP_SIZE:
        return CombinedView(summary, None)
    answers: dict[int, list[Answer]] = {i: [] for i in ids}
    for row in rows:
        answers[row.assessment_id].append(
            Answer(row.question_id, row.option_index, bool(row.not_applicable))
        )
    questions = self_assessment.questions_for(kb, summary.track)
    members = []
    for given in answers.values():
        score = score_assessment(questions, self_assessment.to_choices(given, questions))
        members.append({a.ref: a.percent for a in score.measure_areas()})
    return CombinedView(summary, combine(members))
