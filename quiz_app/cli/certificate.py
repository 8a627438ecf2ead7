"""``certificate verify``: check a certificate's verification code."""

from __future__ import annotations

import click

from kb.load import load
from quiz_app import certificates
from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_

group = CommandGroup("certificate", help="Verify training certificates.")


@group.command("verify")
@click.argument("code")
@identity_options
@pass_session
def verify(session: Session, code: str) -> None:
    """Say whether CODE (printed on a certificate) is genuine and still valid; exit 1 when
    it is unknown, revoked or expired. No login needed (whoever runs it reads the store).

    \b
    Example:
      python -m quiz_app certificate verify ABCD-EFGH-JKLM-NPQR
    """
    engine = session.engine()
    actor = session.actor(engine) if session.as_user else None
    result = certificates.verify_certificate(engine, actor, load(), code)
    if result.status is not certificates.VerificationStatus.VALID:
        raise InvalidInput(N_("{verdict}"), verdict=result.describe())
    click.echo(result.describe())
