"""2. Site: mkdocs build time, site size, search index and page weight, real data and x10."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import ROOT, Figure, Section, check, children_cpu, median, probe, spread
from bench.settings import Settings

TITLE = "2. Site: mkdocs build"
RENDER_SHARE = 0.05
PER_PAGE_LIMIT = 1.3
WEIGHT_LIMIT = 1.2


def build(data: Path, out: Path) -> dict[str, float]:
    """One strict mkdocs build of ``data`` into ``out``: wall and CPU seconds (children)."""
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "NIS2_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(out)]
    cpu, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed: {done.stderr.strip()[-500:]}")
    return {"wall": wall, "cpu": cpu}


def measure_site(out: Path) -> dict[str, Any]:
    html = [p.stat().st_size for p in out.rglob("*.html")]
    index = out / "search" / "search_index.json"
    return {
        "pages": len(html),
        "site_bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
        "html_bytes": sum(html),
        "index_bytes": index.stat().st_size if index.exists() else 0,
        "median_page": statistics.median(html) if html else 0,
    }


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    section.notes.append(
        "Build = `mkdocs build --strict` in a fresh process with `NIS2_DATA_DIR` set (the "
        "hook loads, validates and renders, then MkDocs and Material build every page); "
        "its CPU time is that of the child process. Render share = the generator's render "
        "time (section 1, same data, same run) ÷ this build time. Pages = HTML files "
        "written (generated, hand-written, 404 and tag pages). The per-page and page-weight "
        "targets name ×10; ×100 is built once and reported beside them without a target."
    )
    generator = context.setdefault("generator", {})
    sites: dict[int, dict[str, Any]] = {}
    for factor in settings.site_scales:
        data = settings.data(factor)
        name = "real data" if factor == 1 else f"×{factor}"
        out = settings.out / f"site-x{factor}"
        # ×100 is built once: its 8,600 pages take minutes, a second run would double that.
        builds = [build(data, out) for _ in range(1 if factor >= 100 else settings.runs)]
        cpu = [b["cpu"] for b in builds]
        shape = measure_site(out)
        build_cpu = median(cpu)
        sites[factor] = {"build": build_cpu, **shape}
        section.add(
            Figure(
                f"{name}: mkdocs build (CPU)",
                build_cpu,
                "s",
                len(cpu),
                spread(cpu),
                note=f"wall {median([b['wall'] for b in builds]):.3g} s; {shape['pages']:,} pages",
            )
        )
        section.add(
            Figure(f"{name}: build per page (CPU)", build_cpu / shape["pages"] * 1000, "ms")
        )
        section.add(Figure(f"{name}: site size", shape["site_bytes"], "B"))
        section.add(Figure(f"{name}: search index", shape["index_bytes"], "B"))
        section.add(Figure(f"{name}: median page weight (HTML)", shape["median_page"], "B"))
        if factor not in generator:
            result = probe("generator", data=str(data), renders=settings.renders)
            renders = [c["cpu"] for c in result["render"]]
            generator[factor] = {"render": median(renders), "pages": result["pages"]}
        share = generator[factor]["render"] / build_cpu
        section.add(
            check(
                Figure(
                    f"{name}: render ÷ mkdocs build",
                    share * 100,
                    "%",
                    baseline="mkdocs build of the same pages",
                    ratio=share,
                ),
                share,
                RENDER_SHARE,
                "≤ 5 %",
            )
        )
        if factor != 1 and 1 in sites:
            base = sites[1]
            per_page = (build_cpu / shape["pages"]) / (base["build"] / base["pages"])
            weight = shape["median_page"] / base["median_page"]
            per_page_figure = section.add(
                Figure(
                    f"{name}: build time per page vs real data",
                    per_page,
                    "×",
                    baseline="real data, per page",
                    ratio=per_page,
                )
            )
            weight_figure = section.add(
                Figure(
                    f"{name}: median page weight vs real data",
                    weight,
                    "×",
                    baseline="real data",
                    ratio=weight,
                )
            )
            if factor == 10:  # the targets name ×10; other scales are reported
                check(per_page_figure, per_page, PER_PAGE_LIMIT, "≤ 1.3×")
                check(weight_figure, weight, WEIGHT_LIMIT, "≤ 1.2×")
    if settings.abbreviation_factor > 1 and 1 in sites:
        _abbreviations(section, settings, sites[1])
    for factor in sorted(f for f in set(generator) - set(sites) if f >= 100):
        section.notes.append(
            f"Render ÷ mkdocs build at ×{factor}: not measured in this run (site scales "
            f"{', '.join(map(str, settings.site_scales))}); `python -m bench --only "
            f"generator,site --site-scales 1,{factor}` measures it."
        )
    context["site"] = sites
    return section


def _abbreviations(section: Section, settings: Settings, real: dict[str, Any]) -> None:
    """The real pages with k times the abbreviations: what the tooltips cost per page."""
    from kb.load import load

    factor = settings.abbreviation_factor
    data = settings.abbreviation_data(factor)
    count = sum(1 for t in load(data).glossary if t.abbreviation)
    out = settings.out / f"site-abbr-x{factor}"
    timing = build(data, out)
    shape = measure_site(out)
    per_page = (timing["cpu"] / shape["pages"]) / (real["build"] / real["pages"])
    section.add(
        Figure(
            f"real pages, abbreviations ×{factor} ({count}): build per page vs real data",
            per_page,
            "×",
            1,
            baseline="real data, per page",
            ratio=per_page,
            note=f"build {timing['cpu']:.3g} s CPU, wall {timing['wall']:.3g} s",
        )
    )
    section.notes.append(
        "**Abbreviations.** Every abbreviation of the glossary is a tooltip on every page. "
        "The hook once appended all definitions to each page, and Python-Markdown's abbr "
        "processor took one per pass over that block: each page cost time in the square of "
        "the abbreviations (real pages with ×3 of them: 10.2 s instead of 1.45 s; ×10 did "
        "not finish in 15 minutes). The hook now hands them to the abbr extension's "
        f"glossary once; the row above (×{factor}) shows what a longer glossary costs now, "
        "and the scaled data multiplies abbreviations with the rest of the glossary."
    )
