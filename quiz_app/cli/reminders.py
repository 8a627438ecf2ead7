"""``reminders send``: e-mail the training reminders due now (for a daily cron job)."""

from __future__ import annotations

from datetime import datetime

import click

from kb.load import load
from quiz_app import reminders
from quiz_app.certificates.organisation import organisation_name
from quiz_app.cli.common import DAY_START, CommandGroup, Session, identity_options, pass_session

group = CommandGroup("reminders", help="Send training reminder e-mails (trainer).")


@group.command("send")
@click.option("--dry-run", is_flag=True, help="list what would be sent; send and record nothing")
@click.option(
    "--at",
    "at",
    type=DAY_START,
    metavar="DATETIME",
    help="act as if it were this UTC moment (YYYY-MM-DDTHH:MM), to check a schedule",
)
@identity_options
@pass_session
def send(session: Session, dry_run: bool, at: datetime | None) -> None:
    """Send the reminders due now (assigned, due soon, overdue, escalation to the manager),
    each at most once: run it daily. Mail goes through NIS2_SMTP_HOST.

    \b
    Example:
      python -m quiz_app --as trainer reminders send --dry-run
    """
    engine = session.engine()
    actor = session.actor(engine)
    kb = load()
    organisation = organisation_name(engine)
    if dry_run:
        planned = reminders.pending_reminders(engine, actor, kb, now=at, organisation=organisation)
        for plan in planned:
            click.echo(
                f"would send {plan.kind.value:<10} to {plan.recipient} "
                f"({plan.module_id}, assignment {plan.assignment_id})"
            )
        click.echo(f"{len(planned)} reminder{'s' * (len(planned) != 1)} due; nothing sent")
        return
    result = reminders.send_reminders(engine, actor, kb, now=at, organisation=organisation)
    counts = ", ".join(f"{kind.replace('_', ' ')}: {n}" for kind, n in result.counts().items())
    sent = len(result.sent)
    click.echo(f"sent {sent} reminder{'s' * (sent != 1)} ({counts})")
    for plan, reason in result.failed:
        click.echo(
            f"not sent {plan.kind.value} to {plan.recipient} (assignment "
            f"{plan.assignment_id}): {reason}; the next run retries",
            err=True,
        )
