"""Paths and helpers shared by the generator and site tests."""

from __future__ import annotations

import shutil
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
