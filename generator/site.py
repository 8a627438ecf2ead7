"""Build the staged docs tree into a static site with MkDocs or Zensical, all or nothing."""

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


def build_site(kb: KnowledgeBase, config: Path, out: Path, builder: str = "mkdocs") -> Path:
    """Stage the tree of ``kb``, build it with ``builder`` and swap the site in at ``out``.

    Raises:
        BuildFailed: the builder failed or is not installed; ``out`` is unchanged.
        OSError: a folder cannot be written; ``out`` is unchanged.
    """
    if builder == "zensical" and not zensical_installed():
        raise BuildFailed("Zensical is not installed (pip install -e '.[zensical]')")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        tree = work / "tree"
        stage(kb, tree, Path(config))
        built = tree / "site"
        # Material prints an end-of-life banner on every build; the tree is ready for its
        # successor, hush it.
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(
            builder_command(builder, tree / CONFIG, built), cwd=tree, env=env, check=False
        )
        if done.returncode != 0 or not (built / "index.html").is_file():
            raise BuildFailed(f"{builder} build failed")
        swap_in(built, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
