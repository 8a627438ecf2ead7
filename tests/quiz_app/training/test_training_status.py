"""The status rule exists once, in ``core.schedule.module_status``; the dashboard counts with
its SQL form (``training.status.status_case``). Both must give the same status for every
due date and validity around every boundary, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Date, DateTime, literal, select

from quiz_app import store
from quiz_app.core import schedule
from quiz_app.core.schedule import TrainingStatus
from quiz_app.training.status import status_case

NOW = datetime(2025, 3, 3, 9, 0, 0)
SOON = schedule.DUE_SOON_DAYS
DUE_OFFSETS = (-400, -1, 0, 1, SOON - 1, SOON, SOON + 1, 90, 400)
VALID_OFFSETS = (None, timedelta(days=-1), timedelta(seconds=-1), timedelta(0))
VALID_OFFSETS += (timedelta(seconds=1), timedelta(days=SOON), timedelta(days=365))


def test_the_sql_status_agrees_with_the_python_rule_on_every_case(store_url):
    cases = [
        (NOW.date() + timedelta(days=d), None if v is None else NOW + v)
        for d in DUE_OFFSETS
        for v in VALID_OFFSETS
    ]
    expressions = [
        status_case(literal(due, Date), literal(valid, DateTime), NOW).label(f"c{n}")
        for n, (due, valid) in enumerate(cases)
    ]
    engine = store.get_engine(store_url)
    with store.transaction(engine) as conn:
        in_sql = [TrainingStatus(value) for value in conn.execute(select(*expressions)).one()]
    in_python = [
        schedule.module_status(due_on=due, valid_until_at=valid, now=NOW) for due, valid in cases
    ]
    assert in_sql == in_python
    assert set(in_python) == set(TrainingStatus)
