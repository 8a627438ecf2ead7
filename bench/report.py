"""The Markdown report: machine, date, and per section a table of figures."""

from __future__ import annotations

from collections.abc import Sequence

from bench.measure import Figure, Section


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit in ("B",):
        return _bytes(value)
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def _bytes(value: float) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def _met(figure: Figure) -> str:
    return {True: "**met**", False: "**not met**", None: ""}[figure.met]


def _row(f: Figure) -> str:
    spread = f"{_number(f.spread[0])}–{_number(f.spread[1])}" if f.spread and f.runs > 1 else ""
    ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
    cells = [
        f.label,
        _number(f.value, f.unit),
        str(f.runs),
        spread,
        f.baseline,
        ratio,
        f.target,
        _met(f),
        f.note,
    ]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def section_markdown(section: Section) -> str:
    lines = [f"## {section.title}", ""]
    if section.figures:
        lines += [
            "| Figure | Median | Runs | Min–max | Baseline (same run) | Ratio | Target | | Note |",
            "|---|--:|--:|--:|---|--:|---|---|---|",
        ]
        lines += [_row(f) for f in section.figures]
        lines.append("")
    for note in section.notes:
        lines += [note, ""]
    lines.append(f"_Section time: {section.seconds:.0f} s._")
    lines.append("")
    return "\n".join(lines)


def summary(sections: Sequence[Section]) -> str:
    targets = [(s, f) for s in sections for f in s.figures if f.met is not None]
    missed = [(s, f) for s, f in targets if not f.met]
    lines = [
        "## Targets",
        "",
        f"{len(targets) - len(missed)} of {len(targets)} targets met.",
        "",
    ]
    if missed:
        lines += ["Not met:", ""]
        lines += [
            f"- {s.title.split(':')[0]}: {f.label} = {_number(f.value, f.unit)}"
            + (f" (ratio {f.ratio:.2f}×)" if f.ratio is not None else "")
            + f", target {f.target}"
            for s, f in missed
        ]
        lines.append("")
    return "\n".join(lines)


def render_report(machine: dict[str, str], settings: str, sections: Sequence[Section]) -> str:
    lines = ["# Benchmark report", ""]
    lines += [f"- **{k}**: {v}" for k, v in machine.items()]
    lines += [f"- **settings**: {settings}", ""]
    lines += [
        "Each figure is the median of its runs; a ratio divides it by the baseline named "
        "beside it, measured in the same run. Times marked *CPU* are the process's CPU "
        "seconds (user + system), which barely move when other processes share the cores; "
        "the wall-clock median is in the note. Throughput and query times are wall clock.",
        "",
        summary(sections),
    ]
    lines += [section_markdown(s) for s in sections]
    return "\n".join(lines)
