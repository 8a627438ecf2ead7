"""``export``: training completion records as CSV, XLSX or xAPI; the assignment register as
CSV or XLSX."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kb.load import load
from quiz_app import training
from quiz_app.cli.common import DAY, OneOf, Session, identity_options, pass_session
from quiz_app.core import exports
from quiz_app.core.register import RegisterStatus
from quiz_app.i18n import LANGUAGES


@click.command("export")
@click.option("--format", "format_", required=True, type=OneOf(exports.FORMATS), help="file format")
@click.option(
    "--out",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="file to write (atomically)",
)
@click.option(
    "--records",
    default="completions",
    show_default=True,
    type=OneOf(("completions", "register")),
    help="completions: one per attempt; register: one per assignment (csv or xlsx)",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=OneOf(tuple(s.value for s in RegisterStatus)),
    help="register only: only assignments in this status (repeatable)",
)
@click.option("--department", metavar="NAME", help="only people of this department")
@click.option("--module", metavar="ID", help="only this training module")
@click.option(
    "--lang",
    "language",
    default="en",
    show_default=True,
    type=OneOf(tuple(LANGUAGES)),
    help="register only: language of the header row (the rows are the same in each)",
)
@click.option("--since", type=DAY, metavar="DATE", help="completed on or after this day")
@click.option("--until", type=DAY, metavar="DATE", help="completed on or before this day")
@identity_options
@pass_session
def export(
    session: Session,
    format_: str,
    out: Path,
    records: str,
    statuses: tuple[str, ...],
    department: str | None,
    module: str | None,
    since: date | None,
    until: date | None,
    language: str,
) -> None:
    """Export training completion records as CSV, XLSX or xAPI 1.0.3 JSON, or (with
    ``--records register``) the assignment register, one row per assignment, as CSV or XLSX
    (trainer); ``--lang de|fr`` gives the register German or French headers over the same rows.

    \b
    Example:
      python -m quiz_app --as trainer export --records register --lang de --format xlsx --out r.xlsx
    """
    engine = session.engine()
    if records == "register":
        if since or until:
            raise click.UsageError("--since and --until select completions, not the register")
        count = training.export_register(
            engine,
            session.actor(engine),
            load(),
            format_,
            out,
            training.DashboardFilter(
                departments=(department,) if department else (),
                module_ids=(module,) if module else (),
            ),
            statuses=tuple(RegisterStatus(s) for s in statuses),
            language=language,
        )
        click.echo(f"wrote {count} register rows to {out} ({format_})")
        return
    if statuses:
        raise click.UsageError("--status selects register rows; add --records register")
    if language != "en":
        raise click.UsageError("--lang names the register's headers; add --records register")
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
