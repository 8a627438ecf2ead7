"""The benchmark suite still runs: every section at a tiny size, no timing checks.

The figures of this run mean nothing (``--tiny``, probes in process); `make bench` measures.
It runs as `make bench` does, in a process of its own: the store section spawns writer
processes, which re-import the parent's main module, and inside pytest that can be a page
script an AppTest test left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import ROOT


@pytest.mark.timeout(420)
def test_bench_runs_every_section_at_a_tiny_size(tmp_path):
    report = tmp_path / "REPORT.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--out", str(tmp_path / "out")]
        + ["--report", str(report)],
        cwd=ROOT,
        env={**os.environ, "BENCH_IN_PROCESS": "1"},
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text()
    for title in (
        "1. Generator", "2. Site", "2b. Site builders", "3. Store", "4. Exports",
        "4b. Register export", "5. App",
        "6. Backups", "7. Load", "8. Reminders",
    ):  # fmt: skip
        assert f"## {title}" in text
    assert "the section failed" not in text, done.stderr[-3000:]
    assert "targets met" in text
