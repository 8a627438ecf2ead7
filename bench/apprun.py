"""App pages run from the entry point with Streamlit's AppTest, as the page tests do."""

from __future__ import annotations

import os
from collections.abc import Callable
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


EMPTY_ENTRY = """import streamlit as st

st.navigation([st.Page({home!r}, default=True), st.Page({empty!r})]).run()
"""


def empty_page_timings(runs: int) -> dict[str, Any]:
    """The baseline of :func:`page_timings`: the same harness (a fresh AppTest session, a
    first run, then the timed ``switch_page(page).run()``) on an entry point whose pages
    draw nothing, so only Streamlit's own cost of a page run is left."""
    import tempfile

    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="bench-empty-page-") as tmp:
        home, empty = Path(tmp) / "home.py", Path(tmp) / "empty.py"
        for page in (home, empty):
            page.write_text("", encoding="utf-8")
        entry = Path(tmp) / "app.py"
        entry.write_text(EMPTY_ENTRY.format(home=str(home), empty=str(empty)), encoding="utf-8")

        def run_once() -> float:
            at = AppTest.from_file(str(entry), default_timeout=120)
            at.run()
            return timed(lambda: at.switch_page(str(empty)).run())[0]

        cold = run_once()
        return {"cold": cold, "runs": [run_once() for _ in range(runs)]}


def interaction(url: str, username: str, password: str, kind: str) -> Callable[[], Any]:
    """One interaction of the load journey (``login``, ``page``, ``answer``, ``save``) in
    AppTest, set up to the moment before it; returns the call that does it (to profile).
    Sets NIS2_DATABASE_URL for the rest of the process (a probe's own, in ``make bench``)."""
    from streamlit.testing.v1 import AppTest

    os.environ["NIS2_DATABASE_URL"] = url
    get_settings.cache_clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    login = next(b for b in at.button if b.label == "Log in")
    if kind == "login":
        return lambda: login.click().run()
    login.click().run()
    if kind == "page":
        return lambda: at.switch_page(str(PAGES["assessment"])).run()
    at.switch_page(str(PAGES["assessment"])).run()
    if kind == "answer":
        question = next(r for r in at.radio if r.label.startswith("**"))
        return lambda: question.set_value(0).run()
    return lambda: at.button(key="assessment_save_draft").click().run()
