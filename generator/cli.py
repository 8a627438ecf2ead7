"""`python -m generator check|stale|build|export|site|i18n`: the only place that knows exit codes.

Exit codes: 0 success, 2 invalid data (every problem printed, one line each),
1 an output could not be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kb.load import DEFAULT_DATA_DIR, DataError, load
from kb.model import KnowledgeBase
from kb.review import DEFAULT_MAX_AGE_DAYS, stale_entries

from .export import FORMATS, write_export
from .i18n_cli import add_i18n_parser, run_i18n, translation_check
from .site import BUILDERS

EXIT_OK, EXIT_WRITE, EXIT_DATA = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate data/ and turn it into knowledge-base pages.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check",
        help="validate data/ and report every problem",
        description="Validate every file in the data folder; print one located line per "
        "problem and exit 2 if there is any. Example: python -m generator check --data data",
    )
    check.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    check.add_argument(
        "--strict-translations",
        action="store_true",
        help="count missing and stale translations as errors, not warnings",
    )
    _review_options(check)
    stale = sub.add_parser(
        "stale",
        help="list the entries whose last review is older than the allowed age",
        description="Validate data/ and list every article, measure, service and certification "
        "last reviewed more than --max-age-days ago, one located line each (file:LINE). Exit 0 "
        "whether or not any is listed. Example: python -m generator stale --max-age-days 180",
    )
    stale.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    _review_options(stale)
    build = sub.add_parser(
        "build",
        help="stage the whole docs tree (pages, nav, glossary, downloads) for any builder",
        description="Validate data/ and write one complete docs tree under OUT: OUT/mkdocs.yml "
        "(the project's config with an explicit nav and the glossary, no hooks) and OUT/docs "
        "(hand-written pages, every generated page, downloads). `mkdocs build -f "
        "OUT/mkdocs.yml` and `zensical build -f OUT/mkdocs.yml` both build it. Nothing is "
        "written when the data is invalid. Example: python -m generator build --out build/tree",
    )
    build.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    build.add_argument("--out", type=Path, required=True, help="folder to write the tree into")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config")
    export = sub.add_parser(
        "export",
        help="export the knowledge base as open data (json, csv, xlsx or oscal)",
        description="Write the validated knowledge base in one open format. json: the whole "
        "model plus <stem>.schema.json beside it; csv: one row per measure x service; xlsx: "
        "one sheet per entity; oscal: a folder with a catalog and a component definition. "
        "Example: python -m generator export --format oscal --out build/oscal",
    )
    export.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    export.add_argument("--format", required=True, choices=FORMATS, help="output format")
    export.add_argument("--out", type=Path, required=True, help="file (folder for oscal)")
    site = sub.add_parser(
        "site",
        help="build the static site with MkDocs or Zensical and swap it in atomically",
        description="Validate data/, stage the docs tree, build the whole site into a "
        "temporary folder (`mkdocs build --strict`, or `zensical build` with --builder "
        "zensical), and replace OUT only when the build succeeded, so a failed build leaves "
        "the previous site intact. Example: python -m generator site --out site",
    )
    site.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    site.add_argument("--out", type=Path, default=Path("site"), help="site folder (default: site)")
    site.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config")
    site.add_argument(
        "--builder", choices=BUILDERS, default="mkdocs", help="site builder (default: mkdocs)"
    )
    add_i18n_parser(sub)
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _review_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-age-days",
        type=int,
        default=DEFAULT_MAX_AGE_DAYS,
        help=f"a review older than this many days is stale (default: {DEFAULT_MAX_AGE_DAYS})",
    )
    parser.add_argument(
        "--today",
        type=_day,
        default=None,
        help="count ages up to this day, YYYY-MM-DD, instead of today (reproducible runs)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    try:
        kb = load(args.data)
    except DataError as exc:
        return _invalid(exc)
    if args.command in ("check", "stale"):
        stale = stale_entries(kb, args.today or date.today(), args.max_age_days, args.data)
        if args.command == "stale":
            for entry in stale:
                print(entry)
            print(f"{_entries(len(stale))} last reviewed more than {args.max_age_days} days ago")
            return EXIT_OK
        for entry in stale:
            print(f"warning: {entry}", file=sys.stderr)
        if stale:
            print(
                f"{_entries(len(stale))} due for review (python -m generator stale lists them)",
                file=sys.stderr,
            )
        if not translation_check(kb, args.data, args.strict_translations):
            return EXIT_DATA
        print(
            f"data OK: {len(kb.articles)} articles, {len(kb.measures)} measures, "
            f"{len(kb.services)} services, {len(kb.questions)} questions, "
            f"{len(kb.training)} training modules"
        )
        return EXIT_OK
    if args.command == "build":
        from .stage import stage

        try:
            written = stage(kb, args.out, args.config, data_dir=args.data)
        except DataError as exc:
            return _invalid(exc)
        except ValueError as exc:
            print(f"content/: {exc}; nothing was staged.", file=sys.stderr)
            return EXIT_DATA
        except OSError as exc:
            print(f"{args.out}: cannot write the tree: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_WRITE
        print(f"wrote {written} files to {args.out}")
        return EXIT_OK
    if args.command == "export":
        try:
            paths = write_export(kb, args.format, args.out)
        except OSError as exc:
            print(f"{args.out}: cannot write the export: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_WRITE
        for path in paths:
            print(f"wrote {path}")
        return EXIT_OK
    if args.command == "site":
        return _site(kb, args)
    if args.command == "i18n":
        return run_i18n(kb, args)
    return EXIT_OK  # pragma: no cover - argparse rejects unknown commands


def _invalid(exc: DataError) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    count = len(exc.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.", file=sys.stderr)
    return EXIT_DATA


def _entries(count: int) -> str:
    return f"{count} entr{'ies' if count != 1 else 'y'}"


def _site(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    from .site import BuildFailed, build_site

    try:
        out = build_site(kb, args.config, args.out, args.builder, args.data)
    except DataError as exc:
        return _invalid(exc)
    except BuildFailed as exc:
        print(f"{exc}; {args.out} was left as it was.", file=sys.stderr)
        return EXIT_WRITE
    except ValueError as exc:
        print(f"content/: {exc}; {args.out} was left as it was.", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"{args.out}: cannot write the site: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_WRITE
    print(f"site built into {out} ({args.builder})")
    return EXIT_OK
