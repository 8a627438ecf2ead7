"""Stores as the code before Alembic made them, filled with one record of every kind."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import MetaData, text
from store_support import seed_store

from kb.load import load
from quiz_app import assessments, authentication, store, training
from quiz_app.assessments import Answer
from quiz_app.errors import AuthenticationFailed
from quiz_app.store import legacy

NOW = datetime(2025, 3, 3, 9, 0)


def correct_answers(kb, module, wrong: int) -> dict[str, int]:
    """Answers to ``module``'s quiz with the first ``wrong`` of them wrong."""
    questions = {q.id: q for q in kb.questions}
    answers = {}
    for n, qid in enumerate(module.quiz):
        options = questions[qid].options
        right = next(i for i, o in enumerate(options) if o.correct)
        answers[qid] = right if n >= wrong else (right + 1) % len(options)
    return answers


def old_store(engine, version: int = legacy.LEGACY_HEAD) -> None:
    """A store made by the registry used before Alembic, at ``version``."""
    with store.transaction(engine) as conn:
        legacy.create_migrations_table(conn)
        for step in legacy.MIGRATIONS[:version]:
            legacy.apply_migration(conn, step)


def fill(url: str, engine) -> None:
    """People, accounts, assessments with answers, audit rows, assignments and attempts."""
    kb = load()
    s = seed_store(url, engine)
    with pytest.raises(AuthenticationFailed):
        authentication.authenticate(engine, "staff", "wrong password")
    answers = [Answer("q1", 2), Answer("q2", None, True)]
    staff = s.staff.person_id
    assessments.submit_assessment(
        engine,
        s.staff,
        person_id=staff,
        track="staff",
        answers=answers,
        score=0.5,
        maturity="basic",
        submission_key="k1",
    )
    with store.transaction(engine) as conn:  # a draft, in the columns every revision has
        conn.execute(
            text(
                "INSERT INTO assessments (person_id, track, status, started_at)"
                " VALUES (:p, 'staff', 'draft', :t)"
            ),
            {"p": staff, "t": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO assessment_answers (assessment_id, question_id, option_index,"
                " not_applicable) SELECT id, 'q1', 2, FALSE FROM assessments WHERE status = 'draft'"
            )
        )
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    training.assign(
        engine,
        s.trainer,
        hygiene,
        training.AssignTarget("audience"),
        due_on=date(2025, 4, 30),
        now=NOW,
    )
    start = NOW + timedelta(days=1)
    for wrong in (3, 0):
        training.record_attempt(
            engine,
            s.staff,
            kb,
            hygiene,
            correct_answers(kb, hygiene, wrong=wrong),
            started_at=start,
            now=start + timedelta(minutes=10),
        )


def contents(engine) -> dict[str, list[tuple]]:
    """Every row of every table the store holds (not the version tables), in key order.

    The tables are read from the database, not from the declared ones, so a store at an
    earlier revision can be compared before and after an upgrade.
    """
    md = MetaData()
    with store.transaction(engine) as conn:
        md.reflect(conn)
        return {
            table.name: [
                tuple(row) for row in conn.execute(table.select().order_by(*table.primary_key))
            ]
            for table in md.sorted_tables
            if table.name not in ("alembic_version", legacy.MIGRATIONS_TABLE)
        }


def as_before(after: dict[str, list[tuple]], before: dict[str, list[tuple]]) -> dict:
    """``after`` (contents of the store upgraded since ``before``) seen with ``before``'s
    tables and columns: new columns come last, new tables must be empty."""
    new_tables = {name: rows for name, rows in after.items() if name not in before}
    assert all(rows == [] for rows in new_tables.values()), new_tables
    width = {name: len(rows[0]) for name, rows in before.items() if rows}
    return {
        name: [row[: width.get(name, len(row))] for row in rows]
        for name, rows in after.items()
        if name in before
    }
