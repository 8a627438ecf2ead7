"""Sending the reminders due now, each (assignment, kind) at most once, and the record of them.

A run reads the open assignments, works out what is due (:mod:`.schedule`), then, batch by
batch, *claims* each message by inserting its row in ``reminder_messages`` (committed before
anything is sent) and sends the claimed ones. The unique (assignment, kind) constraint makes
a second claim fail, so two runs at once, or a run repeated the same day, never send a
message twice. A message the server refuses gives its claim back for the next run.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import Message
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.config import get_settings
from quiz_app.i18n import N_
from quiz_app.i18n.content import module_titles
from quiz_app.preferences import person_language
from quiz_app.reminders.compose import ReminderText, compose
from quiz_app.reminders.mailer import MailFailed, SmtpSettings, deliver, smtp_session
from quiz_app.reminders.schedule import (
    DueReminder,
    OpenAssignment,
    ReminderKind,
    ReminderPolicy,
    due_reminders,
    local_day,
)
from quiz_app.store import (
    people,
    read_transaction,
    reminder_messages,
    training_assignments,
    transaction,
    utcnow,
)

BATCH = 200  # messages claimed per transaction
REMINDER_SENT = "reminder_sent"
REMINDER_UNSENT = "reminder_unsent"


@dataclass(frozen=True)
class PlannedReminder:
    """A reminder due now, with what its message says."""

    assignment_id: int
    kind: ReminderKind
    recipient: str
    module_id: str
    text: ReminderText


@dataclass
class SendResult:
    """What a run sent, and what the server refused (claims given back)."""

    sent: list[PlannedReminder] = field(default_factory=list)
    failed: list[tuple[PlannedReminder, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Messages sent per kind, every kind named."""
        return {k.value: sum(1 for p in self.sent if p.kind is k) for k in ReminderKind}


@dataclass(frozen=True)
class _Row:
    item: OpenAssignment
    person_name: str
    manager_name: str | None
    person_language: str | None  # the language the person's account chose
    manager_language: str | None


def _open_assignments(conn: Connection, zone: ZoneInfo) -> list[_Row]:
    a, p = training_assignments, people
    m = people.alias("manager")
    query = (
        select(
            a.c.id,
            a.c.module_id,
            a.c.due_on,
            a.c.reason,
            a.c.assigned_at,
            p.c.name,
            p.c.email,
            m.c.name,
            m.c.email,
            person_language(p.c.id),
            person_language(m.c.id),
        )
        .join(p, p.c.id == a.c.person_id)
        .outerjoin(m, and_(m.c.external_id == p.c.manager_external_id, m.c.erased_at.is_(None)))
        .where(a.c.closed_at.is_(None), p.c.erased_at.is_(None))
    )
    return [
        _Row(
            OpenAssignment(aid, module, due, reason, local_day(at, zone), email, m_email),
            name,
            m_name,
            lang,
            m_lang,
        )
        for aid, module, due, reason, at, name, email, m_name, m_email, lang, m_lang in (
            conn.execute(query)
        )
    ]


def _sent(conn: Connection) -> dict[int, set[ReminderKind]]:
    r, a = reminder_messages, training_assignments
    query = (
        select(r.c.assignment_id, r.c.kind)
        .join(a, a.c.id == r.c.assignment_id)
        .where(a.c.closed_at.is_(None))
    )
    sent: dict[int, set[ReminderKind]] = {}
    for assignment_id, kind in conn.execute(query):
        sent.setdefault(assignment_id, set()).add(ReminderKind(kind))
    return sent


def _plan(
    conn: Connection, kb: KnowledgeBase, now: datetime, organisation: str
) -> list[PlannedReminder]:
    zone = ZoneInfo(get_settings().time_zone)
    modules = {m.id: m for m in kb.training}
    policies = {
        m.id: ReminderPolicy(m.remind_before_days, m.escalate_after_days) for m in kb.training
    }
    rows = {r.item.assignment_id: r for r in _open_assignments(conn, zone)}
    current = [r.item for r in rows.values() if r.item.module_id in modules]
    today = local_day(now, zone)
    planned = []
    for due in due_reminders(current, _sent(conn), policies, now, zone):
        row = rows[due.assignment_id]
        escalation = due.kind is ReminderKind.ESCALATION
        language = (row.manager_language if escalation else row.person_language) or "en"
        title = module_titles(kb, language)[row.item.module_id]
        planned.append(_planned(due, row, title, today, organisation, language))
    return planned


def _planned(
    due: DueReminder, row: _Row, title: str, today: date, organisation: str, language: str
) -> PlannedReminder:
    escalation = due.kind is ReminderKind.ESCALATION
    text = ReminderText(
        language=language,
        kind=due.kind,
        recipient_name=(row.manager_name or "") if escalation else row.person_name,
        person_name=row.person_name,
        module_title=title,
        due_on=row.item.due_on,
        today=today,
        link=f"{get_settings().app_url}my_training?module={quote(row.item.module_id)}",
        organisation=organisation,
    )
    return PlannedReminder(due.assignment_id, due.kind, due.recipient, row.item.module_id, text)


def _organisation(organisation: str | None) -> str:
    return organisation or get_settings().organisation_name


def pending_reminders(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    *,
    now: datetime | None = None,
    organisation: str | None = None,
) -> list[PlannedReminder]:
    """What ``send_reminders`` would send at ``now`` (a dry run: nothing is claimed).

    ``kb`` is the English knowledge base; each message is in its recipient's language (the
    locale of the account linked to the person, for an escalation to the manager), else English.

    Raises:
        PermissionDenied: the actor may not send reminders.
    """
    require(actor, Action.SEND_REMINDERS)
    now = (now or utcnow()).replace(microsecond=0)
    with read_transaction(engine) as conn:
        return _plan(conn, kb, now, _organisation(organisation))


def _claim(
    engine: Engine,
    actor: Actor,
    batch: list[PlannedReminder],
    messages: list[Message],
    now: datetime,
) -> list[tuple[int, PlannedReminder, Message]]:
    """Insert the batch's rows in one statement; those this run claimed (another run may
    have claimed some first: the unique (assignment, kind) constraint skips them)."""
    r = reminder_messages
    with transaction(engine) as conn:
        insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        rows = [
            {
                "assignment_id": plan.assignment_id,
                "kind": plan.kind.value,
                "recipient": plan.recipient,
                "sent_at": now,
                "message_id": str(message["Message-ID"]),
            }
            for plan, message in zip(batch, messages, strict=True)
        ]
        statement = (
            insert(r)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["assignment_id", "kind"])
            .returning(r.c.id, r.c.assignment_id, r.c.kind)
        )
        won = {(aid, kind): row_id for row_id, aid, kind in conn.execute(statement)}
        claimed = []
        for plan, message in zip(batch, messages, strict=True):
            row_id = won.get((plan.assignment_id, plan.kind.value))
            if row_id is not None:
                claimed.append((row_id, plan, message))
        audit.record_many(  # one row per message, in one statement
            conn,
            actor.account_id,
            [
                (
                    REMINDER_SENT,
                    f"assignment:{plan.assignment_id}",
                    {"kind": plan.kind.value, "message": row_id},
                )
                for row_id, plan, _message in claimed
            ],
        )
    return claimed


def _give_back(engine: Engine, actor: Actor, unsent: list[tuple[int, PlannedReminder]]) -> None:
    if not unsent:
        return
    with transaction(engine) as conn:
        for row_id, plan in unsent:
            conn.execute(reminder_messages.delete().where(reminder_messages.c.id == row_id))
            audit.record(
                conn,
                actor.account_id,
                REMINDER_UNSENT,
                f"assignment:{plan.assignment_id}",
                {"kind": plan.kind.value, "message": row_id},
            )


def send_reminders(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    *,
    now: datetime | None = None,
    organisation: str | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> SendResult:
    """Send every reminder due at ``now`` through the ``NIS2_SMTP_*`` server (audited).

    Raises:
        PermissionDenied: the actor may not send reminders.
        MailNotConfigured: no mail server is set, or its password file cannot be read.
        MailFailed: the server cannot be reached or refuses the login (nothing was claimed).
    """
    require(actor, Action.SEND_REMINDERS)
    now = (now or utcnow()).replace(microsecond=0)
    smtp = SmtpSettings.from_settings(get_settings())
    planned = pending_reminders(engine, actor, kb, now=now, organisation=organisation)
    result = SendResult()
    if not planned:
        return result
    with smtp_session(smtp, tls_context=tls_context) as client:
        for start in range(0, len(planned), BATCH):
            batch = planned[start : start + BATCH]
            messages = [compose(p.text, sender=smtp.sender, recipient=p.recipient) for p in batch]
            unsent = []
            for row_id, plan, message in _claim(engine, actor, batch, messages, now):
                try:
                    deliver(client, smtp.sender, plan.recipient, message)
                except (smtplib.SMTPException, OSError) as exc:
                    unsent.append((row_id, plan))
                    result.failed.append((plan, str(exc)))
                else:
                    result.sent.append(plan)
            _give_back(engine, actor, unsent)
    if result.failed and not result.sent:
        raise MailFailed(
            N_("the mail server refused all {count} messages"), count=len(result.failed)
        )
    return result
