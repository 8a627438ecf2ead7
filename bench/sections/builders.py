"""MkDocs and Zensical side by side: the same staged docs tree, cold and after a data edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.measure import Figure, Section, check, median, spread
from bench.settings import Settings

TITLE = "2b. Site builders: MkDocs and Zensical on one staged tree, and in three languages"
# The site in English, German and French may take this many times the English-only build.
LANGUAGES_LIMIT = 3.5
SCALES = (1, 10)
# The one-file edit: a sentence of the first service's description (services.yaml).
EDITED = "services.yaml"
BEFORE, AFTER = "Central service for defining", "The central service for defining"


def _stage(data: Path, tree: Path) -> None:
    """Stage ``data`` into ``tree``, rewriting only the files whose content changed.

    What a re-staging ``serve`` does: the builder's own state (``site/``, Zensical's
    ``.cache``) stays, so an incremental builder can use it.
    """
    from bench.measure import ROOT
    from generator.stage import docs_tree, read_config, read_content
    from kb.load import load

    base = read_config(ROOT / "mkdocs.yml")
    files = docs_tree(load(data), base, read_content(ROOT / str(base["docs_dir"])))
    for rel, content in files.items():
        target = tree / rel
        raw = content.encode("utf-8") if isinstance(content, str) else content
        if not target.is_file() or target.read_bytes() != raw:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
    for old in (tree / "docs").rglob("*"):
        if old.is_file() and old.relative_to(tree).as_posix() not in files:
            old.unlink()


def _build(builder: str, tree: Path) -> None:
    from generator.site import builder_command

    command = builder_command(builder, tree / "mkdocs.yml", tree / "site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (tree / "site" / "index.html").is_file():
        raise RuntimeError(f"{builder} build failed: {(done.stdout + done.stderr)[-500:]}")


def _edit_and_rebuild(builder: str, data: Path, tree: Path) -> float:
    """Seconds from saving the edited file to the rebuilt site: re-stage plus build."""
    path = data / EDITED
    text = path.read_text(encoding="utf-8")
    edited = text.replace(BEFORE, AFTER, 1) if BEFORE in text else text.replace(AFTER, BEFORE, 1)
    if edited == text:
        raise RuntimeError(f"{path}: the sentence to edit is missing")
    path.write_text(edited, encoding="utf-8")
    start = time.perf_counter()
    _stage(data, tree)
    _build(builder, tree)
    return time.perf_counter() - start


def _all_languages(builder: str, data: Path, out: Path) -> float:
    """Seconds for the whole site in every language of ``data``, as ``make site`` builds it."""
    from bench.measure import ROOT
    from generator.site import build_site
    from kb.load import load

    if out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    build_site(load(data), ROOT / "mkdocs.yml", out, builder, data)
    return time.perf_counter() - start


def _languages_figure(name: str, builder: str, times: list[float], english: float) -> Figure:
    value = median(times)
    ratio = value / english
    figure = Figure(
        f"{name}: {builder}, English + German + French site",
        value,
        "s",
        len(times),
        spread(times),
        baseline=f"{builder}, English only (cold, above)",
        ratio=ratio,
    )
    return check(figure, ratio, LANGUAGES_LIMIT, f"≤ {LANGUAGES_LIMIT}× English only")


def run(settings: Settings, context: dict[str, Any]) -> Section:
    from generator.site import BUILDERS, zensical_installed

    section = Section(TITLE)
    section.notes.append(
        "Both builders build the tree `python -m generator build` stages (pages, nav, "
        "glossary, downloads). Cold = stage into an empty folder and build it in a fresh "
        "process (wall time). After a one-file edit = change one sentence in "
        f"`{EDITED}`, re-stage (only changed files are rewritten) and build again in the same "
        "folder, keeping the builder's state: the wait before `serve` shows the change. "
        "MkDocs rebuilds every page each time; Zensical keeps a cache in the tree's `.cache`. "
        "English + German + French = `python -m generator site` on the real data: the three "
        "trees staged, each built by the same builder one after the other, the German and "
        "French sites placed under the English one (wall time, beside the English-only cold "
        f"build; target ≤ {LANGUAGES_LIMIT}×; not in the tiny smoke run, which "
        "tests/generator/test_site_builders.py covers)."
    )
    builders = [b for b in BUILDERS if b != "zensical" or zensical_installed()]
    if len(builders) < len(BUILDERS):
        section.notes.append("Zensical is not installed here: only MkDocs was measured.")
    scales = [f for f in SCALES if f == 1 or settings.mode != "tiny"]
    for factor in scales:
        name = "real data" if factor == 1 else f"×{factor}"
        runs = settings.runs if factor == 1 else 1
        data = settings.out / f"builders-data-x{factor}"
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(settings.data(factor), data)
        cold: dict[str, float] = {}
        for builder in builders:
            tree = settings.out / f"builders-{builder}-x{factor}"
            times, edits = [], []
            for _ in range(runs):
                if tree.exists():
                    shutil.rmtree(tree)
                start = time.perf_counter()
                _stage(data, tree)
                _build(builder, tree)
                times.append(time.perf_counter() - start)
                edits.append(_edit_and_rebuild(builder, data, tree))
            pages = sum(1 for _ in (tree / "site").rglob("*.html"))
            cold[builder] = median(times)
            section.add(
                Figure(
                    f"{name}: {builder}, cold stage + build",
                    cold[builder],
                    "s",
                    len(times),
                    spread(times),
                    note=f"{pages:,} pages",
                )
            )
            if factor == 1 and settings.mode != "tiny":
                out = settings.out / f"builders-{builder}-languages"
                languages = [_all_languages(builder, data, out) for _ in range(runs)]
                section.add(_languages_figure(name, builder, languages, cold[builder]))
            section.add(
                Figure(
                    f"{name}: {builder}, after a one-file data edit",
                    median(edits),
                    "s",
                    len(edits),
                    spread(edits),
                )
            )
        if "zensical" in cold:
            ratio = cold["zensical"] / cold["mkdocs"]
            section.add(
                Figure(
                    f"{name}: zensical ÷ mkdocs, cold",
                    ratio,
                    "×",
                    baseline="mkdocs, same tree",
                    ratio=ratio,
                )
            )
    return section
