"""``export``: training completion records as CSV, XLSX or xAPI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kb.load import load
from quiz_app import training
from quiz_app.cli.common import DAY, OneOf, Session, identity_options, pass_session
from quiz_app.core import exports


@click.command("export")
@click.option("--format", "format_", required=True, type=OneOf(exports.FORMATS), help="file format")
@click.option(
    "--out",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="file to write (atomically)",
)
@click.option("--department", metavar="NAME", help="only people of this department")
@click.option("--module", metavar="ID", help="only this training module")
@click.option("--since", type=DAY, metavar="DATE", help="completed on or after this day")
@click.option("--until", type=DAY, metavar="DATE", help="completed on or before this day")
@identity_options
@pass_session
def export(
    session: Session,
    format_: str,
    out: Path,
    department: str | None,
    module: str | None,
    since: date | None,
    until: date | None,
) -> None:
    """Export training completion records as CSV, XLSX or xAPI 1.0.3 JSON (trainer).

    \b
    Example:
      python -m quiz_app --as trainer export --format xlsx --out completions.xlsx --since 2025-01-01
    """
    engine = session.engine()
    filters = training.ExportFilter(
        departments=(department,) if department else (),
        module_ids=(module,) if module else (),
        since=since,
        until=until,
    )
    count = training.export_completions(
        engine, session.actor(engine), load(), format_, out, filters
    )
    click.echo(f"wrote {count} completion records to {out} ({format_})")
