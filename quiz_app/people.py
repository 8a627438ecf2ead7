"""People: the staff and management-body members whose training and assessments are tracked.

A person is identified to users by ``external_id`` (the HR id); the integer ``id`` is internal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.i18n import N_
from quiz_app.store import people, read_transaction, transaction, utcnow


@dataclass(frozen=True)
class Person:
    """A person as held in the store."""

    id: int
    external_id: str
    name: str
    email: str | None
    department: str | None
    job_role: str | None
    is_management_body: bool
    erased: bool


# The columns a ``Person`` is made of, and only those: reading a person works on any store
# that holds them (the seeding of tests builds stores of earlier revisions with this code).
_PERSON_COLUMNS = (
    people.c.id,
    people.c.external_id,
    people.c.name,
    people.c.email,
    people.c.department,
    people.c.job_role,
    people.c.is_management_body,
    people.c.erased_at,
)


def _to_person(row) -> Person:
    return Person(
        id=row.id,
        external_id=row.external_id,
        name=row.name,
        email=row.email,
        department=row.department,
        job_role=row.job_role,
        is_management_body=bool(row.is_management_body),
        erased=row.erased_at is not None,
    )


def create_person(
    engine: Engine,
    actor: Actor,
    *,
    external_id: str,
    name: str,
    email: str | None = None,
    department: str | None = None,
    job_role: str | None = None,
    is_management_body: bool = False,
) -> int:
    """Add a person and return their internal id.

    Raises:
        PermissionDenied: the actor may not manage people.
        InvalidInput: empty external id or name, or the external id is taken.
    """
    require(actor, Action.MANAGE_PEOPLE)
    with transaction(engine) as conn:
        return insert_person(
            conn,
            actor,
            external_id=external_id,
            name=name,
            email=email,
            department=department,
            job_role=job_role,
            is_management_body=is_management_body,
        )


def insert_person(conn: Connection, actor: Actor, **fields) -> int:
    """``create_person`` inside the caller's transaction (for importers); audited."""
    require(actor, Action.MANAGE_PEOPLE)
    external_id = (fields.get("external_id") or "").strip()
    name = (fields.get("name") or "").strip()
    if not external_id or not name:
        raise InvalidInput(N_("a person needs a non-empty external id and name"))
    now = utcnow()
    values = {**fields, "external_id": external_id, "name": name}
    try:
        with conn.begin_nested():
            person_id = conn.execute(
                people.insert().values(**values, created_at=now, updated_at=now)
            ).inserted_primary_key[0]
    except IntegrityError:
        raise InvalidInput(
            N_("a person with external id {external_id!r} already exists"), external_id=external_id
        ) from None
    audit.record(conn, actor.account_id, audit.PERSON_CREATE, f"person:{person_id}")
    return person_id


def person_id_for(conn: Connection, external_id: str) -> int:
    """The internal id of the person with this HR id.

    Raises:
        NotFound: no such person.
    """
    found = conn.execute(
        select(people.c.id).where(people.c.external_id == external_id)
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(N_("no person with id {external_id!r}"), external_id=external_id)
    return found


def get_person(conn: Connection, person_id: int) -> Person:
    """The person with internal id ``person_id`` (no authorization: for library use).

    Raises:
        NotFound: no such person.
    """
    row = conn.execute(select(*_PERSON_COLUMNS).where(people.c.id == person_id)).one_or_none()
    if row is None:
        raise NotFound(N_("no person with internal id {person_id}"), person_id=person_id)
    return _to_person(row)


def living_by_name(conn: Connection) -> list:
    """Every person not erased, ordered by name: rows of (id, external_id, name,
    is_management_body), for pickers that name people (no permission check: callers check)."""
    return conn.execute(
        select(people.c.id, people.c.external_id, people.c.name, people.c.is_management_body)
        .where(people.c.erased_at.is_(None))
        .order_by(people.c.name, people.c.id)
    ).all()


def list_people(engine: Engine, actor: Actor) -> list[Person]:
    """Everyone in the store, by external id.

    Raises:
        PermissionDenied: the actor may not manage people.
    """
    require(actor, Action.MANAGE_PEOPLE)
    with read_transaction(engine) as conn:  # never waits for a writer, e.g. a large import
        rows = conn.execute(select(*_PERSON_COLUMNS).order_by(people.c.external_id)).all()
    return [_to_person(r) for r in rows]
