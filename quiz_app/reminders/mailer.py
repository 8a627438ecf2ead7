"""Sending e-mail through the SMTP server of the settings (``NIS2_SMTP_*``)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from quiz_app.config import Settings
from quiz_app.errors import InvalidInput, QuizAppError
from quiz_app.i18n import N_

TIMEOUT_SECONDS = 30


class MailNotConfigured(InvalidInput):
    """``NIS2_SMTP_HOST`` is unset or the password file cannot be read."""


class MailFailed(QuizAppError):
    """The mail server could not be reached or refused the login."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send."""

    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpSettings:
        """The mail settings, the password read from its file.

        Raises:
            MailNotConfigured: no host, or the password file cannot be read.
        """
        if not settings.smtp_host:
            raise MailNotConfigured(N_("no mail server: set NIS2_SMTP_HOST (and NIS2_SMTP_PORT)"))
        password = None
        if settings.smtp_password_file is not None:
            password = _read_password(settings.smtp_password_file)
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_starttls,
            settings.smtp_user,
            password,
            settings.smtp_from,
        )


def _read_password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise MailNotConfigured(
            N_("cannot read NIS2_SMTP_PASSWORD_FILE {path}: {reason}"),
            path=path,
            reason=exc.strerror or exc,
        ) from None


@contextmanager
def smtp_session(
    smtp: SmtpSettings, *, tls_context: ssl.SSLContext | None = None
) -> Iterator[smtplib.SMTP]:
    """One connection to the mail server, upgraded and logged in as the settings say.

    Raises:
        MailFailed: the server cannot be reached, or refuses STARTTLS or the login.
    """
    try:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS)
    except OSError as exc:
        raise MailFailed(
            N_("cannot reach the mail server {host}:{port}: {exc}"),
            host=smtp.host,
            port=smtp.port,
            exc=exc,
        ) from None
    try:
        try:
            if smtp.starttls:
                client.starttls(context=tls_context or ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
        except (smtplib.SMTPException, OSError) as exc:
            raise MailFailed(
                N_("the mail server {host} refused the session: {exc}"), host=smtp.host, exc=exc
            ) from None
        yield client
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def deliver(client: smtplib.SMTP, sender: str, recipient: str, message: Message) -> None:
    """Send ``message`` from ``sender`` to ``recipient`` on an open session (errors are
    smtplib's). The envelope is given, so the headers are not parsed again; the text is
    ASCII (non-ASCII parts are encoded) and ``sendmail`` ends its lines with CRLF."""
    client.sendmail(sender, [recipient], message.as_string())
