"""`make run` (scripts/run.sh) serves the product as it is hosted: the site in its three
languages on one port, the app on another, on a new store; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import ROOT, free_port, wait_for

pytestmark = pytest.mark.slow
VENV = ROOT / ".venv" / "bin"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def test_run_serves_the_site_in_three_languages_and_the_app(tmp_path: Path) -> None:
    if not (VENV / "streamlit").exists():
        pytest.skip("make setup has not made .venv (run.sh starts the app from it)")
    site_port, app_port = free_port(), free_port()
    site = f"http://127.0.0.1:{site_port}/"
    env = {
        **os.environ,
        "NIS2_SITE_PORT": str(site_port),
        "NIS2_APP_PORT": str(app_port),
        "NIS2_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
    }
    env.pop("NIS2_SITE_URL", None)
    env.pop("NIS2_APP_URL", None)
    run = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        german = site + "de/measures/21-2-b/"
        assert wait_for(lambda: _get(german)[0] == 200, 240), "no German page was served"
        assert "Bewältigung von Sicherheitsvorfällen" in _get(german)[1]
        assert _get(site + "fr/measures/21-2-b/")[0] == 200
        assert _get(site + "measures/21-2-b/")[0] == 200
        health = f"http://127.0.0.1:{app_port}/_stcore/health"
        assert wait_for(lambda: _get(health) == (200, "ok"), 120), "the app never answered"
    finally:
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in the terminal
        output, _ = run.communicate(timeout=60)
    assert run.returncode == 0, output
    assert _get(site)[0] == 0 and _get(health)[0] == 0  # both stopped
