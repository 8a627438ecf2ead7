"""STARTTLS (``NIS2_SMTP_STARTTLS``) against a real server that demands it, with a
self-signed certificate made in the test: mail goes only over an encrypted session whose
certificate the app trusts, and a session that cannot be encrypted claims nothing."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from ipaddress import ip_address

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from smtp_support import Inbox, free_port

from kb.load import load
from quiz_app import people_import, reminders, training
from quiz_app.config import get_settings
from quiz_app.reminders import MailFailed

ASSIGNED_AT = datetime(2025, 1, 20, 9, 0)
PEOPLE_CSV = (
    "id,name,email,department,role,is_management_body\n"
    "P-staff,Sam Staff,staff@example.org,Operations,,no\n"
)


class TlsInbox(Inbox):
    """Also notes whether each message came over an encrypted session."""

    encrypted: list[bool]

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd
        self.encrypted.append(session.ssl is not None)
        return await super().handle_DATA(server, session, envelope)


def _self_signed(tmp_path) -> tuple:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(monkeypatch, tmp_path) -> Iterator[tuple[TlsInbox, ssl.SSLContext]]:
    """A server that refuses mail before STARTTLS; the client context that trusts it."""
    from aiosmtpd.controller import Controller

    cert_file, key_file = _self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert_file, key_file)
    inbox = TlsInbox(free_port())
    inbox.encrypted = []
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        tls_context=server_context,
        require_starttls=True,
    )
    controller.start()
    monkeypatch.setenv("NIS2_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NIS2_SMTP_PORT", str(inbox.port))
    monkeypatch.setenv("NIS2_SMTP_FROM", "training@example.org")
    get_settings.cache_clear()
    try:
        yield inbox, ssl.create_default_context(cafile=str(cert_file))
    finally:
        controller.stop()


@pytest.fixture
def assigned(sqlite_people_store):
    s = sqlite_people_store
    people_import.import_people(s.engine, s.admin, PEOPLE_CSV.encode(), "people.csv")
    hygiene = training.module_by_id(load(), "cyber-hygiene")
    target = training.AssignTarget("person", "P-staff")
    training.assign(s.engine, s.trainer, hygiene, target, due_on=date(2025, 1, 31), now=ASSIGNED_AT)
    return s


def _send(s, **kw):
    return reminders.send_reminders(s.engine, s.trainer, load(), now=ASSIGNED_AT, **kw)


def test_with_starttls_the_reminder_goes_over_an_encrypted_session(
    assigned, tls_server, monkeypatch
):
    inbox, trusted = tls_server
    monkeypatch.setenv("NIS2_SMTP_STARTTLS", "true")
    get_settings.cache_clear()
    result = _send(assigned, tls_context=trusted)
    assert [(p.recipient, p.kind.value) for p in result.sent] == [("staff@example.org", "assigned")]
    assert inbox.encrypted == [True]
    assert inbox.subjects()[0][0] == "staff@example.org"


def test_an_untrusted_certificate_refuses_the_session_and_claims_nothing(
    assigned, tls_server, monkeypatch
):
    inbox, _trusted = tls_server
    monkeypatch.setenv("NIS2_SMTP_STARTTLS", "true")
    get_settings.cache_clear()
    with pytest.raises(MailFailed, match="refused the session"):
        _send(assigned)  # the system's CAs do not know the self-signed certificate
    assert reminders.sent_reminders(assigned.engine, assigned.trainer) == []
    assert inbox.received == []


def test_without_starttls_a_server_that_demands_it_gets_nothing_and_the_next_run_retries(
    assigned, tls_server, monkeypatch
):
    inbox, trusted = tls_server
    monkeypatch.setenv("NIS2_SMTP_STARTTLS", "false")
    get_settings.cache_clear()
    with pytest.raises(MailFailed, match="refused all 1 messages"):
        _send(assigned)
    assert reminders.sent_reminders(assigned.engine, assigned.trainer) == []
    monkeypatch.setenv("NIS2_SMTP_STARTTLS", "true")
    get_settings.cache_clear()
    assert len(_send(assigned, tls_context=trusted).sent) == 1
    assert inbox.encrypted == [True]
