"""Measuring: median-of-N timing, peak memory in a subprocess, figures, machine info."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


@dataclass
class Figure:
    """One measured figure: the median of its runs, and how it compares.

    ``ratio`` is the figure divided by its baseline (measured in the same run); ``met`` is
    None when the figure has no target.
    """

    label: str
    value: float | None
    unit: str
    runs: int = 1
    spread: tuple[float, float] | None = None  # min, max of the runs
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Section:
    """A section of the report: its figures, notes and anything that could not be measured."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, figure: Figure) -> Figure:
        """Add ``figure`` (and show it on stderr, so a long run shows progress)."""
        self.figures.append(figure)
        value = "–" if figure.value is None else f"{figure.value:.4g}"
        print(f"bench:   {figure.label}: {value} {figure.unit}", file=sys.stderr, flush=True)
        return figure


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn`` took (wall clock, perf_counter) and what it returned."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def clocked(fn: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    """Wall-clock and CPU seconds of this process for ``fn``, and what it returned.

    CPU time barely moves when other processes share the cores; wall time does.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}, result


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def repeat(fn: Callable[[], Any], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` calls of ``fn``."""
    return [timed(fn)[0] for _ in range(runs)]


def spread(values: list[float]) -> tuple[float, float]:
    return (min(values), max(values))


def timing(label: str, seconds: list[float], unit: str = "s", **kw: Any) -> Figure:
    """A figure for a list of timings: their median, run count and spread."""
    scale = {"s": 1.0, "ms": 1000.0}[unit]
    values = [s * scale for s in seconds]
    return Figure(label, median(values), unit, len(values), spread(values), **kw)


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / MIB


def rss_mib() -> float:
    """This process's current resident memory, MiB (peak when /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return peak_rss_mib()
    return pages * os.sysconf("SC_PAGE_SIZE") / MIB


def probe(name: str, timeout: float = 900, **kwargs: Any) -> dict[str, Any]:
    """Run probe ``name`` of :mod:`bench.probes` in a fresh interpreter; return its result.

    A fresh process per probe gives an honest peak memory (``ru_maxrss``) and cold imports.

    Raises:
        RuntimeError: the probe failed (its stderr's last lines are in the message).
    """
    if os.environ.get("BENCH_IN_PROCESS"):  # the smoke test: code paths only, no figures
        from bench.probes import PROBES

        return json.loads(json.dumps(PROBES[name](**kwargs), default=str))
    command = [sys.executable, "-m", "bench.probes", name, json.dumps(kwargs)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-6:])
        raise RuntimeError(f"probe {name} failed (exit {done.returncode}): {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def dir_size(path: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / MIB:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return ""


PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "jinja2",
    "pydantic",
    "pyyaml",
    "sqlalchemy",
    "psycopg",
    "pandas",
    "xlsxwriter",
    "streamlit",
)


def machine() -> dict[str, str]:
    """The machine and software the figures were measured on."""
    import yaml

    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (missing)")
    dirty = " (with uncommitted changes)" if _git("status", "--porcelain") else ""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": (_git("rev-parse", "--short", "HEAD") or "unknown") + dirty,
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpu": f"{_cpu_model()}, {os.cpu_count()} logical cores",
        "memory": _memory_total(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "libyaml": "yes" if getattr(yaml, "__with_libyaml__", False) else "no",
        "packages": ", ".join(versions),
        "load average at start (1, 5, 15 min)": load,
    }


def cpu_figure(label: str, clocks: list[dict[str, float]], **kw: Any) -> Figure:
    """A figure for clocked runs: the median CPU seconds, with the wall-clock median noted."""
    cpu = [c["cpu"] for c in clocks]
    wall = median([c["wall"] for c in clocks])
    note = kw.pop("note", "")
    return Figure(
        label + " (CPU)",
        median(cpu),
        "s",
        len(cpu),
        spread(cpu),
        note=(f"wall {wall:.3g} s" + (f"; {note}" if note else "")),
        **kw,
    )


def check(figure: Figure, value: float | None, limit: float, target: str) -> Figure:
    """Set ``figure``'s target and whether ``value`` (its value or ratio) is within ``limit``."""
    figure.target = target
    figure.met = None if value is None else value <= limit
    return figure


def against(
    figure: Figure,
    baseline: float | None,
    described: str,
    limit: float,
    *,
    at_least: bool = False,
) -> Figure:
    """Judge ``figure`` by its ratio to ``baseline`` (same unit, measured in the same run).

    The ratio is ``figure.value / baseline``; the target is met when it is at most ``limit``
    (a time), or with ``at_least`` at least ``limit`` (a throughput). ``described`` names
    the baseline; its absolute value is shown beside it. Without a baseline (or a figure)
    the target is left unjudged.
    """
    sign = "≥" if at_least else "≤"
    figure.target = f"{sign} {limit:g}× baseline"
    if baseline is None or not baseline or figure.value is None:
        figure.baseline = f"{described}: not measured"
        figure.ratio = figure.met = None
        return figure
    figure.baseline = f"{described}: {_short(baseline)} {figure.unit}".rstrip()
    figure.ratio = figure.value / baseline
    figure.met = figure.ratio >= limit if at_least else figure.ratio <= limit
    return figure


def _short(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
