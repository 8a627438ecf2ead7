"""What reminders were sent to whom: the trainer's view of ``reminder_messages``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection, Engine

from quiz_app.authz import Action, Actor, require
from quiz_app.store import people, read_transaction, reminder_messages, training_assignments


@dataclass(frozen=True)
class SentReminder:
    """One message sent: when, which kind, to which address, about whom and which module."""

    sent_at: datetime
    kind: str
    recipient: str | None
    person_external_id: str
    person_name: str
    module_id: str
    due_on: date


def sent_reminders(engine: Engine, actor: Actor, *, limit: int = 1000) -> list[SentReminder]:
    """The latest ``limit`` reminders sent, newest first.

    Raises:
        PermissionDenied: the actor may not see completions (trainers may).
    """
    require(actor, Action.VIEW_COMPLETIONS)
    r, a, p = reminder_messages, training_assignments, people
    query = (
        select(
            r.c.sent_at,
            r.c.kind,
            r.c.recipient,
            p.c.external_id,
            p.c.name,
            a.c.module_id,
            a.c.due_on,
        )
        .join(a, a.c.id == r.c.assignment_id)
        .join(p, p.c.id == a.c.person_id)
        .order_by(r.c.sent_at.desc(), r.c.id.desc())
        .limit(limit)
    )
    with read_transaction(engine) as conn:
        return [SentReminder(*row) for row in conn.execute(query)]


def forget_person(conn: Connection, person_id: int, external_id: str, email: str | None) -> None:
    """Erase a person from the reminder records, in the erase transaction: the addresses
    of the messages about them or sent to them, and their place as anyone's manager."""
    r, a = reminder_messages, training_assignments
    theirs = select(a.c.id).where(a.c.person_id == person_id)
    about_or_to = r.c.assignment_id.in_(theirs)
    if email:
        about_or_to = or_(about_or_to, r.c.recipient == email)
    conn.execute(r.update().where(about_or_to).values(recipient=None))
    conn.execute(
        people.update()
        .where(people.c.manager_external_id == external_id)
        .values(manager_external_id=None)
    )
    conn.execute(people.update().where(people.c.id == person_id).values(manager_external_id=None))
