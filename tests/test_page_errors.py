"""Unexpected errors on a page: one sentence and an error id, never a traceback or SQL."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from sqlalchemy.exc import OperationalError
from store_support import log_in
from streamlit.testing.v1 import AppTest

from quiz_app import self_assessment

APP = Path(__file__).resolve().parent.parent / "quiz_app" / "app.py"
SQL = "SELECT people.email FROM people WHERE people.name = %(name)s"


def test_a_database_error_on_a_page_shows_a_sentence_and_an_id(
    sqlite_people_store, monkeypatch, caplog
):
    s = sqlite_people_store
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)

    def broken(*args, **kwargs):
        raise OperationalError(SQL, {"name": "Sam Staff"}, Exception("server closed"))

    monkeypatch.setattr(self_assessment, "team_area_averages", broken)
    at = AppTest.from_file(str(APP), default_timeout=60)
    log_in(at, s.engine, s.manager.account_id)
    at.run()
    with caplog.at_level(logging.ERROR, logger="quiz_app"):
        at.switch_page(str(APP.parent / "app_pages" / "team.py")).run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    match = re.search(r"error id ([0-9a-f]{8})\.$", error)
    assert match and error.startswith("Something went wrong on our side")
    shown = " ".join(str(el.value) for el in at.main if hasattr(el, "value"))
    assert "SELECT" not in shown and "Sam Staff" not in shown
    [logged] = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert SQL in logged.exc_text or SQL in str(logged.exc_info[1])
