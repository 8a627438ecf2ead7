"""Migrations: registry, one transaction per step, upgrades keep every record."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, func, inspect, select, text

from quiz_app import accounts, assessments, people, store
from quiz_app.assessments import Answer
from quiz_app.authz import Role
from quiz_app.errors import MigrationError
from quiz_app.store import migrations


def _counts(engine) -> dict[str, int]:
    md = MetaData()
    with store.transaction(engine) as conn:
        md.reflect(conn)
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in md.sorted_tables
        }


def _fill_first_schema(engine) -> None:
    admin = accounts.create_first_admin(engine, username="admin", password="x" * 12)
    for n in range(3):
        pid = people.create_person(engine, admin, external_id=f"E{n}", name=f"Person {n}")
        accounts.create_account(
            engine, admin, username=f"u{n}", role=Role.STAFF, password="y" * 12, person_id=pid
        )
        me = accounts.load_actor(engine, accounts.account_id_for(engine, f"u{n}"))
        assessments.submit_assessment(
            engine,
            me,
            person_id=pid,
            track="staff",
            answers=[Answer("q1", n)],
            score=n / 2,
            maturity=None,
        )


def test_new_store_is_brought_to_head_once(store_url):
    engine = store.get_engine(store_url)
    assert migrations.current_version(engine) == 0
    assert migrations.upgrade(engine) == list(range(1, migrations.head_version() + 1))
    assert migrations.upgrade(engine) == []
    assert migrations.current_version(engine) == migrations.head_version()


def test_upgrade_from_the_first_schema_keeps_every_record(store_url):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine, target=1)
    _fill_first_schema(engine)
    before = _counts(engine)

    def add_column(conn):
        conn.exec_driver_sql("ALTER TABLE people ADD COLUMN preferred_language VARCHAR(10)")

    registry = [*migrations.MIGRATIONS[:1], migrations.Migration(2, "language", add_column)]
    assert migrations.upgrade(engine, migrations=registry) == [2]
    after = _counts(engine)
    assert after.pop("schema_migrations") == before.pop("schema_migrations") + 1
    assert after == before
    assert before["assessments"] == 3 and before["people"] == 3


def test_failed_migration_is_rolled_back_with_its_record(store_url):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    head = migrations.head_version()

    def half_done(conn):
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    registry = [*migrations.MIGRATIONS, migrations.Migration(head + 1, "broken", half_done)]
    with pytest.raises(MigrationError, match=rf"^migration {head + 1} \(broken\) failed and"):
        migrations.upgrade(engine, migrations=registry)
    assert migrations.current_version(engine) == head
    with store.transaction(engine) as conn:
        assert not inspect(conn).has_table("half_done")


def test_a_store_newer_than_the_code_is_refused(store_url):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    with store.transaction(engine) as conn:
        conn.execute(
            text("INSERT INTO schema_migrations VALUES (99, 'future', :at)"), {"at": store.utcnow()}
        )
    with pytest.raises(MigrationError, match="newer than this app"):
        migrations.upgrade(engine)


def test_registry_versions_must_be_consecutive(sqlite_url):
    engine = store.get_engine(sqlite_url)
    registry = [migrations.Migration(2, "gap", lambda conn: None)]
    with pytest.raises(MigrationError, match="must be 1, 2, 3"):
        migrations.upgrade(engine, migrations=registry)


def test_live_tables_match_the_migrated_schema(store_engine):
    with store.transaction(store_engine) as conn:
        insp = inspect(conn)
        for table in store.metadata.sorted_tables:
            assert {c["name"] for c in insp.get_columns(table.name)} == set(table.columns.keys())


def test_upgrade_to_3_records_the_validity_each_open_assignment_was_opened_with(store_url):
    """Migration 3 fills held_until from the passes, so the dashboard counts as before."""
    from datetime import datetime

    from quiz_app import training

    engine = store.get_engine(store_url)
    migrations.upgrade(engine, target=2)
    admin = accounts.create_first_admin(engine, username="admin", password="x" * 12)
    pids = [people.create_person(engine, admin, external_id=f"E{n}", name=f"P{n}") for n in (1, 2)]
    valid = datetime(2099, 1, 1)
    with store.transaction(engine) as conn:
        conn.execute(
            text(
                "INSERT INTO training_attempts (person_id, module_id, module_version, attempt_no,"
                " started_at, completed_at, duration_seconds, score_raw, score_max, pass_mark,"
                " passed, valid_until) VALUES (:p, 'm', '1', 1, :t, :t, 60, 5, 5, 0.8, TRUE, :v)"
            ),
            {"p": pids[0], "t": datetime(2025, 1, 1), "v": valid},
        )
        for pid in pids:
            conn.execute(
                text(
                    "INSERT INTO training_assignments (person_id, module_id, assigned_at, due_on,"
                    " reason) VALUES (:p, 'm', :t, :d, 'renewal')"
                ),
                {"p": pid, "t": datetime(2025, 1, 1), "d": datetime(2025, 2, 1).date()},
            )
    assert migrations.upgrade(engine) == list(range(3, migrations.head_version() + 1))
    a = training.training_assignments
    with store.transaction(engine) as conn:
        held = dict(conn.execute(select(a.c.person_id, a.c.held_until)).all())
    assert held == {pids[0]: valid, pids[1]: None}
    accounts.create_account(engine, admin, username="t", role=Role.TRAINER, password="z" * 12)
    trainer = accounts.load_actor(engine, accounts.account_id_for(engine, "t"))
    now = datetime(2025, 6, 1)
    counts = training.status_counts(engine, trainer, now=now)
    # P1 holds a valid pass but its renewal is past due: due (to renew); P2 never passed.
    assert {(c.status.value, c.count) for c in counts} == {("due", 1), ("overdue", 1)}
    rows = training.status_rows(engine, trainer, now=now)
    assert training.completion_rates(counts, "module") == training.completion_rates(rows, "module")
