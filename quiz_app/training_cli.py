"""Command line for people import, training assignment and completion exports.

Registered in ``quiz_app.cli.REGISTRARS``: ``people import``, ``training assign`` and the
top-level ``export``. Handlers only parse, call the library and print one line.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kb.load import load
from quiz_app import people_import, training
from quiz_app.core import exports

if TYPE_CHECKING:  # quiz_app.cli imports this module for its REGISTRARS
    from quiz_app.cli import CommandLine, Context


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def _people_import(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    result = people_import.import_people_file(engine, ctx.actor(engine), Path(args.file))
    ctx.out(f"imported {args.file}: {result.describe()}")


def _training_assign(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    actor = ctx.actor(engine)
    module = training.module_by_id(load(), args.module)
    if args.department:
        target = training.AssignTarget("department", args.department)
    elif args.role:
        target = training.AssignTarget("role", args.role)
    elif args.person:
        target = training.AssignTarget("person", args.person)
    else:
        target = training.AssignTarget("audience")
    result = training.assign(engine, actor, module, target, due_on=args.due)
    ctx.out(
        f"assigned {module.id} to {result.assigned} people "
        f"({result.already_assigned} already assigned)"
    )


def _export(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    actor = ctx.actor(engine)
    filters = training.ExportFilter(
        departments=(args.department,) if args.department else (),
        module_ids=(args.module,) if args.module else (),
        since=args.since,
        until=args.until,
    )
    out = Path(args.out)
    count = training.export_completions(engine, actor, load(), args.format, out, filters)
    ctx.out(f"wrote {count} completion records to {out} ({args.format})")


def register(cli: CommandLine) -> None:
    """``people import``, ``training assign`` and ``export``."""
    cli.group("people", "people whose training is tracked (admin)")
    p = cli.add(
        "people",
        "import",
        _people_import,
        help="create or update people from an HR CSV file (columns: id, name, email, "
        "department, role, is_management_body); all rows or none",
        example="python -m quiz_app --as admin people import docs/people-example.csv",
    )
    p.add_argument("file", metavar="FILE", help="CSV file, UTF-8 (a BOM is fine)")

    cli.group("training", "assign training modules (trainer)")
    p = cli.add(
        "training",
        "assign",
        _training_assign,
        help="assign a module to its audience (default), a department, a job role or a person",
        example="python -m quiz_app --as trainer training assign --module cyber-hygiene "
        "--due 2025-03-31",
    )
    p.add_argument("--module", required=True, metavar="ID", help="training module id")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--department", metavar="NAME", help="everyone in this department")
    who.add_argument("--role", metavar="NAME", help="everyone with this job role")
    who.add_argument("--person", metavar="ID", help="one person (HR id)")
    p.add_argument("--due", type=_day, metavar="DATE", help="due date (default: in 30 days)")

    p = cli.add_command(
        "export",
        _export,
        help="export training completion records as CSV, XLSX or xAPI 1.0.3 JSON (trainer)",
        example="python -m quiz_app --as trainer export --format xlsx --out completions.xlsx "
        "--since 2025-01-01",
    )
    p.add_argument("--format", required=True, choices=exports.FORMATS, help="file format")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write (atomically)")
    p.add_argument("--department", metavar="NAME", help="only people of this department")
    p.add_argument("--module", metavar="ID", help="only this training module")
    p.add_argument("--since", type=_day, metavar="DATE", help="completed on or after this day")
    p.add_argument("--until", type=_day, metavar="DATE", help="completed on or before this day")
