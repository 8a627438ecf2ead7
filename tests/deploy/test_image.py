"""The container image, checked without Docker: the app stage's files, laid out as the
Dockerfile copies them, must run the app's pages and find the knowledge base's data.

Docker has no engine on every machine (``.ci/run`` builds the image only where it has), so
this test reproduces the ``app`` stage's ``COPY`` lines and ``ENV`` in a temporary folder and
runs the entry point and a page there with Streamlit's AppTest, as the image would.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"

pytestmark = pytest.mark.deploy


def _stages(text: str) -> dict[str, list[str]]:
    """Each build stage's instructions (continuation lines joined), by stage name."""
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for line in re.sub(r"\\\n\s*", " ", text).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = re.match(r"FROM\s+\S+\s+AS\s+(\S+)", line, re.IGNORECASE)
        if found:
            current = stages.setdefault(found.group(1), [])
        current.append(line)
    return stages


def _copies(stage: list[str]) -> list[tuple[list[str], str]]:
    """The stage's ``COPY`` lines from the build context: (sources, destination)."""
    found = []
    for line in stage:
        words = shlex.split(line)
        if words[0].upper() == "COPY" and not any(w.startswith("--from") for w in words):
            found.append((words[1:-1], words[-1]))
    return found


def _env(stage: list[str]) -> dict[str, str]:
    env = {}
    for line in stage:
        words = shlex.split(line)
        if words[0].upper() == "ENV":
            env.update(w.split("=", 1) for w in words[1:])
    return env


def test_every_file_the_dockerfile_copies_exists() -> None:
    stages = _stages(DOCKERFILE.read_text(encoding="utf-8"))
    missing = [
        f"{name}: {source}"
        for name, stage in stages.items()
        for sources, _ in _copies(stage)
        for source in sources
        if not (ROOT / source).exists()
    ]
    assert missing == []


def _lay_out_app_stage(target: Path) -> dict[str, str]:
    """Copy what the ``app`` stage copies into ``target`` (its WORKDIR); its ENV, mapped."""
    stage = _stages(DOCKERFILE.read_text(encoding="utf-8"))["app"]
    workdir = next(shlex.split(line)[1] for line in stage if line.upper().startswith("WORKDIR"))
    for sources, destination in _copies(stage):
        for source in sources:
            dest = target / destination.removeprefix(workdir).lstrip("/")
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, dest, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / source, dest)
    env = _env(stage)
    return {k: v.replace(workdir, str(target)) for k, v in env.items() if k != "PATH"}


PAGE_RUN = """
import json, sys
from streamlit.testing.v1 import AppTest
import kb.load
from quiz_app import accounts, sessions, store
from quiz_app.authz import Role
from quiz_app.ui import TOKEN_KEY
engine = store.get_engine()
admin = accounts.create_first_admin(engine, username="admin", password="image test password")
at = AppTest.from_file("quiz_app/app.py", default_timeout=60)
at.session_state[TOKEN_KEY] = sessions.create(engine, admin.account_id, client_hint="image")
at.run()
at.switch_page("app_pages/scope_checker.py").run()
print(json.dumps({
    "data": str(kb.load.DEFAULT_DATA_DIR),
    "problems": [str(e.value) for e in at.exception] + [str(e.value) for e in at.error],
    "titles": [t.value for t in at.title],
}))
"""


@pytest.mark.slow
def test_the_app_stage_runs_a_page_from_its_own_files(tmp_path: Path) -> None:
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    env = {
        **os.environ,
        **_lay_out_app_stage(app_dir),
        "NIS2_DATABASE_URL": f"sqlite:///{tmp_path / 'image.db'}",
    }
    upgrade = subprocess.run(
        [sys.executable, "-m", "quiz_app", "db", "upgrade"],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    done = subprocess.run(
        [sys.executable, "-c", PAGE_RUN],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["problems"] == []
    assert result["titles"] == ["Scope checker"]
    # The knowledge base is read from the image's data/, not from a source tree elsewhere.
    assert Path(result["data"]) == app_dir / "data"
