"""Work measured in a fresh interpreter: ``python -m bench.probes NAME JSON-KWARGS``.

Each probe prints one JSON line. Times are ``{"wall": s, "cpu": s}`` (or lists of them);
memory is in MiB: ``rss_start`` after imports and set-up, ``peak`` the process's peak
resident memory (``ru_maxrss``), ``growth`` the difference -- what the measured work needed.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import clocked, peak_rss_mib, rss_mib

PROBES: dict[str, Callable[..., dict[str, Any]]] = {}


def probe(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    PROBES[fn.__name__] = fn
    return fn


def _memory(start: float) -> dict[str, float]:
    peak = peak_rss_mib()
    return {"rss_start": start, "peak": peak, "growth": max(0.0, peak - start)}


def _write_pages(pages: dict[str, str], out: Path) -> int:
    """The lower bound of a build: the same bytes written to disk, nothing else."""
    written = 0
    for rel, content in pages.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        written += target.write_bytes(content.encode("utf-8"))
    return written


@probe
def generator(data: str, renders: int = 3) -> dict[str, Any]:
    """Load (validate) once, then render and write the pages ``renders`` times."""
    from bench.synthetic import counts

    imports, _ = clocked(lambda: __import__("generator.render"))
    from generator.render import render
    from kb.load import load

    start = rss_mib()
    loading, kb = clocked(lambda: load(Path(data)))
    rendering, writing = [], []
    pages: dict[str, str] = {}
    for _ in range(renders):
        seconds, pages = clocked(lambda: render(kb))
        rendering.append(seconds)
        with tempfile.TemporaryDirectory(prefix="bench-pages-") as out:
            writing.append(clocked(lambda o=out, p=pages: _write_pages(p, Path(o)))[0])
    return {
        "import": imports,
        "load": loading,
        "render": rendering,
        "write": writing,
        "pages": len(pages),
        "bytes": sum(len(p.encode("utf-8")) for p in pages.values()),
        "counts": counts(kb),
        **_memory(start),
    }


@probe
def kb_export(data: str, fmt: str, runs: int = 3) -> dict[str, Any]:
    """The open-data export ``fmt`` of generator/export.py, ``runs`` times (in memory)."""
    from generator.export import export_files
    from kb.load import load

    kb = load(Path(data))
    start = rss_mib()
    seconds, size = [], 0
    for _ in range(runs):
        s, files = clocked(lambda: export_files(kb, fmt))
        seconds.append(s)
        size = sum(len(b) for b in files.values())
    return {"seconds": seconds, "bytes": size, **_memory(start)}


@probe
def completion_writers(url: str, fmt: str, runs: int = 3) -> dict[str, Any]:
    """The project's writer and the bare library write of the same rows, alternating."""
    from bench import completions

    completions.warm_imports()
    rows = completions.fetch_rows(url)
    project, bare = completions.WRITERS[fmt]
    out: dict[str, list] = {"project": [], "bare": []}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for n in range(runs):
            for kind, write in (("project", project), ("bare", bare))[:: 1 if n % 2 else -1]:
                path = Path(tmp) / f"{kind}.{fmt}"
                out[kind].append(clocked(lambda w=write, p=path: w(rows, p))[0])
                sizes[kind] = path.stat().st_size
    return {"rows": len(rows), **out, "bytes": sizes}


@probe
def completion_memory(url: str, fmt: str, kind: str) -> dict[str, Any]:
    """Peak memory of one export: ``project`` streams from the store as the app does;
    ``bare`` is the library write of the same rows (pandas and json.dump need them all)."""
    from bench import completions

    completions.warm_imports()
    start = rss_mib()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        path = Path(tmp) / f"{kind}.{fmt}"
        if kind == "project":
            seconds, count = clocked(lambda: completions.export_from_store(url, fmt, path))
        else:
            bare = completions.WRITERS[fmt][1]
            seconds, count = clocked(
                lambda: bare(completions.stream_rows(url, materialise=fmt != "xlsx"), path)
            )
        size = path.stat().st_size
    return {"seconds": seconds, "rows": count, "bytes": size, **_memory(start)}


@probe
def dashboard(url: str, runs: int = 5) -> dict[str, Any]:
    """Each trainer dashboard query, ``runs`` times."""
    from bench import completions

    return completions.dashboard_timings(url, runs)


@probe
def apptest(url: str, page: str, account_id: int, runs: int = 3) -> dict[str, Any]:
    """Run one app page from the entry point with AppTest, ``runs`` times."""
    from bench import apprun

    return apprun.page_timings(url, page, account_id, runs)


@probe
def empty_page(runs: int = 3) -> dict[str, Any]:
    """The baseline of ``apptest``: an empty page run in the same AppTest harness."""
    from bench import apprun

    return apprun.empty_page_timings(runs)


@probe
def profile(url: str, workload: str) -> dict[str, Any]:
    """cProfile's top functions for one workload that missed its target: ``submit``,
    ``dashboard:<query name>`` or ``interaction:<kind>:<username>:<password>`` (load)."""
    from bench import apprun, completions, profiling, writers

    if workload.startswith("interaction:"):
        _, kind, username, password = workload.split(":", 3)
        work = lambda: apprun.interaction(url, username, password, kind)  # noqa: E731
    elif workload.startswith("dashboard:"):
        name = workload.removeprefix("dashboard:")
        work = lambda: completions.profile_query(url, name)  # noqa: E731
    else:
        work = {"submit": lambda: writers.profile_submissions(url)}[workload]
    return {"lines": profiling.top(work(), in_threads=workload.startswith("interaction:"))}


@probe
def people_import(url: str, rows: int, kind: str) -> dict[str, Any]:
    """One people import of ``rows`` generated rows into the empty store at ``url``:
    ``project`` is ``import_people`` phase by phase, ``bare`` the baseline executemany."""
    from bench import people_imports

    data = people_imports.hr_file(rows)
    engine, admin = people_imports.prepare(url)
    start = rss_mib()
    if kind == "project":
        result = people_imports.import_phases(engine, admin, data)
    else:
        result = people_imports.bare_executemany(engine, data)
    return {**result, "bytes": len(data), **_memory(start)}


def main(argv: list[str]) -> int:
    name, kwargs = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = PROBES[name](**kwargs)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
