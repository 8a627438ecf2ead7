"""``person export|erase``: GDPR access and erasure requests."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quiz_app import files, gdpr
from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_

group = CommandGroup(
    "person", help="GDPR: export or erase everything held about one person (admin)."
)


@group.command("export")
@click.argument("id_", metavar="ID")
@click.option("--output", metavar="FILE", help="write to FILE instead of standard output")
@identity_options
@pass_session
def export(session: Session, id_: str, output: str | None) -> None:
    """Print (or write) everything held about one person, ID being the person's HR id
    (external id), as JSON.

    \b
    Example:
      python -m quiz_app --as admin person export E123 --output e123.json
    """
    engine = session.engine()
    data = gdpr.export_person(engine, session.actor(engine), id_)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output:
        try:
            with files.atomic_file(Path(output)) as handle:  # 0600: personal data
                handle.write((text + "\n").encode("utf-8"))
        except OSError as exc:
            raise InvalidInput(
                N_("cannot write {output}: {reason}"), output=output, reason=exc.strerror or exc
            ) from None
        click.echo(f"wrote everything held about {id_} to {output}")
    else:
        click.echo(text)


@group.command("erase")
@click.argument("id_", metavar="ID")
@click.option("--yes", is_flag=True, help="confirm: this cannot be undone")
@identity_options
@pass_session
def erase(session: Session, id_: str, yes: bool) -> None:
    """Irreversibly pseudonymise a person, ID being the person's HR id (external id),
    everywhere; scores stay in aggregates.

    \b
    Example:
      python -m quiz_app --as admin person erase E123 --yes
    """
    if not yes:
        raise InvalidInput(N_("erasing {id_} cannot be undone: repeat with --yes"), id_=id_)
    engine = session.engine()
    pseudonym = gdpr.erase_person(engine, session.actor(engine), id_)
    click.echo(f"erased {id_}: now known only as {pseudonym}")
