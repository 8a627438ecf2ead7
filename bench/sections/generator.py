"""1. Generator: validate + render for the real data and synthetic data x10 and x100."""

from __future__ import annotations

from typing import Any

from bench.measure import Figure, Section, cpu_figure, median, probe
from bench.settings import Settings
from bench.synthetic import FIXED, SCALED

TITLE = "1. Generator: validate + render"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{v:,} {k}" for k, v in counts.items())


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    section.notes.append(
        "**What was measured instead of scaling everything.** The schema pins the measures "
        "to the ten points of Art. 21(2) (ids 21-2-a…j) and article numbers to at most 46: "
        "that is the Directive, not a limit to relax. The synthetic data multiplies "
        f"{', '.join(SCALED)} by the factor and keeps {', '.join(FIXED)} as they are; it is "
        "written as YAML files into a temporary data folder, so the loader and its line "
        "tracking are measured too. Load (parse + validate + cross-check) runs once per "
        "fresh process; render and the write of the same bytes (the lower bound of any "
        "build) run several times in it. At ×100 the load runs once (it takes minutes)."
    )
    results: dict[int, dict[str, Any]] = {}
    for factor in settings.generator_scales:
        data = settings.data(factor)
        processes = 1 if factor >= 100 else settings.runs
        runs = [
            probe("generator", data=str(data), renders=settings.renders) for _ in range(processes)
        ]
        first = runs[0]
        loads = [r["load"] for r in runs]
        renders = [c for r in runs for c in r["render"]]
        writes = [c for r in runs for c in r["write"]]
        name = "real data" if factor == 1 else f"×{factor}"
        section.notes.append(
            f"- {name}: {_counts(first['counts'])}; {first['pages']:,} generated pages, "
            f"{first['bytes'] / 1e6:.1f} MB of Markdown."
        )
        load_figure = section.add(cpu_figure(f"{name}: load + validate", loads))
        render_figure = section.add(cpu_figure(f"{name}: render", renders))
        write_figure = section.add(cpu_figure(f"{name}: write the same bytes", writes))
        render_figure.baseline = "write the same bytes (lower bound)"
        render_figure.ratio = render_figure.value / write_figure.value
        section.add(
            Figure(
                f"{name}: render per page (CPU)",
                render_figure.value / first["pages"] * 1000,
                "ms",
                render_figure.runs,
            )
        )
        section.add(
            Figure(
                f"{name}: peak memory growth, load + render",
                max(r["growth"] for r in runs),
                "MiB",
                len(runs),
                note=f"process peak {max(r['peak'] for r in runs):.0f} MiB",
            )
        )
        results[factor] = {
            "load": load_figure.value,
            "render": render_figure.value,
            "render_wall": median([c["wall"] for c in renders]),
            "pages": first["pages"],
        }
        if factor != 1 and 1 in results:
            base = results[1]
            for what, label in (("load", "load + validate"), ("render", "render")):
                per_item = (results[factor][what] / factor) / base[what]
                section.add(
                    Figure(
                        f"{name}: {label} time ÷ (factor × real)",
                        per_item,
                        "",
                        baseline=f"real data × {factor}",
                        ratio=per_item,
                        note="1.0 = linear growth",
                    )
                )
    context["generator"] = results
    return section
