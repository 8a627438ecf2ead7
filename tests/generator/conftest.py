"""Generator fixtures: the real site, built once per session exactly as ``make site`` builds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    result = build_site(out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out
