"""The committed `.streamlit/config.toml`: what `streamlit run` from the project root uses.

AppTest does not read it, so the file's content is checked here, then a real `streamlit run`
from the project root is started to prove Streamlit reads it and the app still starts.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
EXPECTED = {
    "browser.gatherUsageStats": False,
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "server.maxUploadSize": 20,
    "server.enableXsrfProtection": True,
    # A full garbage collection after every script run held 92 % of a replica's CPU under
    # load (issue 14; `make bench` measures the load section with the committed file).
    "runner.postScriptGC": False,
    # No file watcher per session in production: the code does not change under a replica.
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
}


def _flat(config: dict) -> dict:
    return {f"{section}.{k}": v for section, options in config.items() for k, v in options.items()}


def test_config_hardens_the_deployed_app() -> None:
    settings = _flat(tomllib.loads(CONFIG.read_text(encoding="utf-8")))
    assert {k: settings.get(k) for k in EXPECTED} == EXPECTED


def test_config_is_committed_and_secrets_stay_ignored() -> None:
    def ignored(path: str) -> bool:
        result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        return result.returncode == 0

    assert not ignored(".streamlit/config.toml")
    assert ignored(".streamlit/secrets.toml")


def test_streamlit_run_from_the_project_root_reads_it() -> None:
    probe = (
        "from streamlit import config; config.get_config_options(force_reparse=True); "
        f"print(repr([config.get_option(k) for k in {list(EXPECTED)!r}]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(list(EXPECTED.values()))


@pytest.mark.slow
def test_the_app_starts_with_it(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NIS2_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    command = [sys.executable, "-m", "streamlit", "run", "quiz_app/app.py"]
    command += ["--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}"]
    log = tmp_path / "streamlit.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        assert _healthy(f"http://127.0.0.1:{port}", process), log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    return False
