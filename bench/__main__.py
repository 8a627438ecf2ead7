"""``python -m bench [--quick] [--only generator,site,builders,store,exports,register,app,backups,load,reminders]``:
write the report. ``--load-users 10,25,50,100`` sets the load section's steps."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import stores
from bench.measure import ROOT, Section, machine
from bench.report import render_report
from bench.sections import (
    app,
    backups,
    builders,
    exports,
    generator,
    load,
    register,
    reminders,
    site,
    store,
)
from bench.settings import Settings

SECTIONS: dict[str, tuple[str, Callable[[Settings, dict[str, Any]], Section]]] = {
    "generator": (generator.TITLE, generator.run),
    "site": (site.TITLE, site.run),
    "builders": (builders.TITLE, builders.run),
    "store": (store.TITLE, store.run),
    "exports": (exports.TITLE, exports.run),
    "register": (register.TITLE, register.run),
    "app": (app.TITLE, app.run),
    "backups": (backups.TITLE, backups.run),
    "load": (load.TITLE, load.run),
    "reminders": (reminders.TITLE, reminders.run),
}
DEFAULT_REPORT = ROOT / "bench" / "REPORT.md"


def _scales(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure how the generator, the site, the store and the exports scale, "
        "and write a Markdown report (median of several runs, ratio to a baseline measured "
        "in the same run, target met or not). Example: python -m bench --quick --only "
        "generator,store",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs (minutes)")
    size.add_argument("--tiny", action="store_true", help="every code path in seconds (smoke test)")
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections: {', '.join(SECTIONS)}"
    )
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; quick 2)")
    parser.add_argument("--site-scales", type=_scales, help="site data factors, e.g. 1,10,100")
    parser.add_argument(
        "--generator-scales", type=_scales, help="generator data factors, e.g. 1,10,100"
    )
    parser.add_argument(
        "--load-users",
        type=_scales,
        help="simulated users per load step (default 10,25,50,100; quick 2,10)",
    )
    parser.add_argument(
        "--load-seconds", type=float, help="seconds per load step (default 60; quick 15)"
    )
    parser.add_argument(
        "--load-soak", type=float, help="seconds of the load memory soak, 0 to skip (default 300)"
    )
    parser.add_argument(
        "--conditions",
        default="",
        help="what else ran on the machine, for the report (e.g. 'other builds on both cores')",
    )
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT, help="report file")
    parser.add_argument("--out", type=Path, help="work folder (default bench/out)")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    extra = {"out": args.out} if args.out else {}
    settings = (
        Settings.tiny(**extra)
        if args.tiny
        else Settings.quick(**extra)
        if args.quick
        else Settings(**extra)
    )
    if args.runs:
        settings.runs = args.runs
    if args.site_scales is not None:
        settings.site_scales = args.site_scales
    if args.generator_scales is not None:
        settings.generator_scales = args.generator_scales
    if args.load_users is not None:
        settings.load_users = args.load_users
    if args.load_seconds is not None:
        settings.load_seconds = args.load_seconds
    if args.load_soak is not None:
        settings.load_soak_seconds = args.load_soak
    return settings


def run_sections(names: Sequence[str], settings: Settings) -> list[Section]:
    """Run the named sections in order; a failing section reports its error, the rest run."""
    context: dict[str, Any] = {}
    sections = []
    try:
        for name in names:
            title, run = SECTIONS[name]
            print(f"bench: {title} ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            try:
                section = run(settings, context)
            except Exception as exc:  # noqa: BLE001 - the report says what broke
                section = Section(title)
                section.notes.append(
                    f"Not measured: the section failed: `{type(exc).__name__}: {exc}`"
                )
                traceback.print_exc()
            section.seconds = time.perf_counter() - start
            print(f"bench: ... {section.seconds:.0f} s", file=sys.stderr, flush=True)
            sections.append(section)
    finally:
        stores.cleanup()
    return sections


def conditions(told: str) -> str:
    """The report's conditions line: what the caller says ran beside the bench, and the
    load average at the end (the one at the start is in the machine lines)."""
    end = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    said = told.strip() or "not stated (--conditions)"
    return f"{said}; load average at the end (1, 5, 15 min): {end}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
        return 2
    settings = settings_from(args)
    settings.out.mkdir(parents=True, exist_ok=True)
    about = machine()
    start = time.perf_counter()
    sections = run_sections(names, settings)
    described = (
        f"{settings.mode}; {settings.runs} runs per figure; sections {', '.join(names)}; "
        f"total {time.perf_counter() - start:.0f} s"
    )
    about["conditions"] = conditions(args.conditions)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(render_report(about, described, sections), encoding="utf-8")
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
