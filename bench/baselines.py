"""Bare baselines, measured in the same run as the figures they judge.

The trainer dashboard's queries written as plain SQL, and one writer's submissions as a
plain loop of the same selects, inserts and commits, both straight through the DBAPI driver
(``sqlite3``, ``psycopg``): no SQLAlchemy, no app code. A figure divided by its baseline
moves far less between two machines than the figure itself (see docs/bench.md).

The SQL here says by hand what ``quiz_app.training.dashboard`` and
``quiz_app.assessments.submit_assessment`` ask of the database; tests/bench/test_baselines.py
checks both give the same results on the same store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import make_url

DUE_SOON_DAYS = 14  # quiz_app.core.schedule.DUE_SOON_DAYS, repeated: a baseline uses no app code
OVERDUE_LIMIT = 1000


class Bare:
    """A DBAPI connection to the store at a SQLAlchemy URL, and the driver's dialect."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            self.conn: Any = sqlite3.connect(parsed.database or ":memory:", isolation_level=None)
            for pragma in (
                "busy_timeout = 30000",
                "journal_mode = WAL",
                "synchronous = NORMAL",
                "foreign_keys = ON",
            ):  # the app's engine sets the same (quiz_app/store/engine.py)
                self.conn.execute(f"PRAGMA {pragma}")
        else:
            import psycopg

            self.conn = psycopg.connect(
                host=parsed.host,
                port=parsed.port,
                user=parsed.username,
                password=parsed.password,
                dbname=parsed.database,
                options=parsed.query.get("options", ""),
                autocommit=True,
            )
            self.conn.execute("SET jit = off")  # as the app's engine sets on each connection

    def close(self) -> None:
        self.conn.close()

    def sql(self, text: str) -> str:
        """``text`` (``?`` placeholders, ``{true}`` for the boolean true) in this dialect."""
        true = "1" if self.dialect == "sqlite" else "true"
        text = text.replace("{true}", true)
        return text if self.dialect == "sqlite" else text.replace("?", "%s")

    def value(self, value: Any) -> Any:
        """A parameter as the store keeps it: SQLite holds times and days as ISO text."""
        if self.dialect != "sqlite":
            return value
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple]:
        """All rows of one query (outside a transaction: each statement on its own)."""
        cursor = self.conn.execute(self.sql(text), [self.value(v) for v in params])
        return cursor.fetchall()

    def execute(self, text: str, params: Sequence[Any] = ()) -> None:
        """One statement that returns no rows."""
        self.conn.execute(self.sql(text), [self.value(v) for v in params])

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite, as the app's): commits at
        the end of the block, rolls back on an exception."""
        self.conn.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")


def _now() -> datetime:
    """The current UTC time to the second, naive, as the store keeps it."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


# --- the trainer dashboard ----------------------------------------------------------------


def _collate(bare: Bare) -> str:
    # The app groups text byte by byte on PostgreSQL; the same query does the same.
    return ' COLLATE "C"' if bare.dialect == "postgresql" else ""


def departments(bare: Bare) -> list[tuple]:
    return bare.rows(
        "SELECT DISTINCT department FROM people "
        "WHERE department IS NOT NULL AND erased_at IS NULL ORDER BY department"
    )


def status_counts(bare: Bare, department: str | None = None) -> list[tuple]:
    """(department, module, status, count) of the open assignments, then (department,
    module, count) of the valid passes with no open assignment."""
    now = _now()
    today = now.date()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    c = _collate(bare)
    narrow = " AND p.department = ?" if department is not None else ""
    extra = [department] if department is not None else []
    open_counts = bare.rows(
        f"SELECT p.department{c} AS d, a.module_id{c} AS m, ("
        "CASE WHEN a.held_until > ? THEN (CASE WHEN a.due_on <= ? THEN 'due' "
        "ELSE 'completed' END) WHEN a.due_on < ? THEN 'overdue' "
        f"WHEN a.due_on <= ? THEN 'due' ELSE 'assigned' END){c} AS s, count(*) "
        "FROM training_assignments a JOIN people p ON p.id = a.person_id "
        f"WHERE a.closed_at IS NULL AND p.erased_at IS NULL{narrow} GROUP BY d, m, s",
        [now, soon, today, soon, *extra],
    )
    held_counts = bare.rows(
        "SELECT department, module_id, count(*) FROM ("
        "SELECT DISTINCT p.department, t.person_id, t.module_id "
        "FROM training_attempts t JOIN people p ON p.id = t.person_id "
        "WHERE t.passed IS {true} AND t.valid_until > ? AND p.erased_at IS NULL "
        "AND NOT EXISTS (SELECT a.id FROM training_assignments a WHERE "
        "a.person_id = t.person_id AND a.module_id = t.module_id AND a.closed_at IS NULL)"
        f"{narrow}) AS held GROUP BY department, module_id",
        [now, *extra],
    )
    return open_counts + held_counts


def overdue_rows(bare: Bare, limit: int = OVERDUE_LIMIT) -> list[tuple]:
    now = _now()
    return bare.rows(
        "SELECT p.id, p.external_id, p.name, p.department, a.module_id, a.due_on, "
        "a.held_until, (SELECT max(t.completed_at) FROM training_attempts t "
        "WHERE t.person_id = a.person_id AND t.module_id = a.module_id "
        "AND t.passed IS {true}) "
        "FROM training_assignments a JOIN people p ON p.id = a.person_id "
        "WHERE a.closed_at IS NULL AND a.due_on < ? AND p.erased_at IS NULL "
        "AND (a.held_until IS NULL OR a.held_until <= ?) "
        "ORDER BY a.due_on, p.external_id, a.module_id LIMIT ?",
        [now.date(), now, limit],
    )


def completions_over_time(bare: Bare, since: date, until: date) -> list[tuple]:
    day = "date(completed_at)" if bare.dialect == "sqlite" else "CAST(completed_at AS DATE)"
    start = datetime(since.year, since.month, since.day)
    end = datetime(until.year, until.month, until.day) + timedelta(days=1)
    return bare.rows(
        f"SELECT {day} AS day, passed, count(*) FROM training_attempts "
        "WHERE completed_at >= ? AND completed_at < ? GROUP BY day, passed",
        [start, end],
    )


def dashboard_queries(bare: Bare, department: str) -> dict[str, Callable[[], list[tuple]]]:
    """The bare twin of each query of :func:`bench.completions.dashboard_queries`, by the
    same name (the completion rates are Python over the status counts: no twin)."""
    today = date.today()
    return {
        "departments (filter choices)": lambda: departments(bare),
        "status counts, everyone (100,000)": lambda: status_counts(bare),
        "status counts, one department": lambda: status_counts(bare, department),
        "overdue list (as shown: the 1,000 most overdue)": lambda: overdue_rows(bare),
        "completions over time (365 days)": lambda: completions_over_time(
            bare, today - timedelta(days=365), today
        ),
    }


# --- one writer -----------------------------------------------------------------------------


def submit(bare: Bare, person_id: int, key: str, option: int, score: float) -> int:
    """What ``submit_assessment`` asks of the store for a staff result of two answers with a
    submission key, in one transaction: the key seen before? the person's draft? then the
    assessment and its answers. Returns the assessment's id."""
    with bare.transaction():
        earlier = bare.rows("SELECT id FROM assessments WHERE submission_key = ?", [key])
        if earlier:
            return earlier[0][0]
        bare.rows(
            "SELECT id FROM assessments WHERE person_id = ? AND track = ? AND status = ? "
            "ORDER BY id DESC",
            [person_id, "staff", "draft"],
        )
        now = datetime.now(UTC).replace(tzinfo=None)
        (assessment_id,) = bare.rows(
            "INSERT INTO assessments (person_id, track, status, started_at, submitted_at, "
            "score, maturity, data_version, submission_key, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id",
            [person_id, "staff", "submitted", now, now, score, None, None, key],
        )[0]
        for question, index, not_applicable in (("q1", option, False), ("q2", None, True)):
            bare.execute(
                "INSERT INTO assessment_answers (assessment_id, question_id, option_index, "
                "not_applicable) VALUES (?, ?, ?, ?)",
                [assessment_id, question, index, not_applicable],
            )
    return assessment_id


def bare_writer(
    url: str,
    person_id: int,
    account_id: int,
    prefix: str,
    count: int,
    resend_every: int,
    barrier: Any,
    results: Any,
) -> None:
    """:func:`bench.writers.writer`'s loop (same keys, same resends, same report) through
    :func:`submit`; ``account_id`` is unused (a bare loop checks no permission)."""
    import time

    bare = Bare(url)
    barrier.wait()
    start = time.time()
    resent = 0
    for n in range(count):
        again = bool(resend_every) and n % resend_every == 0
        for _ in range(2 if again else 1):
            submit(bare, person_id, f"{prefix}-{n}", n % 4, n / count)
        resent += 1 if again else 0
    end = time.time()
    bare.close()
    results.put({"start": start, "end": end, "sent": count, "resent": resent})
