"""The certificates a person holds (one per passed attempt) and their PDFs.

A certificate's verification code is drawn when its PDF is first made and stored in
``certificates``; later downloads print the same code. Staff get their own certificates only
(``TAKE_TRAINING`` on their own records); trainers get anyone's (``VIEW_COMPLETIONS``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.core.certificate_pdf import CertificateFacts, certificate_pdf
from quiz_app.errors import NotFound
from quiz_app.i18n import N_
from quiz_app.i18n.content import module_titles
from quiz_app.preferences import person_language
from quiz_app.store import (
    certificates,
    people,
    read_transaction,
    training_attempts,
    transaction,
    utcnow,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed safely
CODE_LENGTH = 16  # 80 bits
CERTIFICATE_ISSUE = "certificate_issue"
CERTIFICATE_DOWNLOAD = "certificate_download"


def new_code() -> str:
    """A random code, grouped by four: ``ABCD-EFGH-JKLM-NPQR``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    """The code as stored, from what someone typed (case, spaces and dashes ignored)."""
    raw = re.sub(r"[\s\-]", "", text).upper()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class HeldCertificate:
    """A passed attempt, which gives a certificate."""

    attempt_id: int
    person_id: int
    module_id: str
    module_version: str
    completed_at: datetime
    score_raw: int
    score_max: int
    valid_until: datetime | None


@dataclass(frozen=True)
class CertificateFile:
    """A certificate's PDF, its file name and its code."""

    filename: str
    data: bytes
    code: str


def _held(conn: Connection, where) -> list[HeldCertificate]:
    t = training_attempts
    query = (
        select(
            t.c.id,
            t.c.person_id,
            t.c.module_id,
            t.c.module_version,
            t.c.completed_at,
            t.c.score_raw,
            t.c.score_max,
            t.c.valid_until,
        )
        .where(t.c.passed.is_(True), where)
        .order_by(t.c.completed_at.desc(), t.c.id.desc())
    )
    return [HeldCertificate(*row) for row in conn.execute(query)]


def my_certificates(engine: Engine, actor: Actor) -> list[HeldCertificate]:
    """The actor's own certificates, newest first.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    with read_transaction(engine) as conn:
        return _held(conn, training_attempts.c.person_id == actor.person_id)


def person_certificates(engine: Engine, actor: Actor, person_id: int) -> list[HeldCertificate]:
    """A person's certificates, newest first: for a trainer's page about that person.

    Raises:
        PermissionDenied: the actor may not see completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    with read_transaction(engine) as conn:
        return _held(conn, training_attempts.c.person_id == person_id)


def _require_access(actor: Actor | None, owner: int | None) -> None:
    """Staff: their own attempts only; trainers: anyone's."""
    if actor is not None and actor.person_id is not None and actor.person_id == owner:
        require(actor, Action.TAKE_TRAINING, owner_person_id=owner)
    else:
        require(actor, Action.VIEW_COMPLETIONS)


def _code_for(conn: Connection, actor: Actor, held: HeldCertificate, now: datetime) -> str:
    """The attempt's code, drawn and stored (audited) the first time."""
    c = certificates
    stored = select(c.c.code).where(c.c.attempt_id == held.attempt_id)
    code = conn.execute(stored).scalar()
    while code is None:
        insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        claimed = conn.execute(
            insert(c)
            .values(
                attempt_id=held.attempt_id, person_id=held.person_id, code=new_code(), issued_at=now
            )
            .on_conflict_do_nothing()  # issued meanwhile by another download, or a code clash
            .returning(c.c.id)
        ).scalar()
        code = conn.execute(stored).scalar()
        if claimed is not None:
            audit.record(
                conn,
                actor.account_id,
                CERTIFICATE_ISSUE,
                f"person:{held.person_id}",
                {"attempt": held.attempt_id},
            )
    return code


def certificate_file(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    attempt_id: int,
    *,
    organisation: str,
    now: datetime | None = None,
) -> CertificateFile:
    """The PDF certificate of a passed attempt, issuing its code the first time (audited).

    It is in the holder's language (the locale of the account linked to them; else English),
    whoever downloads it; ``kb`` is the English knowledge base.

    Args:
        organisation: the organisation's name, printed on the certificate.

    Raises:
        PermissionDenied: the attempt is someone else's and the actor is not a trainer.
        NotFound: no passed attempt with that id.
    """
    now = (now or utcnow()).replace(microsecond=0)
    with transaction(engine) as conn:
        t = training_attempts
        owner = conn.execute(select(t.c.person_id).where(t.c.id == attempt_id)).scalar()
        _require_access(actor, owner)
        found = _held(conn, t.c.id == attempt_id)
        if not found:
            raise NotFound(N_("no passed training attempt {attempt_id}"), attempt_id=attempt_id)
        held = found[0]
        name, language = conn.execute(
            select(people.c.name, person_language(people.c.id)).where(people.c.id == held.person_id)
        ).one()
        code = _code_for(conn, actor, held, now)
        audit.record(
            conn,
            actor.account_id,
            CERTIFICATE_DOWNLOAD,
            f"person:{held.person_id}",
            {"attempt": held.attempt_id},
        )
    language = language or "en"
    titles = module_titles(kb, language)
    facts = CertificateFacts(
        person_name=name,
        module_title=titles.get(held.module_id, held.module_id),
        module_version=held.module_version,
        completed_on=held.completed_at.date(),
        score_raw=held.score_raw,
        score_max=held.score_max,
        valid_until=held.valid_until.date() if held.valid_until else None,
        organisation=organisation,
        code=code,
        language=language,
    )
    filename = f"certificate-{held.module_id}-{held.completed_at.date().isoformat()}.pdf"
    return CertificateFile(filename, certificate_pdf(facts), code)
