"""Paths and helpers shared by the generator and site tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
GOLDEN = Path(__file__).resolve().parent / "golden"


def copy_minimal(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid data set."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


TEST_REPO_URL = "https://example.org/team/nis2-kb"


def build_site(
    out: Path, data: Path = DATA, builder: str = "mkdocs", site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m generator site`` for ``data`` into ``out`` with ``builder``, with edit links
    to the example repository :data:`TEST_REPO_URL` (the project's own is set by whoever hosts it)
    and mkdocs.yml's default address unless ``site_url`` is given ("" for none)."""
    command = [sys.executable, "-m", "generator", "site", "--data", str(data), "--out", str(out)]
    env = {**os.environ, "NIS2_REPO_URL": TEST_REPO_URL}
    if site_url is not None:
        env["NIS2_SITE_URL"] = site_url
    return subprocess.run(
        [*command, "--builder", builder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], bool], seconds: float) -> bool:
    """Whether ``check()`` came true within ``seconds`` (asked once a second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(1)
    return False
