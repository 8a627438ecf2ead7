"""App pages run from the entry point with Streamlit's AppTest, as the page tests do."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench.measure import timed
from quiz_app.config import get_settings

APP = Path(__file__).resolve().parent.parent / "quiz_app" / "app.py"
PAGES = {
    "assessment": APP.parent / "app_pages" / "assessment.py",
    "trainer dashboard": APP.parent / "app_pages" / "trainer_dashboard.py",
}


def missing_pages() -> list[str]:
    return [name for name, path in PAGES.items() if not path.exists()]


def page_timings(url: str, page: str, account_id: int, runs: int) -> dict[str, Any]:
    """Seconds of ``runs`` page runs (a fresh AppTest session each; the first run of the
    process, which imports Streamlit and fills its caches, is reported apart)."""
    target = str(PAGES[page])
    before = os.environ.get("NIS2_DATABASE_URL")
    os.environ["NIS2_DATABASE_URL"] = url
    get_settings.cache_clear()
    try:
        return _runs(target, account_id, runs)
    finally:
        if before is None:
            os.environ.pop("NIS2_DATABASE_URL", None)
        else:
            os.environ["NIS2_DATABASE_URL"] = before
        get_settings.cache_clear()


def _runs(target: str, account_id: int, runs: int) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    from quiz_app import sessions, store
    from quiz_app.ui import TOKEN_KEY

    def run_once() -> tuple[float, list[str]]:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state[TOKEN_KEY] = sessions.create(store.get_engine(), account_id)
        at.run()
        seconds, _ = timed(lambda: at.switch_page(target).run())
        problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
        return seconds, problems

    cold, problems = run_once()
    warm = []
    for _ in range(runs):
        seconds, more = run_once()
        warm.append(seconds)
        problems += more
    return {"cold": cold, "runs": warm, "problems": problems[:3]}
