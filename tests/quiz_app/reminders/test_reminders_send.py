"""Sending reminders to a real SMTP server: each message exactly once across repeated and
concurrent runs at a fixed clock, to the person and (escalation) their manager."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import select

from kb.load import load
from quiz_app import audit, gdpr, people_import, reminders, training
from quiz_app.errors import PermissionDenied
from quiz_app.reminders import MailNotConfigured
from quiz_app.store import people, reminder_messages, transaction

ASSIGNED_AT = datetime(2025, 1, 20, 9, 0)
DUE = date(2025, 1, 31)
STAFF = "staff@example.org"
MANAGER = "manager@example.org"

PEOPLE_CSV = (
    "id,name,email,department,role,is_management_body,manager\n"
    "P-staff,Łukasz <b>Żółć</b>,staff@example.org,Operations,,no,P-manager\n"
    "P-manager,Mia Manager,manager@example.org,Operations,,yes,\n"
)


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def assigned(people_store, kb):
    """Sam Staff (managed by Mia Manager) assigned cyber-hygiene, due 31 January 2025."""
    s = people_store
    people_import.import_people(s.engine, s.admin, PEOPLE_CSV.encode(), "people.csv")
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    target = training.AssignTarget("person", "P-staff")
    training.assign(s.engine, s.trainer, hygiene, target, due_on=DUE, now=ASSIGNED_AT)
    return s


def send(s, kb, at: datetime):
    return reminders.send_reminders(s.engine, s.trainer, kb, now=at, organisation="Acme")


def test_each_reminder_reaches_its_recipient_exactly_once(assigned, kb, smtp_server):
    s = assigned
    title = training.module_by_id(kb, "cyber-hygiene").title
    clock = [
        datetime(2025, 1, 20, 9, 5),  # assigned
        datetime(2025, 1, 20, 9, 6),  # again: nothing
        datetime(2025, 1, 24, 6, 0),  # due in 7 days
        datetime(2025, 1, 31, 18, 0),  # due today: nothing new
        datetime(2025, 2, 1, 6, 0),  # overdue
        datetime(2025, 2, 1, 7, 0),
        datetime(2025, 2, 14, 6, 0),  # 14 days late: the manager
        datetime(2025, 2, 15, 6, 0),
        datetime(2025, 3, 31, 6, 0),
    ]
    for at in clock:
        send(s, kb, at)
    assert smtp_server.subjects() == [
        (STAFF, f"Training assigned: {title} (due 2025-01-31)"),
        (STAFF, f"Training due on 2025-01-31: {title}"),
        (STAFF, f"Training overdue since 2025-01-31: {title}"),
        (MANAGER, f"Łukasz <b>Żółć</b> is 14 days late with {title}"),
    ]
    escalation = smtp_server.received[-1][1]
    html = escalation.get_body(("html",)).get_content()
    assert "Łukasz &lt;b&gt;Żółć&lt;/b&gt; has not completed" in html
    assert "<b>Żółć</b>" not in html
    text = escalation.get_body(("plain",)).get_content()
    assert "Hello Mia Manager," in text
    assert "You receive this as their manager." in text
    first = smtp_server.received[0][1]
    assert "my_training?module=cyber-hygiene" in first.get_body(("plain",)).get_content()
    assert "Acme" in first.get_body(("plain",)).get_content()

    log = reminders.sent_reminders(s.engine, s.trainer)
    assert [(r.kind, r.recipient, r.person_external_id) for r in log] == [
        ("escalation", MANAGER, "P-staff"),
        ("overdue", STAFF, "P-staff"),
        ("due_soon", STAFF, "P-staff"),
        ("assigned", STAFF, "P-staff"),
    ]
    ids = {str(m["Message-ID"]) for _, m in smtp_server.received}
    with transaction(s.engine) as conn:
        stored = set(conn.execute(select(reminder_messages.c.message_id)).scalars())
    assert stored == ids
    entries = audit.list_entries(s.engine, s.admin, action="reminder_sent")
    assert len(entries) == 4


def test_a_dry_run_lists_what_would_go_and_sends_nothing(assigned, kb, smtp_server):
    s = assigned
    at = datetime(2025, 2, 20, 6, 0)
    planned = reminders.pending_reminders(s.engine, s.trainer, kb, now=at)
    assert [(p.kind.value, p.recipient) for p in planned] == [
        ("assigned", STAFF),
        ("escalation", MANAGER),
    ]
    assert smtp_server.received == []
    assert reminders.sent_reminders(s.engine, s.trainer) == []
    assert len(send(s, kb, at).sent) == 2


def test_concurrent_runs_never_send_a_message_twice(assigned, kb, smtp_server):
    s = assigned
    at = datetime(2025, 2, 20, 6, 0)
    errors = []

    def run():
        try:
            send(s, kb, at)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    pairs = smtp_server.subjects()
    assert len(pairs) == len(set(pairs))  # no message went twice
    # A run sends one mail per person and assignment, "assigned" first; a run that starts
    # after another committed its claims may go on to "overdue" (that is a new message).
    to_staff = [subject for to, subject in pairs if to == STAFF]
    assert any(subject.startswith("Training assigned") for subject in to_staff)
    assert all(
        subject.startswith(("Training assigned", "Training overdue")) for subject in to_staff
    )
    assert [to for to, _ in pairs].count(MANAGER) == 1


def test_a_completed_module_is_not_reminded_of(assigned, kb, smtp_server):
    s = assigned
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    questions = {q.id: q for q in kb.questions}
    answers = {
        qid: next(i for i, o in enumerate(questions[qid].options) if o.correct)
        for qid in hygiene.quiz
    }
    at = datetime(2025, 1, 22, 9, 0)
    training.record_attempt(s.engine, s.staff, kb, hygiene, answers, started_at=at, now=at)
    send(s, kb, datetime(2025, 2, 20, 6, 0))
    assert smtp_server.received == []


def test_only_trainers_send_or_read_reminders(assigned, kb, smtp_server):
    s = assigned
    for actor in (s.staff, s.manager, s.admin):
        with pytest.raises(PermissionDenied):
            reminders.send_reminders(s.engine, actor, kb, now=datetime(2025, 2, 1))
        with pytest.raises(PermissionDenied):
            reminders.pending_reminders(s.engine, actor, kb)
        with pytest.raises(PermissionDenied):
            reminders.sent_reminders(s.engine, actor)
    assert smtp_server.received == []


def test_without_a_mail_server_nothing_is_claimed(assigned, kb, monkeypatch):
    s = assigned
    monkeypatch.delenv("NIS2_SMTP_HOST", raising=False)
    with pytest.raises(MailNotConfigured, match="NIS2_SMTP_HOST"):
        send(s, kb, datetime(2025, 2, 1))
    assert reminders.sent_reminders(s.engine, s.trainer) == []


def test_erasing_a_person_forgets_the_addresses_and_the_manager_link(assigned, kb, smtp_server):
    s = assigned
    send(s, kb, datetime(2025, 2, 20, 6, 0))  # assigned to Łukasz, escalation to Mia
    gdpr.erase_person(s.engine, s.admin, "P-manager")
    log = reminders.sent_reminders(s.engine, s.trainer)
    assert sorted((r.kind, r.recipient) for r in log) == [
        ("assigned", STAFF),
        ("escalation", None),
    ]
    with transaction(s.engine) as conn:
        link = conn.execute(
            select(people.c.manager_external_id).where(people.c.external_id == "P-staff")
        ).scalar()
    assert link is None
    gdpr.erase_person(s.engine, s.admin, "P-staff")
    assert [r.recipient for r in reminders.sent_reminders(s.engine, s.trainer)] == [None, None]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_the_mail_server_login_uses_the_password_file(assigned, kb, monkeypatch, tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
    from smtp_support import Inbox, free_port

    from quiz_app.config import get_settings
    from quiz_app.reminders import MailFailed

    def authenticator(server, session, envelope, mechanism, data):
        return AuthResult(success=(data.login, data.password) == (b"bot", b"s3cret"))

    inbox = Inbox(free_port())
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        authenticator=authenticator,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    secret = tmp_path / "smtp-password"
    try:
        monkeypatch.setenv("NIS2_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("NIS2_SMTP_PORT", str(inbox.port))
        monkeypatch.setenv("NIS2_SMTP_USER", "bot")
        monkeypatch.setenv("NIS2_SMTP_PASSWORD_FILE", str(secret))
        secret.write_text("wrong\n")
        get_settings.cache_clear()
        with pytest.raises(MailFailed, match="refused the session"):
            send(assigned, kb, datetime(2025, 2, 1))
        assert reminders.sent_reminders(assigned.engine, assigned.trainer) == []
        secret.write_text("s3cret\n")
        assert len(send(assigned, kb, datetime(2025, 2, 1)).sent) == 1
    finally:
        controller.stop()
    assert len(inbox.received) == 1
