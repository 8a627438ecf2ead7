"""``reminders send [--dry-run]`` against a real SMTP server and ``certificate verify CODE``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from smtp_support import running_smtp
from store_support import PASSWORD, run_cli

from kb.load import load
from quiz_app import certificates, training
from quiz_app.cli.common import EXIT_DENIED, EXIT_ERROR
from quiz_app.store import utcnow


@pytest.fixture
def cli_store(sqlite_people_store, monkeypatch):
    s = sqlite_people_store
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv("NIS2_PASSWORD", PASSWORD)
    return s


def passed_attempt(s, kb, at):
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    questions = {q.id: q for q in kb.questions}
    answers = {
        qid: next(i for i, o in enumerate(questions[qid].options) if o.correct)
        for qid in hygiene.quiz
    }
    return training.record_attempt(s.engine, s.staff, kb, hygiene, answers, started_at=at, now=at)


def test_reminders_send_dry_run_then_send_once(cli_store, monkeypatch):
    del cli_store  # the four seeded people, all in cyber-hygiene's audience
    due = (utcnow() + timedelta(days=3)).date().isoformat()
    assert (
        run_cli(
            ["--as", "trainer", "training", "assign", "--module", "cyber-hygiene", "--due", due]
        )[0]
        == 0
    )
    with running_smtp(monkeypatch) as inbox:
        code, out, err = run_cli(["--as", "trainer", "reminders", "send", "--dry-run"])
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[-1] == "4 reminders due; nothing sent"
        assert lines[0].startswith("would send assigned   to ")
        assert "(cyber-hygiene, assignment " in lines[0]
        assert inbox.received == []

        code, out, err = run_cli(["--as", "trainer", "reminders", "send"])
        assert (code, out, err) == (
            0,
            "sent 4 reminders (assigned: 4, due soon: 0, overdue: 0, escalation: 0)\n",
            "",
        )
        code, out, _ = run_cli(["--as", "trainer", "reminders", "send"])  # the due date was named
        assert out == "sent 0 reminders (assigned: 0, due soon: 0, overdue: 0, escalation: 0)\n"
        late = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
        code, out, _ = run_cli(["--as", "trainer", "reminders", "send", "--at", late])
        assert out == "sent 4 reminders (assigned: 0, due soon: 0, overdue: 4, escalation: 0)\n"
    assert len(inbox.received) == 8


def test_reminders_send_without_a_mail_server_or_as_staff_is_refused(cli_store, monkeypatch):
    monkeypatch.delenv("NIS2_SMTP_HOST", raising=False)
    code, out, err = run_cli(["--as", "trainer", "reminders", "send"])
    assert (code, out) == (EXIT_ERROR, "")
    assert err == "error: no mail server: set NIS2_SMTP_HOST (and NIS2_SMTP_PORT)\n"
    code, _, err = run_cli(["--as", "staff", "reminders", "send", "--dry-run"])
    assert code == EXIT_DENIED
    assert err == "error: the staff role may not send reminders\n"


def test_certificate_verify_says_valid_or_unknown(cli_store):
    s = cli_store
    kb = load()
    record = passed_attempt(s, kb, utcnow().replace(microsecond=0) - timedelta(days=1))
    code_ = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="A").code
    code, out, err = run_cli(["certificate", "verify", code_])
    assert (code, err) == (0, "")
    assert out.startswith(f"{code_}: valid until {record.valid_until.date().isoformat()}: ")
    assert "Sam Staff passed" in out
    code, out, err = run_cli(["certificate", "verify", "AAAA-BBBB-CCCC-DDDD"])
    assert (code, out) == (EXIT_ERROR, "")
    assert err == (
        "error: AAAA-BBBB-CCCC-DDDD: unknown code: no certificate was issued with it "
        "(mistyped or forged)\n"
    )
