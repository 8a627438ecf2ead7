"""One person's training, for the trainer's person page: their assignments (register rows)
and attempts, and the changes a trainer makes to one assignment (extend its due date,
cancel it). Assigning to one person is :func:`quiz_app.training.assign.assign` with a
``person`` target.

Trainers and admins view (``VIEW_PERSON_TRAINING``); only trainers change
(``ASSIGN_TRAINING``). Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.core.register import RegisterRow
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.i18n import N_
from quiz_app.people import Person, get_person
from quiz_app.store import people, read_transaction, training_assignments, transaction
from quiz_app.training.attempts import AttemptSummary, attempts_of
from quiz_app.training.catalogue import moment
from quiz_app.training.register import register

TRAINING_EXTEND = "training_extend"
TRAINING_CANCEL = "training_cancel"


@dataclass(frozen=True)
class PersonTraining:
    """A person, their assignments (every state) and their attempts (newest first)."""

    person: Person
    assignments: list[RegisterRow]
    attempts: list[AttemptSummary]


def people_to_pick(engine: Engine, actor: Actor) -> list[tuple[int, str]]:
    """(internal id, "HR id - name") of everyone not erased, by HR id, for a picker.

    Raises:
        PermissionDenied: the actor may not view a person's training.
    """
    require(actor, Action.VIEW_PERSON_TRAINING)
    query = (
        select(people.c.id, people.c.external_id, people.c.name)
        .where(people.c.erased_at.is_(None))
        .order_by(people.c.external_id)
    )
    with read_transaction(engine) as conn:
        return [(pid, f"{ext} - {name}") for pid, ext, name in conn.execute(query)]


def person_training(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    person_id: int,
    *,
    now: datetime | None = None,
) -> PersonTraining:
    """Everything the person page shows about one person.

    Raises:
        PermissionDenied: the actor may not view a person's training.
        NotFound: no such person, or the person was erased.
    """
    require(actor, Action.VIEW_PERSON_TRAINING)
    with transaction(engine) as conn:
        person = get_person(conn, person_id)
        if person.erased:
            raise NotFound(N_("no person with internal id {person_id}"), person_id=person_id)
        attempts = attempts_of(conn, person_id)
    rows = register(engine, actor, kb, person_id=person_id, now=now).rows
    return PersonTraining(person, rows, attempts)


def _open_assignment(conn: Connection, assignment_id: int):
    a = training_assignments
    row = conn.execute(
        select(a.c.id, a.c.person_id, a.c.module_id, a.c.due_on, a.c.closed_at).where(
            a.c.id == assignment_id
        )
    ).one_or_none()
    if row is None:
        raise NotFound(N_("no assignment {assignment_id}"), assignment_id=assignment_id)
    if row.closed_at is not None:
        raise InvalidInput(
            N_("assignment {assignment_id} is closed already"), assignment_id=assignment_id
        )
    return row


def extend_due(
    engine: Engine,
    actor: Actor,
    assignment_id: int,
    due_on: date,
    *,
    now: datetime | None = None,
) -> None:
    """Move an open assignment's due date to ``due_on`` (later or earlier, not in the past).

    Raises:
        PermissionDenied: the actor may not assign training.
        NotFound: no such assignment.
        InvalidInput: the assignment is closed, or ``due_on`` is in the past.
    """
    require(actor, Action.ASSIGN_TRAINING)
    now = moment(now)
    if due_on < now.date():
        raise InvalidInput(N_("the due date {due_on} is in the past"), due_on=due_on.isoformat())
    with transaction(engine) as conn:
        row = _open_assignment(conn, assignment_id)
        conn.execute(
            training_assignments.update()
            .where(training_assignments.c.id == assignment_id)
            .values(due_on=due_on)
        )
        audit.record(
            conn,
            actor.account_id,
            TRAINING_EXTEND,
            f"person:{row.person_id}",
            {
                "assignment": assignment_id,
                "module": row.module_id,
                "from": row.due_on.isoformat(),
                "to": due_on.isoformat(),
            },
        )


def cancel_assignment(
    engine: Engine, actor: Actor, assignment_id: int, *, now: datetime | None = None
) -> None:
    """Close an open assignment without a pass: the person no longer has to take it (it
    stays in the register as ``cancelled``; their attempts are kept).

    Raises:
        PermissionDenied: the actor may not assign training.
        NotFound: no such assignment.
        InvalidInput: the assignment is closed already.
    """
    require(actor, Action.ASSIGN_TRAINING)
    now = moment(now)
    with transaction(engine) as conn:
        row = _open_assignment(conn, assignment_id)
        conn.execute(
            training_assignments.update()
            .where(training_assignments.c.id == assignment_id)
            .values(closed_at=now)
        )
        audit.record(
            conn,
            actor.account_id,
            TRAINING_CANCEL,
            f"person:{row.person_id}",
            {"assignment": assignment_id, "module": row.module_id},
        )
