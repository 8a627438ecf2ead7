"""The store: engine creation, SQLite settings, transactions, assessments."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from quiz_app import assessments, store
from quiz_app.assessments import Answer
from quiz_app.config import PROJECT_ROOT, get_settings
from quiz_app.errors import ConfigError, InvalidInput, PermissionDenied, StoreUnavailable

ANSWERS = [Answer("q1", 0), Answer("q2", 2), Answer("q3", None, not_applicable=True)]


def _count(engine, table) -> int:
    with store.transaction(engine) as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_default_url_is_sqlite_under_var(monkeypatch):
    monkeypatch.delenv("NIS2_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    assert store.database_url() == f"sqlite:///{PROJECT_ROOT / 'var' / 'nis2.db'}"
    monkeypatch.setenv("NIS2_DATABASE_URL", "sqlite:////tmp/x.db")
    get_settings.cache_clear()
    assert store.database_url() == "sqlite:////tmp/x.db"


def test_sqlite_file_is_created_with_wal_busy_timeout_and_foreign_keys(tmp_path):
    engine = store.get_engine(f"sqlite:///{tmp_path / 'sub' / 'new.db'}")
    with store.transaction(engine) as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}
    assert (tmp_path / "sub" / "new.db").exists()
    assert store.get_engine(f"sqlite:///{tmp_path / 'sub' / 'new.db'}") is engine
    store.dispose_engines()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("::nonsense", "malformed database URL '::nonsense'"),
        ("mysql://u@h/db", "unsupported database 'mysql' in database URL"),
    ],
)
def test_bad_urls_raise_config_error(url, message):
    with pytest.raises(ConfigError, match=message):
        store.get_engine(url)


def test_unreachable_postgres_raises_store_unavailable():
    engine = store.create_store_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(StoreUnavailable, match="cannot open database"):
        store.check_available(engine)


def test_submit_writes_assessment_and_answers_together(people_store):
    s = people_store
    aid = assessments.submit_assessment(
        s.engine,
        s.staff,
        person_id=s.staff.person_id,
        track="staff",
        answers=ANSWERS,
        score=0.5,
        maturity="developing",
        data_version="v1",
    )
    [summary] = assessments.list_assessments_for(s.engine, s.staff, s.staff.person_id)
    assert (summary.id, summary.status, summary.score) == (aid, "submitted", 0.5)
    assert assessments.get_answers(s.engine, s.staff, aid) == ANSWERS


def test_draft_becomes_the_submission(people_store):
    s = people_store
    kwargs = {"person_id": s.staff.person_id, "track": "staff"}
    draft = assessments.save_draft(s.engine, s.staff, answers=ANSWERS[:1], **kwargs)
    again = assessments.save_draft(s.engine, s.staff, answers=ANSWERS[:2], **kwargs)
    assert (again.id, again.revision) == (draft.id, draft.revision + 1)
    submitted = assessments.submit_assessment(
        s.engine, s.staff, answers=ANSWERS, score=1.0, maturity="managed", **kwargs
    )
    assert submitted == draft.id
    [only] = assessments.list_assessments_for(s.engine, s.staff, s.staff.person_id)
    assert only.status == "submitted"
    assert len(assessments.get_answers(s.engine, s.staff, draft.id)) == 3


def test_same_submission_key_is_stored_once(people_store):
    s = people_store
    kwargs = {
        "person_id": s.staff.person_id,
        "track": "staff",
        "answers": ANSWERS,
        "score": 0.1,
        "maturity": None,
        "submission_key": "form-1",
    }
    first = assessments.submit_assessment(s.engine, s.staff, **kwargs)
    assert assessments.submit_assessment(s.engine, s.staff, **kwargs) == first
    assert _count(s.engine, store.assessments) == 1


def test_failure_in_the_middle_of_a_submission_leaves_nothing(people_store, monkeypatch):
    s = people_store
    real_insert = assessments._insert_answers

    def insert_two_then_fail(conn, assessment_id, answers):
        real_insert(conn, assessment_id, list(answers)[:2])
        raise RuntimeError("disk full")

    monkeypatch.setattr(assessments, "_insert_answers", insert_two_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        assessments.submit_assessment(
            s.engine,
            s.staff,
            person_id=s.staff.person_id,
            track="staff",
            answers=ANSWERS,
            score=0.5,
            maturity=None,
        )
    assert _count(s.engine, store.assessments) == 0
    assert _count(s.engine, store.assessment_answers) == 0


def test_a_crash_in_the_middle_of_a_write_leaves_nothing(people_store):
    s = people_store
    code = f"""
import os
from quiz_app import store
engine = store.get_engine({s.url!r})
with store.transaction(engine) as conn:
    conn.execute(store.assessments.insert().values(
        person_id={s.staff.person_id}, track="staff", status="submitted",
        started_at=store.utcnow()))
    os._exit(9)
"""
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 9
    assert _count(s.engine, store.assessments) == 0


def test_duplicate_answers_are_refused_before_writing(people_store):
    s = people_store
    with pytest.raises(InvalidInput, match="question 'q1' is answered twice"):
        assessments.submit_assessment(
            s.engine,
            s.staff,
            person_id=s.staff.person_id,
            track="staff",
            answers=[Answer("q1", 0), Answer("q1", 1)],
            score=None,
            maturity=None,
        )
    assert _count(s.engine, store.assessments) == 0


def test_nobody_reads_or_writes_another_persons_results(people_store):
    s = people_store
    aid = assessments.submit_assessment(
        s.engine,
        s.staff,
        person_id=s.staff.person_id,
        track="staff",
        answers=ANSWERS,
        score=0.5,
        maturity=None,
    )
    for other in (s.manager, s.trainer, s.admin):
        with pytest.raises(PermissionDenied, match="only see and change your own records"):
            assessments.list_assessments_for(s.engine, other, s.staff.person_id)
        with pytest.raises(PermissionDenied):
            assessments.get_answers(s.engine, other, aid)
        with pytest.raises(PermissionDenied):
            assessments.submit_assessment(
                s.engine,
                other,
                person_id=s.staff.person_id,
                track="staff",
                answers=[],
                score=None,
                maturity=None,
            )


def test_team_aggregates_hide_small_groups(people_store):
    s = people_store
    for actor in (s.staff, s.trainer):
        assessments.submit_assessment(
            s.engine,
            actor,
            person_id=actor.person_id,
            track="staff",
            answers=ANSWERS,
            score=0.4,
            maturity="basic",
        )
    [ops] = assessments.team_aggregates(s.engine, s.manager)
    assert (ops.department, ops.head_count, ops.mean_score, ops.maturity_counts) == (
        "Operations",
        "fewer than 3",
        None,
        None,
    )
    assessments.submit_assessment(
        s.engine,
        s.manager,
        person_id=s.manager.person_id,
        track="staff",
        answers=ANSWERS,
        score=1.0,
        maturity="managed",
    )
    figures = {
        (f.department, f.management_body): f
        for f in assessments.team_aggregates(s.engine, s.manager)
    }
    assert figures[("Operations", False)].mean_score is None  # still two people
    with pytest.raises(PermissionDenied):
        assessments.team_aggregates(s.engine, s.staff)
