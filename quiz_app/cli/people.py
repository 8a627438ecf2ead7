"""``people import``: the people whose training is tracked."""

from __future__ import annotations

from pathlib import Path

import click

from quiz_app import people_import
from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session

group = CommandGroup("people", help="People whose training is tracked (admin).")


@group.command("import")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@identity_options
@pass_session
def import_(session: Session, file: Path) -> None:
    """Create or update people from FILE, an HR CSV file in UTF-8 (a BOM is fine; columns:
    id, name, email, department, role, is_management_body); all rows or none.

    \b
    Example:
      python -m quiz_app --as admin people import docs/people-example.csv
    """
    engine = session.engine()
    result = people_import.import_people_file(engine, session.actor(engine), file)
    click.echo(f"imported {file}: {result.describe()}")
