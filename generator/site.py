"""Build the staged docs trees into a static site with MkDocs or Zensical, all or nothing.

Each language's tree is built on its own, the translations' sites then placed in the English
one (``site/de/``), so one builder run sees one language: MkDocs and Zensical alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.model import KnowledgeBase

from .stage import CONFIG, stage
from .write import swap_in

BUILDERS = ("mkdocs", "zensical")


class BuildFailed(Exception):
    """The builder stopped with an error; its own output says why."""


def zensical_installed() -> bool:
    """Whether the optional Zensical builder (``pip install -e .[zensical]``) is here."""
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


def builder_command(builder: str, config: Path, site_dir: Path) -> list[str]:
    """The command that builds the tree whose config is ``config`` into ``site_dir``.

    Zensical takes the site folder from the config only (the staged config names it).
    """
    if builder == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
        return command + ["--config-file", str(config), "--site-dir", str(site_dir)]
    if builder == "zensical":
        return [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)]
    raise ValueError(f"unknown builder {builder!r}; choose from {', '.join(BUILDERS)}")


def language_folders(tree: Path) -> list[str]:
    """The staged translations' folders under ``tree`` (``de``, ``fr``): each has a config."""
    return sorted(p.parent.name for p in Path(tree).glob(f"*/{CONFIG}"))


def build_site(
    kb: KnowledgeBase,
    config: Path,
    out: Path,
    builder: str = "mkdocs",
    data_dir: Path | None = None,
) -> Path:
    """Stage the trees of ``kb``, build them with ``builder`` and swap the site in at ``out``.

    The English site is the root of ``out``; each translation in ``data_dir`` its folder.

    Raises:
        BuildFailed: the builder failed or is not installed; ``out`` is unchanged.
        OSError: a folder cannot be written; ``out`` is unchanged.
        DataError: the translations are invalid; ``out`` is unchanged.
    """
    if builder == "zensical" and not zensical_installed():
        raise BuildFailed("Zensical is not installed (pip install -e '.[zensical]')")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        tree = work / "tree"
        stage(kb, tree, Path(config), data_dir=data_dir)
        built = tree / "site"
        folders = language_folders(tree)
        for folder in ["", *folders]:
            _build(builder, tree / folder)
        for folder in folders:
            (tree / folder / "site").rename(built / folder)
        swap_in(built, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _build(builder: str, tree: Path) -> None:
    """Build the one-language tree in ``tree`` into ``tree/site``."""
    # Material prints an end-of-life banner on every build; the tree is ready for its
    # successor, hush it.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = tree / "site"
    done = subprocess.run(
        builder_command(builder, tree / CONFIG, built), cwd=tree, env=env, check=False
    )
    if done.returncode != 0 or not (built / "index.html").is_file():
        where = f" ({tree.name})" if tree.name != "tree" else ""
        raise BuildFailed(f"{builder} build failed{where}")
