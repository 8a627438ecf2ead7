"""Self-assessments as the app uses them: who may take which track, drafts, submission, results.

The logic layer between the pages and :mod:`quiz_app.assessments`: it checks the track
against the actor's role (through :mod:`quiz_app.authz`: everyone may take ``staff``, only
roles with ``TAKE_MANAGEMENT_TRACK`` may take ``management``), validates the choices
against the question bank, scores with :mod:`quiz_app.core.scoring` and stores the overall
percentage and maturity level. No Streamlit here.

Unanswered questions may be submitted; they count as 0 (see :mod:`quiz_app.core.scoring`).
Each answer is stored as it is given (:func:`save_answer`); saves name the draft revision they
start from, so two tabs on one draft never silently overwrite each other
(:class:`quiz_app.errors.DraftConflict`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase, Question
from quiz_app import assessments
from quiz_app.assessments import (
    MIN_GROUP_SIZE,
    Answer,
    AssessmentSummary,
    DraftState,
    head_count_band,
)
from quiz_app.authz import Action, Actor, allowed, require
from quiz_app.core.question_bank import (
    BankChanges,
    asked_questions,
    bank_changes,
    bank_version,
    question_version,
)
from quiz_app.core.scoring import (
    NOT_APPLICABLE,
    AssessmentScore,
    Choice,
    check_choices,
    score_assessment,
)
from quiz_app.core.supervision import EntityClass, for_entity_class
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.i18n import N_
from quiz_app.people import get_person
from quiz_app.remediation.targets import read_targets
from quiz_app.store import assessment_answers, people, read_transaction, transaction
from quiz_app.store import assessments as assessments_table

TRACK_ACTIONS: dict[str, Action] = {
    "management": Action.TAKE_MANAGEMENT_TRACK,
    "staff": Action.TAKE_ASSESSMENT,
}


def tracks_for(actor: Actor) -> list[str]:
    """The tracks the actor's role may take, management first."""
    return [track for track, action in TRACK_ACTIONS.items() if allowed(actor.role, action)]


def require_track(actor: Actor | None, track: str) -> None:
    """Return if ``actor`` may take ``track`` for their own person, else raise.

    Raises:
        InvalidInput: no such track.
        PermissionDenied: not logged in, no person linked, or the role may not take it.
    """
    if track not in TRACK_ACTIONS:
        raise InvalidInput(
            N_("unknown track {track!r} (expected one of: management, staff)"), track=track
        )
    require(actor, Action.TAKE_ASSESSMENT, owner_person_id=actor.person_id if actor else None)
    require(actor, TRACK_ACTIONS[track], owner_person_id=actor.person_id)


def questions_for(kb: KnowledgeBase, track: str) -> list[Question]:
    """The track's questions in bank order."""
    return [q for q in kb.questions if q.track == track]


def job_role_of(engine: Engine, actor: Actor) -> str | None:
    """The HR job role of the actor's own person (None: none recorded or no person)."""
    if actor is None or actor.person_id is None:
        return None
    with transaction(engine) as conn:
        try:
            return get_person(conn, actor.person_id).job_role
        except NotFound:
            return None


def asked_for(engine: Engine, actor: Actor, kb: KnowledgeBase, track: str) -> list[Question]:
    """The questions of ``track`` the actor is asked: the staff track asks the sections of
    their job role (:func:`quiz_app.core.question_bank.asked_questions`)."""
    return asked_questions(kb, track, job_role_of(engine, actor) if track == "staff" else None)


def _asked_choices(
    engine: Engine, actor: Actor, kb: KnowledgeBase, track: str, choices: Mapping[str, Choice]
) -> tuple[list[Question], dict[str, Choice]]:
    """The questions asked of the actor, and the choices among them; a choice the track's
    bank does not accept raises :class:`InvalidInput`."""
    check_choices(questions_for(kb, track), choices)
    asked = asked_for(engine, actor, kb, track)
    ids = {q.id for q in asked}
    return asked, {qid: c for qid, c in choices.items() if qid in ids}


def to_answers(choices: Mapping[str, Choice], questions: Sequence[Question] = ()) -> list[Answer]:
    """Choices as store answers (sorted by question id), each with the version of its
    question's English wording when ``questions`` holds it."""
    versions = {q.id: question_version(q) for q in questions}
    return [
        Answer(qid, None, True, versions.get(qid))
        if choice == NOT_APPLICABLE
        else Answer(qid, int(choice), False, versions.get(qid))
        for qid, choice in sorted(choices.items())
    ]


def to_choices(answers: Sequence[Answer], questions: Sequence[Question]) -> dict[str, Choice]:
    """Stored answers as choices, dropping any the current question bank no longer accepts."""
    choices: dict[str, Choice] = {}
    for answer in answers:
        if answer.not_applicable:
            choice: Choice = NOT_APPLICABLE
        elif answer.option_index is None:
            continue
        else:
            choice = answer.option_index
        try:
            check_choices(questions, {answer.question_id: choice})
        except InvalidInput:
            continue
        choices[answer.question_id] = choice
    return choices


def save_draft(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    track: str,
    choices: Mapping[str, Choice],
    *,
    expected_revision: int | None = None,
) -> DraftState:
    """Save (replace) the actor's own draft for ``track``; return its new state.

    Args:
        expected_revision: the draft revision the choices start from (0: none yet; None:
            unchecked).

    Raises:
        InvalidInput: unknown track or a choice the bank does not accept.
        PermissionDenied: the actor may not take this track.
        DraftConflict: the draft was saved in another tab or window since.
    """
    require_track(actor, track)
    questions, choices = _asked_choices(engine, actor, kb, track, choices)
    return assessments.save_draft(
        engine,
        actor,
        person_id=actor.person_id,
        track=track,
        answers=to_answers(choices, questions),
        data_version=bank_version(questions),
        expected_revision=expected_revision,
    )


def save_answer(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    track: str,
    question_id: str,
    choice: Choice | None,
    *,
    expected_revision: int | None,
) -> DraftState:
    """Store one answer into the actor's draft as it is given (None: unanswered again).

    Raises:
        InvalidInput: unknown track, question or choice.
        PermissionDenied: the actor may not take this track.
        DraftConflict: the draft was saved in another tab or window since (nothing stored).
    """
    require_track(actor, track)
    questions = questions_for(kb, track)
    if not any(q.id == question_id for q in questions):
        raise InvalidInput(
            N_("unknown question {question_id!r} in the {track} track"),
            question_id=question_id,
            track=track,
        )
    answer = None
    if choice is not None:
        check_choices(questions, {question_id: choice})
        answer = to_answers({question_id: choice}, questions)[0]
    return assessments.save_answer(
        engine,
        actor,
        person_id=actor.person_id,
        track=track,
        question_id=question_id,
        answer=answer,
        expected_revision=expected_revision,
        data_version=bank_version(asked_for(engine, actor, kb, track)),
    )


def load_draft(
    engine: Engine, actor: Actor, kb: KnowledgeBase, track: str
) -> tuple[AssessmentSummary, dict[str, Choice]] | None:
    """The actor's latest draft for ``track`` with its choices, or None."""
    require_track(actor, track)
    drafts = [
        s
        for s in assessments.list_assessments_for(engine, actor, actor.person_id)
        if s.track == track and s.status == assessments.DRAFT
    ]
    if not drafts:
        return None
    answers = assessments.get_answers(engine, actor, drafts[0].id)
    return drafts[0], to_choices(answers, asked_for(engine, actor, kb, track))


def submit(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    track: str,
    choices: Mapping[str, Choice],
    *,
    submission_key: str | None = None,
    expected_revision: int | None = None,
) -> int:
    """Score and store the actor's assessment of ``track`` (unanswered count as 0).

    The stored ``score`` is the overall percentage (0-100, one decimal), ``maturity`` the
    level's name. Returns the assessment's id (the earlier one for a repeated key).

    Raises:
        InvalidInput: unknown track or a choice the bank does not accept.
        PermissionDenied: the actor may not take this track.
    """
    require_track(actor, track)
    questions, choices = _asked_choices(engine, actor, kb, track, choices)
    score = score_assessment(questions, choices)
    percent = score.percent
    return assessments.submit_assessment(
        engine,
        actor,
        person_id=actor.person_id,
        track=track,
        answers=to_answers(choices, questions),
        score=None if percent is None else round(percent, 1),
        maturity=score.maturity.name if score.maturity else None,
        data_version=bank_version(questions),
        submission_key=submission_key,
        expected_revision=expected_revision,
    )


def submitted_assessments(engine: Engine, actor: Actor) -> list[AssessmentSummary]:
    """The actor's own submitted assessments, oldest first."""
    require(actor, Action.VIEW_OWN_RESULTS, owner_person_id=actor.person_id)
    own = assessments.list_assessments_for(engine, actor, actor.person_id)
    return sorted(
        (s for s in own if s.status == assessments.SUBMITTED), key=lambda s: (s.submitted_at, s.id)
    )


def result_of(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    summary: AssessmentSummary,
    *,
    entity_class: EntityClass | None = None,
) -> AssessmentScore:
    """Score one of the actor's own assessments against the current question bank and the
    organisation's current target levels (which decide what is a gap).

    ``entity_class`` (the organisation's class, essential or important) keeps only the
    supervision article that applies (Art. 32 or 33); None keeps both.

    Raises:
        PermissionDenied: someone else's assessment.
    """
    answers = assessments.get_answers(engine, actor, summary.id)
    questions = asked_for(engine, actor, kb, summary.track)
    with read_transaction(engine) as conn:
        targets = read_targets(conn)
    score = score_assessment(questions, to_choices(answers, questions), targets)
    return for_entity_class(score, entity_class)


def changes_since(
    engine: Engine, actor: Actor, kb: KnowledgeBase, summary: AssessmentSummary
) -> BankChanges:
    """Which of today's questions differ from those ``summary`` was answered against.

    Raises:
        PermissionDenied: someone else's assessment.
    """
    answers = assessments.get_answers(engine, actor, summary.id)
    questions = asked_for(engine, actor, kb, summary.track)
    return bank_changes(
        ((a.question_id, a.option_index) for a in answers),
        questions,
        stored_version=summary.data_version,
        current_version=bank_version(questions),
        answered_versions={a.question_id: a.question_version for a in answers},
    )


def start_from_previous(
    engine: Engine, actor: Actor, kb: KnowledgeBase, track: str
) -> tuple[DraftState, dict[str, Choice]] | None:
    """Start a retake from the answers of the actor's latest submitted ``track`` assessment:
    they become a new draft (answers the bank no longer accepts, and answers to a question
    reworded since, are left out). None when
    there is no earlier submission or a draft exists already.

    Raises:
        PermissionDenied: the actor may not take this track.
    """
    require_track(actor, track)
    own = assessments.list_assessments_for(engine, actor, actor.person_id)
    if any(s.track == track and s.status == assessments.DRAFT for s in own):
        return None
    previous = [s for s in own if s.track == track and s.status == assessments.SUBMITTED]
    if not previous:
        return None
    questions = asked_for(engine, actor, kb, track)
    current = {q.id: question_version(q) for q in questions}
    answers = [  # an answer given to other words is asked again
        a
        for a in assessments.get_answers(engine, actor, previous[0].id)
        if a.question_version is None or a.question_version == current.get(a.question_id)
    ]
    choices = to_choices(answers, questions)
    if not choices:
        return None
    return save_draft(engine, actor, kb, track, choices, expected_revision=0), choices


def own_name(engine: Engine, actor: Actor) -> str:
    """The name of the actor's own person (for the report header).

    Raises:
        PermissionDenied: no person linked.
    """
    require(actor, Action.VIEW_OWN_RESULTS, owner_person_id=actor.person_id)
    with transaction(engine) as conn:
        try:
            return get_person(conn, actor.person_id).name
        except NotFound:
            return "(unknown)"


@dataclass(frozen=True)
class AreaAverage:
    """Mean per-area score over people's latest counted submissions; None below the group
    minimum. ``head_count`` is a band (:func:`quiz_app.assessments.head_count_band`)."""

    key: str
    head_count: str
    mean_percent: float | None


def team_area_averages(
    engine: Engine, actor: Actor, kb: KnowledgeBase, *, track: str = "staff"
) -> list[AreaAverage]:
    """Per-area averages of everyone's latest counted ``track`` submission.

    Only aggregates leave this function, and they refresh only in steps of at least
    ``MIN_GROUP_SIZE`` submissions (:func:`quiz_app.assessments.counted_latest`); an area
    rated by fewer than ``MIN_GROUP_SIZE`` people shows no mean.

    Raises:
        PermissionDenied: the actor may not view team aggregates.
    """
    require(actor, Action.VIEW_TEAM_AGGREGATES)
    t = assessments_table.c
    with transaction(engine) as conn:
        submissions = conn.execute(
            select(t.id, t.person_id, people.c.job_role)
            .join(people, people.c.id == t.person_id)
            .where(t.status == assessments.SUBMITTED, t.track == track)
        ).all()
        counted = assessments.counted_latest(submissions)
        ids = [row.id for row in counted]
        job_roles = {row.id: row.job_role for row in counted}
        rows = conn.execute(
            select(assessment_answers).where(assessment_answers.c.assessment_id.in_(ids))
        ).all()
    by_assessment: dict[int, list[Answer]] = {i: [] for i in ids}
    for row in rows:
        by_assessment.setdefault(row.assessment_id, []).append(
            Answer(row.question_id, row.option_index, bool(row.not_applicable))
        )
    questions = questions_for(kb, track)
    percents: dict[str, list[float]] = {}
    for assessment_id, answers in by_assessment.items():
        asked = asked_questions(kb, track, job_roles.get(assessment_id))  # as they were asked
        score = score_assessment(asked, to_choices(answers, asked))
        for area in score.areas:
            if area.percent is not None:
                percents.setdefault(area.key, []).append(area.percent)
    keys = [a.key for a in score_assessment(questions, {}).areas]
    return [
        AreaAverage(
            key,
            head_count_band(len(percents.get(key, []))),
            sum(percents[key]) / len(percents[key])
            if len(percents.get(key, [])) >= MIN_GROUP_SIZE
            else None,
        )
        for key in keys
    ]
