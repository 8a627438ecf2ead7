"""`mkdocs serve` (what `make serve` starts) shows a data edit without a restart."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import DATA, ROOT, free_port, wait_for

pytestmark = pytest.mark.slow

BEFORE, AFTER = "Central service for defining", "The central service for defining"


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def test_serve_rebuilds_the_page_of_an_edited_data_file(tmp_path: Path) -> None:
    """The project's mkdocs.yml, with its data/ in a copy the test may edit."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    config = config.replace(
        "  - generator/mkdocs_hook.py", f"  - {ROOT / 'generator/mkdocs_hook.py'}"
    )
    config = config.replace("watch:\n  - data\n  - generator\n", f"watch:\n  - {data}\n")
    assert str(data) in config and str(ROOT / "content") in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/services/iam/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(tmp_path / "mkdocs.yml")]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: BEFORE in _page(url), 120), "serve never showed the page"
        services = data / "services.yaml"
        text = services.read_text(encoding="utf-8")
        services.write_text(text.replace(BEFORE, AFTER, 1), encoding="utf-8")
        assert wait_for(lambda: AFTER in _page(url), 120), "the edit never reached the page"
    finally:
        server.terminate()
        server.wait(timeout=30)
