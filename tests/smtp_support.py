"""A real SMTP server (aiosmtpd) on 127.0.0.1 that the app is configured to send through."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from support import free_port

from quiz_app.config import get_settings


@dataclass
class Inbox:
    """What the server received: each message with the addresses it was delivered to."""

    port: int
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def subjects(self) -> list[tuple[str, str]]:
        """(recipient, subject) of every message, in the order received."""
        return [(to[0], str(m["Subject"])) for to, m in self.received]


@contextmanager
def running_smtp(monkeypatch) -> Iterator[Inbox]:
    """An SMTP server the app is configured to send through (``NIS2_SMTP_*``)."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    monkeypatch.setenv("NIS2_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NIS2_SMTP_PORT", str(inbox.port))
    monkeypatch.setenv("NIS2_SMTP_FROM", "training@example.org")
    get_settings.cache_clear()
    try:
        yield inbox
    finally:
        controller.stop()
