"""The management body's approvals (NIS 2 Art. 20(1)) and its training (Art. 20(2)).

A manager records that the management body approved the risk-management measures (or the
remediation plan) on a date, at a meeting, with the members present. Approvals are a
history: they are never changed or deleted (the domain offers no way, and triggers made by
revision 0003 refuse UPDATE and DELETE); a correction is a new approval that names the one it
supersedes. :func:`board_training` shows, beside them, which members of the management body
hold a valid pass of each management training module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.i18n import N_
from quiz_app.store import (
    approval_members,
    approvals,
    people,
    training_attempts,
    transaction,
    utcnow,
)
from quiz_app.training.catalogue import audience_is_management, moment

APPROVAL_RECORD = "approval_record"
# English labels, marked for the catalogues: a page shows them with ``_()``.
SUBJECTS: dict[str, str] = {
    "measures": N_("the cybersecurity risk-management measures"),
    "remediation_plan": N_("the remediation plan"),
}


@dataclass(frozen=True)
class Approval:
    """One recorded approval with the names of the members present."""

    id: int
    subject: str
    approved_on: date
    meeting_reference: str
    note: str | None
    supersedes: int | None
    recorded_at: datetime
    members: tuple[str, ...]


@dataclass(frozen=True)
class MemberTraining:
    """One member of the management body: per management module, valid until when (None:
    no valid pass)."""

    person_id: int
    name: str
    valid: dict[str, datetime | None]

    @property
    def trained(self) -> bool:
        """Whether the member holds a valid pass of every management module."""
        return all(v is not None for v in self.valid.values())


def record_approval(
    engine: Engine,
    actor: Actor,
    *,
    subject: str,
    approved_on: date,
    meeting_reference: str,
    member_ids: Sequence[int],
    note: str | None = None,
    supersedes: int | None = None,
    today: date | None = None,
) -> int:
    """Append an approval and return its id.

    Raises:
        PermissionDenied: the actor may not record approvals.
        InvalidInput: unknown subject, a date in the future, no meeting reference, no members
            present, someone present who is not a member of the management body, or an
            unknown approval to supersede.
    """
    require(actor, Action.RECORD_APPROVAL)
    if subject not in SUBJECTS:
        raise InvalidInput(N_("subject must be one of: {subjects}"), subjects=", ".join(SUBJECTS))
    if approved_on > (today or utcnow().date()):
        raise InvalidInput(N_("an approval cannot be dated in the future"))
    reference = (meeting_reference or "").strip()
    if not reference or len(reference) > 200:
        raise InvalidInput(N_("give the meeting reference (at most 200 characters)"))
    present = sorted(set(member_ids))
    if not present:
        raise InvalidInput(N_("name the members of the management body who were present"))
    with transaction(engine) as conn:
        board = set(
            conn.execute(
                select(people.c.id).where(
                    people.c.id.in_(present),
                    people.c.is_management_body.is_(True),
                    people.c.erased_at.is_(None),
                )
            ).scalars()
        )
        if board != set(present):
            others = ", ".join(str(i) for i in present if i not in board)
            raise InvalidInput(
                N_("not members of the management body: person {others}"), others=others
            )
        if (
            supersedes is not None
            and not conn.execute(select(approvals.c.id).where(approvals.c.id == supersedes)).first()
        ):
            raise InvalidInput(N_("no approval {supersedes} to supersede"), supersedes=supersedes)
        approval_id = conn.execute(
            approvals.insert().values(
                subject=subject,
                approved_on=approved_on,
                meeting_reference=reference,
                note=(note or "").strip() or None,
                supersedes=supersedes,
                recorded_at=utcnow(),
                recorded_by=actor.account_id,
            )
        ).inserted_primary_key[0]
        conn.execute(
            approval_members.insert(),
            [{"approval_id": approval_id, "person_id": p} for p in present],
        )
        audit.record(
            conn,
            actor.account_id,
            APPROVAL_RECORD,
            f"approval:{approval_id}",
            {"subject": subject, "members": present, "supersedes": supersedes},
        )
    return approval_id


def list_approvals(engine: Engine, actor: Actor) -> list[Approval]:
    """Every approval, the latest approval date first (then the latest recorded).

    Raises:
        PermissionDenied: the actor may not view approvals.
    """
    require(actor, Action.VIEW_APPROVALS)
    a, m = approvals, approval_members
    with transaction(engine) as conn:
        rows = conn.execute(select(a).order_by(a.c.approved_on.desc(), a.c.id.desc())).all()
        names: dict[int, list[str]] = {}
        for approval_id, name in conn.execute(
            select(m.c.approval_id, people.c.name).join(people, people.c.id == m.c.person_id)
        ):
            names.setdefault(approval_id, []).append(name)
    return [
        Approval(
            r.id,
            r.subject,
            r.approved_on,
            r.meeting_reference,
            r.note,
            r.supersedes,
            r.recorded_at,
            tuple(sorted(names.get(r.id, []), key=str.casefold)),
        )
        for r in rows
    ]


def management_body(engine: Engine, actor: Actor) -> list[tuple[int, str]]:
    """(person id, name) of each member of the management body, by name.

    Raises:
        PermissionDenied: the actor may not record approvals.
    """
    require(actor, Action.RECORD_APPROVAL)
    return _board_members(engine)


def board_training(
    engine: Engine, actor: Actor, kb: KnowledgeBase, *, now: datetime | None = None
) -> list[MemberTraining]:
    """Per member of the management body, the validity of their latest pass of each
    management training module at ``now`` (a pass without an end date stays valid).

    Raises:
        PermissionDenied: the actor may not view approvals.
        NotFound: the knowledge base has no management training module.
    """
    require(actor, Action.VIEW_APPROVALS)
    at = moment(now)
    modules = [m.id for m in kb.training if audience_is_management(m.audience)]
    if not modules:
        raise NotFound(N_("the knowledge base has no training module for the management body"))
    t = training_attempts
    members = _board_members(engine)
    with transaction(engine) as conn:
        passes = conn.execute(
            select(t.c.person_id, t.c.module_id, t.c.valid_until).where(
                t.c.passed.is_(True),
                t.c.module_id.in_(modules),
                t.c.person_id.in_([p for p, _ in members]),
            )
        ).all()
    best: dict[tuple[int, str], datetime] = {}
    for person_id, module_id, valid_until in passes:
        until = valid_until or datetime.max
        if until > at and until > best.get((person_id, module_id), datetime.min):
            best[(person_id, module_id)] = until
    return [
        MemberTraining(pid, name, {m: best.get((pid, m)) for m in modules}) for pid, name in members
    ]


def _board_members(engine: Engine) -> list[tuple[int, str]]:
    with transaction(engine) as conn:
        return [
            (r.id, r.name)
            for r in conn.execute(
                select(people.c.id, people.c.name)
                .where(people.c.is_management_body.is_(True), people.c.erased_at.is_(None))
                .order_by(people.c.name, people.c.id)
            )
        ]
