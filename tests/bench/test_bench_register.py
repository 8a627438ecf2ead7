"""The register's bench section still runs (tiny size, probes in process, no timing checks;
`python -m bench --only register` measures 180,000 assignments)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import ROOT


@pytest.mark.timeout(120)
def test_the_register_section_runs_and_reports_its_ratio_and_memory(tmp_path):
    report = tmp_path / "REPORT.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--only", "register"]
        + ["--out", str(tmp_path / "out"), "--report", str(report)],
        cwd=ROOT,
        env={**os.environ, "BENCH_IN_PROCESS": "1"},
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text()
    assert "## 4b. Register export (XLSX)" in text and "the section failed" not in text
    assert "| register xlsx: project writer (CPU) |" in text and "≤ 1.5× bare" in text
    assert "process peak ≤ 300 MiB" in text
