"""Whether a verification code names a genuine certificate, and whether it is still valid.

Anyone logged in may verify a code (``VIEW_HOME``): a code is 80 random bits, so only a
holder of the certificate knows it. The answer names the holder and the module, as the
certificate itself does. Every check is audited (the code's certificate id, or "unknown").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.certificates.issue import normalise_code
from quiz_app.i18n import DEFAULT_LANGUAGE, format_date, translator
from quiz_app.store import certificates, people, training_attempts, transaction, utcnow

CERTIFICATE_VERIFY = "certificate_verify"


class VerificationStatus(StrEnum):
    """What a check of a code found."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"  # withdrawn, or its holder's data was erased
    UNKNOWN = "unknown"  # no certificate has this code: mistyped or forged


@dataclass(frozen=True)
class Verification:
    """The outcome, and the certificate's facts when it is genuine and not revoked."""

    status: VerificationStatus
    code: str
    person_name: str | None = None
    module_title: str | None = None
    module_version: str | None = None
    completed_at: datetime | None = None
    valid_until: datetime | None = None

    def describe(self, language: str = DEFAULT_LANGUAGE) -> str:
        """One sentence for a page or the command line, in ``language`` (dates too)."""
        t = translator(language)
        if self.status is VerificationStatus.UNKNOWN:
            return t.gettext(
                "{code}: unknown code: no certificate was issued with it (mistyped or forged)"
            ).format(code=self.code)
        if self.status is VerificationStatus.REVOKED:
            return t.gettext("{code}: revoked: this certificate is no longer valid").format(
                code=self.code
            )
        until = (
            format_date(self.valid_until.date(), language)
            if self.valid_until
            else t.gettext("no end date")
        )
        facts = t.gettext("{person} passed {module} (version {version}) on {date}").format(
            person=self.person_name,
            module=self.module_title,
            version=self.module_version,
            date=format_date(self.completed_at.date(), language),
        )
        if self.status is VerificationStatus.EXPIRED:
            said = t.gettext("{code}: genuine but expired on {until}: {facts}")
        else:
            said = t.gettext("{code}: valid until {until}: {facts}")
        return said.format(code=self.code, until=until, facts=facts)


def verify_certificate(
    engine: Engine,
    actor: Actor | None,
    kb: KnowledgeBase,
    code: str,
    *,
    now: datetime | None = None,
) -> Verification:
    """Check ``code`` at ``now`` (audited).

    Args:
        actor: the account checking (None for the command line run by an operator).

    Raises:
        PermissionDenied: an actor is given who may not use the app.
    """
    if actor is not None:
        require(actor, Action.VIEW_HOME)
    now = now or utcnow()
    wanted = normalise_code(code)
    c, t, p = certificates, training_attempts, people
    query = (
        select(
            c.c.id,
            c.c.revoked_at,
            p.c.erased_at,
            p.c.name,
            t.c.module_id,
            t.c.module_version,
            t.c.completed_at,
            t.c.valid_until,
        )
        .join(t, t.c.id == c.c.attempt_id)
        .join(p, p.c.id == c.c.person_id)
        .where(c.c.code == wanted)
    )
    with transaction(engine) as conn:
        row = conn.execute(query).first()
        target = f"certificate:{row.id}" if row is not None else "certificate:unknown"
        if row is None:
            result = Verification(VerificationStatus.UNKNOWN, wanted)
        elif row.revoked_at is not None or row.erased_at is not None:
            result = Verification(VerificationStatus.REVOKED, wanted)
        else:
            expired = row.valid_until is not None and row.valid_until < now
            titles = {m.id: m.title for m in kb.training}
            result = Verification(
                VerificationStatus.EXPIRED if expired else VerificationStatus.VALID,
                wanted,
                row.name,
                titles.get(row.module_id, row.module_id),
                row.module_version,
                row.completed_at,
                row.valid_until,
            )
        audit.record(
            conn,
            actor.account_id if actor else None,
            CERTIFICATE_VERIFY,
            target,
            {"status": result.status.value},
        )
    return result
