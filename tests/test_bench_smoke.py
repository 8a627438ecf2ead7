"""The benchmark suite still runs: every section at a tiny size, in one process, no timing checks.

The figures of this run mean nothing (``--tiny``, probes in process); `make bench` measures.
"""

from __future__ import annotations

import pytest

from bench.__main__ import main


@pytest.mark.timeout(300)
def test_bench_runs_every_section_at_a_tiny_size(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_IN_PROCESS", "1")
    report = tmp_path / "REPORT.md"
    assert main(["--tiny", "--out", str(tmp_path / "out"), "--report", str(report)]) == 0
    text = report.read_text()
    for title in ("1. Generator", "2. Site", "3. Store", "4. Exports", "5. App"):
        assert f"## {title}" in text
    assert "the section failed" not in text
    assert "targets met" in text
