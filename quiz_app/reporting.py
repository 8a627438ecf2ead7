"""The report for the board minutes: gathers what one assessment's report prints.

:func:`assessment_report` reads the organisation profile, the round the assessment was
submitted in, the remediation actions opened on its gaps (with how much evidence each has),
the management body's approvals and training, and the site's address for the links; then
:mod:`quiz_app.core.report` lays it out. Authorization is that of each source: only one's
own assessment is reported; staff see only the actions they own; approvals and the board's
training are printed for roles that may view them (managers), left out for others and from
a staff member's knowledge check (a personal report, without the board's sign-off).
:func:`round_report` is a closed round's combined report (per measure, median and spread).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase
from quiz_app import self_assessment
from quiz_app.assessments import MIN_GROUP_SIZE, AssessmentSummary
from quiz_app.authz import Action, Actor, allowed
from quiz_app.core.advice import short_label
from quiz_app.core.report import (
    Report,
    ReportAction,
    ReportApproval,
    ReportOrganisation,
    ReportRound,
    ReportTraining,
    build_report,
    is_local_url,
)
from quiz_app.core.round_report import RoundReport, RoundRow
from quiz_app.errors import NotFound
from quiz_app.governance import approvals, organisation, rounds
from quiz_app.i18n import DEFAULT_LANGUAGE
from quiz_app.links import site_base
from quiz_app.remediation import plan
from quiz_app.remediation.actions import STATUS_LABELS
from quiz_app.store import assessment_rounds, people, read_transaction, round_participants


def _round_of(engine: Engine, assessment_id: int) -> ReportRound | None:
    """The round ``assessment_id`` was submitted in, with its participants by name."""
    p, r = round_participants, assessment_rounds
    with read_transaction(engine) as conn:
        round_id = conn.execute(
            select(p.c.round_id).where(p.c.assessment_id == assessment_id)
        ).scalar()
        if round_id is None:
            return None
        row = conn.execute(select(r.c.title, r.c.deadline).where(r.c.id == round_id)).one()
        members = conn.execute(
            select(people.c.name, p.c.assessment_id)
            .join(people, people.c.id == p.c.person_id)
            .where(p.c.round_id == round_id)
        ).all()
    names = tuple(sorted((m.name for m in members), key=str.casefold))
    submitted = sum(1 for m in members if m.assessment_id is not None)
    return ReportRound(row.title, row.deadline, names, submitted)


def _actions(engine: Engine, actor: Actor, assessment_id: int) -> tuple[ReportAction, ...]:
    found = plan.list_plan(
        engine, actor, assessment_id=assessment_id, statuses=tuple(STATUS_LABELS)
    )
    counts = plan.evidence_counts(engine, actor, [a.id for a in found])
    return tuple(
        ReportAction(
            a.id, a.title, a.owner_name, a.due_on, STATUS_LABELS[a.status], counts.get(a.id, 0)
        )
        for a in found
    )


def _board(
    engine: Engine, actor: Actor, kb: KnowledgeBase, now: datetime | None
) -> tuple[tuple[ReportApproval, ...], tuple[ReportTraining, ...]]:
    if not allowed(actor.role, Action.VIEW_APPROVALS):
        return (), ()
    given = tuple(
        ReportApproval(
            a.approved_on,
            approvals.SUBJECTS.get(a.subject, a.subject),
            a.meeting_reference,
            a.members,
        )
        for a in approvals.list_approvals(engine, actor)
    )
    try:
        members = approvals.board_training(engine, actor, kb, now=now)
    except NotFound:  # no management training module in the knowledge base
        members = []
    return given, tuple(ReportTraining(m.name, m.trained) for m in members)


def _organisation(engine: Engine, actor: Actor) -> ReportOrganisation | None:
    profile = organisation.read_profile(engine, actor)
    if profile is None:
        return None
    return ReportOrganisation(
        profile.name, profile.member_states, profile.entity_class, profile.competent_authority
    )


def round_report(engine: Engine, actor: Actor, kb: KnowledgeBase, round_id: int) -> RoundReport:
    """A closed round's combined report; participants are named to those who run rounds.

    Raises:
        NotFound: no such round.
        PermissionDenied: neither running rounds nor a participant of this round.
        InvalidInput: the round is still open.
    """
    view = rounds.combined_view(engine, actor, kb, round_id)
    names: tuple[str, ...] = ()
    if allowed(actor.role, Action.RUN_ROUNDS):
        progress = rounds.round_progress(engine, actor, round_id)
        names = tuple(sorted((p.name for p in progress), key=str.casefold))
    summary = view.round
    site = site_base()
    rows = None
    if view.spreads is not None:
        rows = tuple(
            RoundRow(
                short_label(kb, f"measures/{s.measure}"), s.median, s.low, s.high, s.iqr, s.members
            )
            for s in view.spreads
        )
    return RoundReport(
        title=summary.title,
        track=next((t.title for t in kb.tracks if t.id == summary.track), summary.track),
        deadline=summary.deadline,
        closed_on=summary.closed_at.date() if summary.closed_at else None,
        participants=names,
        submitted=summary.submitted,
        invited=summary.participants,
        rows=rows,
        min_group=MIN_GROUP_SIZE,
        organisation=_organisation(engine, actor),
        local_site=site if is_local_url(site) else None,
    )


def assessment_report(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    summary: AssessmentSummary,
    *,
    now: datetime | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Report:
    """The report of one of the actor's own submitted assessments.

    Args:
        kb: the knowledge base in the reader's ``language``.
        now: the moment the board's training validity is judged at (default: now).
        language: the reader's language: the site's pages are named in it.

    Raises:
        PermissionDenied: someone else's assessment, or nobody signed in.
    """
    profile = organisation.read_profile(engine, actor)
    score = self_assessment.result_of(
        engine, actor, kb, summary, entity_class=profile.entity_class if profile else None
    )
    track = next((t.title for t in kb.tracks if t.id == summary.track), summary.track)
    knowledge_check = summary.track == "staff"  # a personal check, not for the board's minutes
    given, training = ((), ()) if knowledge_check else _board(engine, actor, kb, now)
    return build_report(
        kb,
        score,
        person=self_assessment.own_name(engine, actor),
        track=track,
        taken_on=summary.submitted_at.date(),
        organisation=_organisation(engine, actor),
        round=_round_of(engine, summary.id),
        actions=_actions(engine, actor, summary.id),
        approvals=given,
        training=training,
        site_url=site_base(),
        language=language,
        knowledge_check=knowledge_check,
    )
