"""4. Exports: 100,000 completion records to CSV, XLSX and xAPI; the KB open-data exports."""

from __future__ import annotations

from typing import Any

from bench import completions
from bench.measure import Figure, Section, check, cpu_figure, probe
from bench.sections.store import training_store
from bench.settings import Settings

TITLE = "4. Exports"
TIME_LIMITS = {"csv": 1.5, "xlsx": 1.5, "xapi": 2.0}
XLSX_MEMORY_MIB = 300.0


def _completion_exports(section: Section, settings: Settings, context: dict) -> None:
    seeded = training_store(settings, context, "sqlite")
    url = seeded["url"]
    section.notes.append(
        f"Completion records: {seeded['records']:,} from the SQLite training store of "
        "section 3. Time: the project's writer (`quiz_app.core.exports`) and the bare "
        "library write, given the same rows in memory (as `training.export_rows` yields "
        "them), alternating in one process. Memory: a fresh process each; the project's "
        "export runs end to end as the app does (`training.export_completions`: query, "
        "stream, write, audit), the bare write gets the rows as its library needs them "
        "(pandas and `json.dump` need the whole table in memory; xlsxwriter streams)."
    )
    for fmt in ("csv", "xlsx", "xapi"):
        bare_name = completions.BARE[fmt]
        timing = probe("completion_writers", url=url, fmt=fmt, runs=settings.runs)
        project = section.add(cpu_figure(f"{fmt}: project writer", timing["project"]))
        bare = section.add(cpu_figure(f"{fmt}: bare {bare_name}", timing["bare"]))
        ratio = project.value / bare.value
        project.baseline, project.ratio = f"bare {bare_name}", ratio
        limit = TIME_LIMITS[fmt]
        check(project, ratio, limit, f"≤ {limit}× bare")
        project.note += f"; {timing['bytes']['project'] / 1e6:.1f} MB"
        bare.note += f"; {timing['bytes']['bare'] / 1e6:.1f} MB"
        memory = {
            kind: probe("completion_memory", url=url, fmt=fmt, kind=kind)
            for kind in ("project", "bare")
        }
        mine = memory["project"]
        figure = section.add(
            Figure(
                f"{fmt}: peak memory, app export end to end",
                mine["growth"],
                "MiB",
                baseline=f"bare {bare_name}",
                ratio=mine["growth"] / max(memory["bare"]["growth"], 1.0),
                note=f"process peak {mine['peak']:.0f} MiB; {mine['rows']:,} records; "
                f"wall {mine['seconds']['wall']:.3g} s, CPU {mine['seconds']['cpu']:.3g} s",
            )
        )
        if fmt == "xlsx":
            check(figure, mine["peak"], XLSX_MEMORY_MIB, "process peak ≤ 300 MiB")
        section.add(
            Figure(
                f"{fmt}: peak memory, bare write",
                memory["bare"]["growth"],
                "MiB",
                note=f"process peak {memory['bare']['peak']:.0f} MiB",
            )
        )


def _kb_exports(section: Section, settings: Settings) -> None:
    section.notes.append(
        "Open data (`generator/export.py`): each format built in memory from a loaded "
        "knowledge base, several times in one fresh process; memory growth is over the "
        "loaded knowledge base."
    )
    base: dict[str, float] = {}
    for factor in settings.kb_export_scales:
        name = "real data" if factor == 1 else f"×{factor}"
        for fmt in ("json", "csv", "xlsx", "oscal"):
            result = probe(
                "kb_export", data=str(settings.data(factor)), fmt=fmt, runs=settings.runs
            )
            figure = section.add(
                cpu_figure(
                    f"open data {fmt}, {name}",
                    result["seconds"],
                    note=f"{result['bytes'] / 1e6:.2f} MB; peak growth {result['growth']:.0f} MiB",
                )
            )
            if factor == 1:
                base[fmt] = figure.value
            elif fmt in base:
                figure.baseline = f"real data × {factor}"
                figure.ratio = figure.value / (base[fmt] * factor)


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    missing = completions.available()
    if missing:
        section.notes.append(f"Completion-record exports: not measured: {missing}.")
    else:
        _completion_exports(section, settings, context)
    _kb_exports(section, settings)
    return section
