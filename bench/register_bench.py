"""The assignment register export at scale, measured in a fresh interpreter:
``python -m bench.register_bench NAME JSON-KWARGS`` prints one JSON line (as bench.probes).

Kept apart from :mod:`bench.probes` so the register's section is one new file to merge.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import completions
from bench.measure import ROOT, clocked, peak_rss_mib, rss_mib


def _rows(url: str) -> list:
    """The register rows as the export streams them (default filters), in memory."""
    from quiz_app import store

    engine = store.get_engine(url)
    with store.transaction(engine) as conn:
        return list(_stream(conn))


def _stream(conn):
    from quiz_app import store, training
    from quiz_app.training.register import stream_register

    return stream_register(
        conn,
        completions._kb(),
        training.DashboardFilter(),
        now=store.utcnow().replace(microsecond=0),
    )


def _project_xlsx(rows, path: Path) -> int:
    from quiz_app.core import exports
    from quiz_app.core.register import REGISTER_COLUMNS

    with open(path, "wb") as out:
        return exports.write_xlsx(rows, out, columns=REGISTER_COLUMNS, sheet_name="register")


def _bare_xlsx(rows, path: Path) -> int:
    import xlsxwriter

    from quiz_app.core.register import REGISTER_COLUMNS

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [c.name for c in REGISTER_COLUMNS])
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        sheet.write_row(count, 0, row)
    book.close()
    return count


def register_writers(url: str, runs: int = 3) -> dict[str, Any]:
    """The project's register writer and a bare xlsxwriter write of the same rows (in
    memory), alternating; and the query that streams them, timed alone."""
    completions.warm_imports()
    query, rows = clocked(lambda: _rows(url))
    out: dict[str, list] = {"project": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="bench-register-") as tmp:
        pair = (("project", _project_xlsx), ("bare", _bare_xlsx))
        for n in range(runs):
            for kind, write in pair[:: 1 if n % 2 else -1]:
                path = Path(tmp) / f"{kind}.xlsx"
                out[kind].append(clocked(lambda w=write, p=path: w(rows, p))[0])
    return {"rows": len(rows), "query": query, **out}


def register_memory(url: str, kind: str) -> dict[str, Any]:
    """Peak memory of one register export: ``project`` end to end as the app runs it
    (query, stream, write, audit); ``bare`` streams the same rows to bare xlsxwriter."""
    from quiz_app import store, training

    completions.warm_imports()
    start = rss_mib()
    with tempfile.TemporaryDirectory(prefix="bench-register-") as tmp:
        path = Path(tmp) / f"{kind}.xlsx"
        engine = store.get_engine(url)
        if kind == "project":
            actor = completions._actor(engine, completions.TRAINER)
            seconds, count = clocked(
                lambda: training.export_register(engine, actor, completions._kb(), "xlsx", path)
            )
        else:

            def bare() -> int:
                with store.transaction(engine) as conn:
                    return _bare_xlsx(_stream(conn), path)

            seconds, count = clocked(bare)
    peak = peak_rss_mib()
    return {
        "seconds": seconds,
        "rows": count,
        "rss_start": start,
        "peak": peak,
        "growth": max(0.0, peak - start),
    }


PROBES: dict[str, Callable[..., dict[str, Any]]] = {
    "register_writers": register_writers,
    "register_memory": register_memory,
}


def run_probe(name: str, timeout: float = 900, **kwargs: Any) -> dict[str, Any]:
    """Run ``name`` in a fresh interpreter (in this one for the smoke test)."""
    if os.environ.get("BENCH_IN_PROCESS"):
        return json.loads(json.dumps(PROBES[name](**kwargs), default=str))
    command = [sys.executable, "-m", "bench.register_bench", name, json.dumps(kwargs)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-6:])
        raise RuntimeError(f"probe {name} failed (exit {done.returncode}): {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    result = PROBES[sys.argv[1]](**(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}))
    print(json.dumps(result, default=str))
