"""Register: the assignment register of the seeded training store (about 180,000
assignments at full size) to XLSX, against a bare xlsxwriter write of the same rows."""

from __future__ import annotations

from typing import Any

from bench import completions
from bench.measure import Figure, Section, check, cpu_figure
from bench.register_bench import run_probe
from bench.sections.store import training_store
from bench.settings import Settings

TITLE = "4b. Register export (XLSX)"
TIME_LIMIT = 1.5
MEMORY_MIB = 300.0


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    missing = completions.available()
    if missing:
        section.notes.append(f"Register export: not measured: {missing}.")
        return section
    seeded = training_store(settings, context, "sqlite")
    url = seeded["url"]
    section.notes.append(
        f"Assignments: {seeded['assignments']:,} in the SQLite training store of section 3 "
        "(one row each in the register). Time: the project's writer "
        "(`quiz_app.core.exports.write_xlsx` with the register's columns: typed cells, "
        "formula neutralisation) against a bare xlsxwriter `write_row` (constant_memory), "
        "given the same rows in memory, alternating in one process; the query that streams "
        "them is timed alone. Memory: a fresh process each; the project's export runs end "
        "to end (`training.export_register`), the bare write streams the same query."
    )
    timing = run_probe("register_writers", url=url, runs=settings.runs)
    project = section.add(cpu_figure("register xlsx: project writer", timing["project"]))
    bare = section.add(cpu_figure("register xlsx: bare xlsxwriter", timing["bare"]))
    ratio = project.value / bare.value
    project.baseline, project.ratio = "bare xlsxwriter", ratio
    check(project, ratio, TIME_LIMIT, f"≤ {TIME_LIMIT}× bare")
    project.note += f"; {timing['rows']:,} rows"
    section.add(cpu_figure("register query (stream every row)", [timing["query"]]))
    memory = {
        kind: run_probe("register_memory", url=url, kind=kind) for kind in ("project", "bare")
    }
    mine = memory["project"]
    figure = section.add(
        Figure(
            "register xlsx: peak memory, app export end to end",
            mine["growth"],
            "MiB",
            baseline="bare xlsxwriter",
            ratio=mine["growth"] / max(memory["bare"]["growth"], 1.0),
            note=f"process peak {mine['peak']:.0f} MiB; {mine['rows']:,} rows; "
            f"wall {mine['seconds']['wall']:.3g} s",
        )
    )
    check(figure, mine["peak"], MEMORY_MIB, f"process peak ≤ {MEMORY_MIB:.0f} MiB")
    section.add(
        Figure(
            "register xlsx: peak memory, bare write",
            memory["bare"]["growth"],
            "MiB",
            note=f"process peak {memory['bare']['peak']:.0f} MiB",
        )
    )
    return section
