"""Where the time goes when a target is missed: cProfile's top functions, as report lines."""

from __future__ import annotations

import cProfile
import pstats
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import ROOT


def top(fn: Callable[[], Any], limit: int = 10, in_threads: bool = False) -> list[str]:
    """Profile one call of ``fn``; the ``limit`` functions with the most cumulative time
    (below the profiled call), each as 'cum % | own % | function (file:line)'.

    ``in_threads``: profile the threads ``fn`` starts instead of ``fn``'s own (AppTest runs
    the page script in a thread while the caller waits)."""
    profiler = cProfile.Profile()
    if in_threads:
        threading.setprofile(lambda *_: profiler.enable())  # replaced by cProfile's own hook
        try:
            fn()
        finally:
            threading.setprofile(None)
    else:
        profiler.runcall(fn)
    stats = pstats.Stats(profiler)
    total = stats.total_tt or 1e-9
    rows = []
    for (file, line, name), (_, _, own, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "/bench/" in file or name == "<module>" or "disable' of '_lsprof" in name:
            continue  # the wrapper around the measured work, and the profiler itself
        rows.append((cum, own, _where(file, line, name)))
    rows.sort(reverse=True)
    return [
        f"{100 * cum / total:5.1f} % | {100 * own / total:5.1f} % | {where}"
        for cum, own, where in rows[1 : limit + 1]
    ]


def _where(file: str, line: int, name: str) -> str:
    path = Path(file)
    try:
        shown = str(path.resolve().relative_to(ROOT))
    except ValueError:
        parts = path.parts
        shown = (
            "/".join(parts[parts.index("site-packages") + 1 :])
            if "site-packages" in parts
            else path.name
        )
    return f"`{name}` ({shown}:{line})"


def markdown(title: str, lines: list[str]) -> str:
    """A profile as a Markdown block for the report."""
    body = "\n".join(f"    {line}" for line in lines)
    return f"{title} (cProfile; cumulative % | own % | function):\n\n{body}"
