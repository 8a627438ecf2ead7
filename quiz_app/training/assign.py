"""Assigning training: a module to its audience, a department, a job role or one person.

People with an open assignment keep it; someone whose completion is still valid gets the
assignment as a renewal, due when the completion expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kb.model import TrainingModule
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.core import schedule
from quiz_app.errors import InvalidInput, Word
from quiz_app.i18n import N_
from quiz_app.store import people, training_assignments, transaction
from quiz_app.training.attempts import latest_valid_until
from quiz_app.training.catalogue import audience_is_management, moment

TARGET_KINDS = ("audience", "department", "role", "person")
# The kinds as words of the message that asks for one (translated where it is shown).
TARGET_WORDS = {"department": N_("department"), "role": N_("job role"), "person": N_("person")}


@dataclass(frozen=True)
class AssignTarget:
    """Whom to assign to: the module's audience, a department, a job role, or one person (HR id)."""

    kind: str
    value: str | None = None

    def describe(self) -> str:
        """``audience``, ``department:IT``, ... (kept with each assignment)."""
        return self.kind if self.kind == "audience" else f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class AssignResult:
    """What an assignment run did: people newly assigned and people already assigned."""

    assigned: int
    already_assigned: int


def _target_filter(module: TrainingModule, target: AssignTarget):
    if target.kind not in TARGET_KINDS:
        raise InvalidInput(
            N_("unknown assignment target {kind!r} (expected one of: {kinds})"),
            kind=target.kind,
            kinds=", ".join(TARGET_KINDS),
        )
    if target.kind == "audience":
        wanted = audience_is_management(module.audience)
        return None if wanted is None else people.c.is_management_body.is_(wanted)
    if not (target.value or "").strip():
        raise InvalidInput(
            N_("name the {kind} to assign {module_id!r} to"),
            kind=Word(TARGET_WORDS.get(target.kind, target.kind)),
            module_id=module.id,
        )
    column = {
        "department": people.c.department,
        "role": people.c.job_role,
        "person": people.c.external_id,
    }[target.kind]
    return column == target.value.strip()


def assign(
    engine: Engine,
    actor: Actor,
    module: TrainingModule,
    target: AssignTarget,
    *,
    due_on: date | None = None,
    now: datetime | None = None,
) -> AssignResult:
    """Assign ``module`` to everyone ``target`` selects (erased people excepted).

    People with an open assignment for the module keep it. Someone whose completion is still
    valid gets the assignment as a renewal, due when the completion expires.

    Raises:
        PermissionDenied: the actor may not assign training.
        InvalidInput: unknown target kind, empty target value, or a due date in the past.
    """
    require(actor, Action.ASSIGN_TRAINING)
    now = moment(now)
    due_on = due_on or schedule.default_due_on(now)
    if due_on < now.date():
        raise InvalidInput(N_("the due date {due_on} is in the past"), due_on=due_on.isoformat())
    where = _target_filter(module, target)
    query = select(people.c.id).where(people.c.erased_at.is_(None))
    if where is not None:
        query = query.where(where)
    with transaction(engine) as conn:
        person_ids = list(conn.execute(query).scalars())
        open_ids = set(
            conn.execute(
                select(training_assignments.c.person_id).where(
                    training_assignments.c.module_id == module.id,
                    training_assignments.c.closed_at.is_(None),
                )
            ).scalars()
        )
        valid = latest_valid_until(conn, module_id=module.id)
        new = [
            {
                "person_id": pid,
                "module_id": module.id,
                "assigned_at": now,
                "due_on": schedule.assignment_due_on(due_on, valid.get((pid, module.id)), now),
                "assigned_by": actor.account_id,
                "reason": "assigned",
                "target": target.describe()[:250],
                "held_until": valid.get((pid, module.id)),
            }
            for pid in person_ids
            if pid not in open_ids
        ]
        if new:
            conn.execute(training_assignments.insert(), new)
        audit.record(
            conn,
            actor.account_id,
            "training_assign",
            f"module:{module.id}",
            {
                "target_kind": target.kind,
                "due_on": due_on.isoformat(),
                "assigned": len(new),
                "already_assigned": len(person_ids) - len(new),
            },
        )
    return AssignResult(assigned=len(new), already_assigned=len(person_ids) - len(new))
