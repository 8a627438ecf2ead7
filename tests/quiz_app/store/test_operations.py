"""docs/operations.md: every line of its `sh` blocks runs, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from store_support import PASSWORD, seed_store
from support import ROOT

from quiz_app import store
from quiz_app.store import migrations

DOC = ROOT / "docs" / "operations.md"


def shell_lines() -> list[str]:
    """The command lines of the page's ```sh blocks, in order."""
    blocks = re.findall(r"^```sh\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_page_shows_backup_verify_restore_and_a_restore_test():
    text = " ".join(shell_lines())
    for command in ("db backup", "db verify", "db restore", "users list"):
        assert command in text


@pytest.mark.timeout(300)
def test_the_operations_page_commands_run(store_url, tmp_path):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    seed_store(store_url, engine)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"  # the doc's `python` is this test's interpreter
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o700)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "NIS2_DATABASE_URL": store_url,
        "NIS2_PASSWORD": PASSWORD,
    }
    for line in shell_lines():
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", line],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
    assert list((tmp_path / "var").glob("restore-test.db*")) == []
    assert len(list((tmp_path / "var" / "backups").iterdir())) == 1
