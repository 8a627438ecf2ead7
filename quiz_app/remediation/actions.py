"""Remediation actions: one per gap worth acting on, with an owner (a person), a due date, a
status, an append-only comment thread, and who closed it when.

Statuses: ``open`` -> ``in_progress`` -> ``done``, or ``accepted_risk`` (a reason is
required). Closing (``done`` or ``accepted_risk``) records the account and the time;
reopening clears them (the audit log keeps the history).

Access (:func:`require_access`): managers and admins (``MANAGE_ACTIONS``) see and change every
action of the organisation; everyone else sees and changes only the actions they own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from quiz_app import audit
from quiz_app.authz import Action, Actor, allowed, require
from quiz_app.errors import InvalidInput, NotFound, PermissionDenied
from quiz_app.i18n import N_
from quiz_app.people import living_by_name
from quiz_app.remediation.targets import MEASURE_ID
from quiz_app.store import (
    accounts,
    action_comments,
    assessments,
    people,
    read_transaction,
    remediation_actions,
    transaction,
    utcnow,
)

# English labels, marked for the catalogues: a page shows them with ``_()``.
STATUS_LABELS = {
    "open": N_("open"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "accepted_risk": N_("accepted risk"),
}
OPEN_STATUSES = ("open", "in_progress")
CLOSED_STATUSES = ("done", "accepted_risk")
TITLE_MAX = 300
TEXT_MAX = 5000

ACTION_CREATE = "action_create"
ACTION_STATUS = "action_status"
ACTION_ASSIGN = "action_assign"
ACTION_COMMENT = "action_comment"


@dataclass(frozen=True)
class RemediationAction:
    """One action as held in the store, with its owner's name."""

    id: int
    title: str
    assessment_id: int | None
    measure_id: str | None
    question_id: str | None
    owner_person_id: int
    owner_name: str
    due_on: date
    status: str
    risk_reason: str | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    closed_by: int | None

    @property
    def is_open(self) -> bool:
        """Not done and no risk accepted."""
        return self.status in OPEN_STATUSES

    def overdue(self, today: date) -> bool:
        """Still open after its due date."""
        return self.is_open and self.due_on < today


@dataclass(frozen=True)
class Comment:
    """One comment of an action's thread; ``author`` is the writer's name (or account)."""

    id: int
    at: datetime
    author: str
    body: str


@dataclass(frozen=True)
class Owner:
    """A person an action can be given to."""

    person_id: int
    name: str
    external_id: str


def _text(value: str | None, what: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(N_("{what} must not be empty"), what=what)
    if len(text) > limit:
        raise InvalidInput(
            N_("{what} is too long ({length} characters, at most {limit})"),
            what=what,
            length=len(text),
            limit=limit,
        )
    return text


def _action_query():
    return select(remediation_actions, people.c.name.label("owner_name")).join(
        people, people.c.id == remediation_actions.c.owner_person_id
    )


def to_action(row) -> RemediationAction:
    """A row of :func:`_action_query` as an action."""
    return RemediationAction(
        id=row.id,
        title=row.title,
        assessment_id=row.assessment_id,
        measure_id=row.measure_id,
        question_id=row.question_id,
        owner_person_id=row.owner_person_id,
        owner_name=row.owner_name,
        due_on=row.due_on,
        status=row.status,
        risk_reason=row.risk_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
    )


def select_actions():
    """The query every listing starts from (actions joined with their owner's name)."""
    return _action_query()


def load(conn: Connection, action_id: int) -> RemediationAction:
    """One action, whoever asks (callers check access).

    Raises:
        NotFound: no such action.
    """
    row = conn.execute(_action_query().where(remediation_actions.c.id == action_id)).first()
    if row is None:
        raise NotFound(N_("no remediation action {action_id}"), action_id=action_id)
    return to_action(row)


def manages_all(actor: Actor | None) -> bool:
    """Whether the actor sees and changes every action (managers and admins)."""
    return actor is not None and allowed(actor.role, Action.MANAGE_ACTIONS)


def require_access(actor: Actor | None, action: RemediationAction) -> None:
    """Return if the actor may see and work on ``action``, else raise.

    Raises:
        PermissionDenied: not logged in, or someone else's action for a non-manager.
    """
    require(actor, Action.WORK_ON_ACTIONS)
    if manages_all(actor):
        return
    if actor.person_id is None or actor.person_id != action.owner_person_id:
        raise PermissionDenied(N_("you may only see and change the actions you own"))


def owners(engine: Engine, actor: Actor) -> list[Owner]:
    """The people an action can be given to (not erased), by name.

    Raises:
        PermissionDenied: the actor may not manage actions.
    """
    require(actor, Action.MANAGE_ACTIONS)
    with read_transaction(engine) as conn:
        return [Owner(r.id, r.name, r.external_id) for r in living_by_name(conn)]


def _check_owner(conn: Connection, person_id: int) -> None:
    row = conn.execute(select(people.c.erased_at).where(people.c.id == person_id)).first()
    if row is None or row.erased_at is not None:
        raise InvalidInput(N_("the owner must be a person on record"))


def _check_assessment(conn: Connection, assessment_id: int | None) -> None:
    if assessment_id is None:
        return
    status = conn.execute(
        select(assessments.c.status).where(assessments.c.id == assessment_id)
    ).scalar()
    if status != "submitted":
        raise InvalidInput(
            N_("assessment {assessment_id} is not a submitted assessment"),
            assessment_id=assessment_id,
        )


def create_action(
    engine: Engine,
    actor: Actor,
    *,
    title: str,
    owner_person_id: int,
    due_on: date,
    assessment_id: int | None = None,
    measure_id: str | None = None,
    question_id: str | None = None,
) -> int:
    """Open an action on a gap; return its id (audited).

    Raises:
        PermissionDenied: the actor may not manage actions.
        InvalidInput: empty title, owner not on record, assessment not submitted, or an
            unknown measure id.
    """
    require(actor, Action.MANAGE_ACTIONS)
    title = _text(title, "the title", TITLE_MAX)
    if measure_id is not None and not MEASURE_ID.match(measure_id):
        raise InvalidInput(
            N_("{measure_id!r} is not an Art. 21(2) measure id (e.g. 21-2-b)"),
            measure_id=measure_id,
        )
    now = utcnow()
    with transaction(engine) as conn:
        _check_owner(conn, owner_person_id)
        _check_assessment(conn, assessment_id)
        action_id = conn.execute(
            remediation_actions.insert().values(
                title=title,
                assessment_id=assessment_id,
                measure_id=measure_id,
                question_id=question_id,
                owner_person_id=owner_person_id,
                due_on=due_on,
                status="open",
                created_at=now,
                created_by=actor.account_id,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        audit.record(
            conn,
            actor.account_id,
            ACTION_CREATE,
            f"action:{action_id}",
            {
                "owner": f"person:{owner_person_id}",
                "due_on": due_on.isoformat(),
                "assessment": assessment_id,
                "measure": measure_id,
                "question": question_id,
            },
        )
    return action_id


def get_action(engine: Engine, actor: Actor, action_id: int) -> RemediationAction:
    """One action the actor may see.

    Raises:
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    with read_transaction(engine) as conn:
        action = load(conn, action_id)
    require_access(actor, action)
    return action


def set_status(
    engine: Engine, actor: Actor, action_id: int, status: str, *, reason: str | None = None
) -> RemediationAction:
    """Move an action to ``status``; closing records who and when (audited).

    Raises:
        InvalidInput: unknown status, or accepted risk without a reason.
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    if status not in STATUS_LABELS:
        raise InvalidInput(
            N_("unknown status {status!r} (expected one of: {statuses})"),
            status=status,
            statuses=", ".join(STATUS_LABELS),
        )
    risk_reason = (
        _text(reason, "the reason for accepting the risk", TEXT_MAX)
        if (status == "accepted_risk")
        else None
    )
    with transaction(engine) as conn:
        action = load(conn, action_id)
        require_access(actor, action)
        now = utcnow()
        closing = status in CLOSED_STATUSES
        conn.execute(
            remediation_actions.update()
            .where(remediation_actions.c.id == action_id)
            .values(
                status=status,
                risk_reason=risk_reason,
                updated_at=now,
                closed_at=now if closing else None,
                closed_by=actor.account_id if closing else None,
            )
        )
        audit.record(
            conn,
            actor.account_id,
            ACTION_STATUS,
            f"action:{action_id}",
            {"from": action.status, "to": status},
        )
        return load(conn, action_id)


def reassign(
    engine: Engine,
    actor: Actor,
    action_id: int,
    *,
    owner_person_id: int,
    due_on: date,
) -> None:
    """Give an action another owner and/or due date (audited).

    Raises:
        PermissionDenied: the actor may not manage actions.
        NotFound: no such action.
        InvalidInput: the owner is not on record.
    """
    require(actor, Action.MANAGE_ACTIONS)
    with transaction(engine) as conn:
        action = load(conn, action_id)
        _check_owner(conn, owner_person_id)
        conn.execute(
            remediation_actions.update()
            .where(remediation_actions.c.id == action_id)
            .values(owner_person_id=owner_person_id, due_on=due_on, updated_at=utcnow())
        )
        audit.record(
            conn,
            actor.account_id,
            ACTION_ASSIGN,
            f"action:{action_id}",
            {
                "owner": {"from": action.owner_person_id, "to": owner_person_id},
                "due_on": {"from": action.due_on.isoformat(), "to": due_on.isoformat()},
            },
        )


def add_comment(engine: Engine, actor: Actor, action_id: int, body: str) -> None:
    """Append a comment to an action's thread (comments are never edited; audited).

    Raises:
        InvalidInput: an empty or overlong comment.
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    body = _text(body, "the comment", TEXT_MAX)
    with transaction(engine) as conn:
        require_access(actor, load(conn, action_id))
        conn.execute(
            action_comments.insert().values(
                action_id=action_id, author_account_id=actor.account_id, at=utcnow(), body=body
            )
        )
        audit.record(conn, actor.account_id, ACTION_COMMENT, f"action:{action_id}")


def comments(engine: Engine, actor: Actor, action_id: int) -> list[Comment]:
    """An action's comments, oldest first.

    Raises:
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    c = action_comments.c
    with read_transaction(engine) as conn:
        require_access(actor, load(conn, action_id))
        rows = conn.execute(
            select(c.id, c.at, c.body, c.author_account_id, people.c.name)
            .select_from(
                action_comments.outerjoin(accounts, accounts.c.id == c.author_account_id).outerjoin(
                    people, people.c.id == accounts.c.person_id
                )
            )
            .where(c.action_id == action_id)
            .order_by(c.at, c.id)
        )
        return [
            Comment(r.id, r.at, r.name or f"account {r.author_account_id}", r.body) for r in rows
        ]
