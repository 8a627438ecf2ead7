"""GDPR: export everything held about one person, or erase them.

Export follows every foreign key to ``people`` (and one level further, e.g. answers of
assessments), so tables added by later migrations are included automatically when they
reference ``people.id``. It also lists the files exported about the person that the app
records in its audit log (``exports``): their own GDPR exports, and the completion exports
(CSV, XLSX, xAPI) taken while they were on record, which may hold their training records.

Erase leaves nothing that identifies the person:

- name, HR id and e-mail become an irreversible random pseudonym or nothing; department and
  job role are removed;
- the person's accounts lose username (pseudonym), password, SSO subject and SSO e-mail, and
  are disabled; login-throttle rows keyed by their usernames and e-mails are dropped;
- training assignments keep only the kind of their target (``person``, ``department``,
  ``role``), not the HR id, department or job role they named;
- answers are deleted, and so are drafts. What stays is, per submitted assessment, its track,
  dates, overall score and maturity level, and per training attempt its module, dates and
  score: on a pseudonym with no department, so they count in organisation-wide figures
  without saying whose they were;
- in the remediation plan, the comments written from the person's accounts are blanked and
  the evidence added from them is deleted (:mod:`quiz_app.remediation.erase`);
- the audit log holds ids only (``person:12``), never names or e-mails, so it needs no change;
  an erase entry is added.

A module whose tables hold further personal *text* about a person registers a function in
``ERASERS`` (called with the connection and the person's id inside the erase transaction).
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import MetaData, Table, or_, select
from sqlalchemy.engine import Connection, Engine

from quiz_app import audit
from quiz_app.authz import Action, Actor, Role, require
from quiz_app.errors import LastAdmin
from quiz_app.i18n import N_
from quiz_app.people import get_person, person_id_for
from quiz_app.remediation.erase import erase_person_text
from quiz_app.reminders.log import forget_person
from quiz_app.store import (
    accounts,
    assessment_answers,
    assessments,
    audit_log,
    login_throttle,
    people,
    training_assignments,
    transaction,
    utcnow,
)
from quiz_app.throttle import username_key

ERASERS: list[Callable[[Connection, int], None]] = [erase_person_text]
EXPORT_FORMAT = "nis2-person-export/1"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # an evidence file: base64, as in backups
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _rows(conn: Connection, table: Table, where) -> list[dict[str, Any]]:
    result = conn.execute(select(table).where(where)).mappings().all()
    return [{k: _plain(v) for k, v in row.items()} for row in result]


def _person_tables(conn: Connection) -> list[tuple[Table, str, list[tuple[Table, str, str]]]]:
    """Tables with a foreign key to people.id, each with its own child tables."""
    md = MetaData()
    md.reflect(conn)
    linked = []
    for table in md.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "people" and table.name != "people":
                children = [
                    (child, cfk.parent.name, cfk.column.name)
                    for child in md.sorted_tables
                    for cfk in child.foreign_keys
                    if cfk.column.table is table
                ]
                linked.append((table, fk.parent.name, children))
    return linked


def export_person(engine: Engine, actor: Actor, external_id: str) -> dict[str, Any]:
    """Everything the store holds about one person, as JSON-ready data (audited).

    Raises:
        PermissionDenied: the actor may not export a person's data.
        NotFound: no person with that external id.
    """
    require(actor, Action.EXPORT_PERSON)
    with transaction(engine) as conn:
        person_id = person_id_for(conn, external_id)
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": utcnow().isoformat(),
            "person": _rows(conn, people, people.c.id == person_id)[0],
            "tables": {},
        }
        for table, column, children in _person_tables(conn):
            rows = _rows(conn, table, table.c[column] == person_id)
            if table.name == "accounts":
                for row in rows:
                    row["has_password"] = row.pop("password_hash") is not None
            data["tables"][table.name] = rows
            for child, child_col, parent_col in children:
                keys = [r[parent_col] for r in rows]
                child_rows = _rows(conn, child, child.c[child_col].in_(keys)) if keys else []
                data["tables"].setdefault(child.name, []).extend(child_rows)
        account_ids = [a["id"] for a in data["tables"].get("accounts", [])]
        targets = [f"person:{person_id}"] + [f"account:{i}" for i in account_ids]
        data["tables"]["audit_log"] = _rows(
            conn,
            audit_log,
            or_(audit_log.c.target.in_(targets), audit_log.c.actor_account_id.in_(account_ids)),
        )
        since = conn.execute(select(people.c.created_at).where(people.c.id == person_id))
        data["exports"] = _exports_about(conn, person_id, since.scalar_one())
        audit.record(conn, actor.account_id, audit.PERSON_EXPORT, f"person:{person_id}")
    return data


def _exports_about(conn: Connection, person_id: int, since: datetime) -> list[dict[str, Any]]:
    """Files exported about the person, as the audit log records them: their own GDPR
    exports, and completion exports taken since they were added (which may hold them)."""
    rows = _rows(
        conn,
        audit_log,
        or_(
            (audit_log.c.action == audit.PERSON_EXPORT)
            & (audit_log.c.target == f"person:{person_id}"),
            (audit_log.c.action == audit.EXPORT) & (audit_log.c.at >= since),
        ),
    )
    return [
        {
            "at": r["at"],
            "by_account": r["actor_account_id"],
            "kind": "this person's data" if r["action"] == audit.PERSON_EXPORT else "completions",
            "detail": json.loads(r["detail"]) if r["detail"] else None,
        }
        for r in rows
    ]


def _pseudonym() -> str:
    return "erased-" + secrets.token_hex(8)


def erase_person(engine: Engine, actor: Actor, external_id: str) -> str:
    """Irreversibly pseudonymise one person everywhere; return the pseudonym (audited).

    Raises:
        PermissionDenied: the actor may not erase people.
        NotFound: no person with that external id.
        LastAdmin: the person's account is the last enabled admin.
    """
    require(actor, Action.ERASE_PERSON)
    pseudonym = _pseudonym()
    with transaction(engine) as conn:
        person_id = person_id_for(conn, external_id)
        person = get_person(conn, person_id)
        linked = conn.execute(select(accounts).where(accounts.c.person_id == person_id)).all()
        _refuse_last_admin(conn, linked)
        for row in linked:
            for secret in (row.username, row.sso_email, person.email):
                if secret:
                    conn.execute(
                        login_throttle.delete().where(
                            login_throttle.c.key_hash == username_key(secret)
                        )
                    )
            conn.execute(
                accounts.update()
                .where(accounts.c.id == row.id)
                .values(
                    username=f"{pseudonym}-{row.id}",
                    password_hash=None,
                    sso_subject=None,
                    sso_email=None,
                    disabled=True,
                )
            )
        _erase_answers(conn, person_id)
        _erase_assignment_targets(conn, person_id)
        forget_person(conn, person_id, person.external_id, person.email)
        conn.execute(
            people.update()
            .where(people.c.id == person_id)
            .values(
                external_id=pseudonym,
                name=pseudonym,
                email=None,
                department=None,
                job_role=None,
                updated_at=utcnow(),
                erased_at=utcnow(),
            )
        )
        for eraser in ERASERS:
            eraser(conn, person_id)
        audit.record(
            conn,
            actor.account_id,
            audit.PERSON_ERASE,
            f"person:{person_id}",
            {"accounts": [r.id for r in linked]},
        )
    return pseudonym


def _erase_answers(conn: Connection, person_id: int) -> None:
    """Delete every answer of the person, and their drafts (submitted scores stay)."""
    own = select(assessments.c.id).where(assessments.c.person_id == person_id)
    conn.execute(assessment_answers.delete().where(assessment_answers.c.assessment_id.in_(own)))
    conn.execute(
        assessments.delete().where(
            assessments.c.person_id == person_id, assessments.c.status == "draft"
        )
    )


NAMING_TARGETS = ("person", "department", "role")  # assignment targets that name a value


def _erase_assignment_targets(conn: Connection, person_id: int) -> None:
    """Keep only the kind of each assignment target (``person:P-1`` becomes ``person``)."""
    t = training_assignments.c
    for kind in NAMING_TARGETS:
        conn.execute(
            training_assignments.update()
            .where(t.person_id == person_id, t.target.startswith(f"{kind}:", autoescape=True))
            .values(target=kind)
        )


def _refuse_last_admin(conn: Connection, linked) -> None:
    admins = [r for r in linked if r.role == Role.ADMIN.value and not r.disabled]
    if not admins:
        return
    remaining = conn.execute(
        select(accounts.c.id).where(
            accounts.c.role == Role.ADMIN.value,
            accounts.c.disabled.is_(False),
            accounts.c.id.not_in([r.id for r in admins]),
        )
    ).first()
    if remaining is None:
        raise LastAdmin(N_("refusing: this person holds the last enabled admin account"))
