"""Migrations with Alembic: new stores, stores of the old registry, drift, refusals, failures."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from migration_support import as_before, contents, fill, old_store
from sqlalchemy import CheckConstraint, MetaData, inspect, select, text
from sqlalchemy.exc import DBAPIError
from store_support import seed_store

from quiz_app import audit, store, training
from quiz_app.errors import MigrationError
from quiz_app.store import migrations


def schema(engine) -> dict:
    """What the store holds, object for object: columns, keys, constraints, indexes, triggers."""
    with store.transaction(engine) as conn:
        insp = inspect(conn)
        tables = {
            name: (
                [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)],
                insp.get_pk_constraint(name),
                sorted(map(repr, insp.get_foreign_keys(name))),
                sorted(map(repr, insp.get_unique_constraints(name))),
                sorted(
                    (i["name"], i["column_names"], bool(i["unique"]))
                    for i in insp.get_indexes(name)
                ),
                sorted(map(repr, insp.get_check_constraints(name))),
            )
            for name in insp.get_table_names()
            if name not in ("alembic_version", "schema_migrations")
        }
        return {"tables": tables, "triggers": triggers(conn)}


def triggers(conn) -> list[str]:
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    else:
        sql = (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid::regclass::text = 'audit_log' ORDER BY tgname"
        )
    return [row[0] for row in conn.exec_driver_sql(sql)]


def assert_audit_log_is_append_only(engine) -> None:
    with store.transaction(engine) as conn:
        audit.record(conn, None, "check", "audit_log", {})
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with (
            pytest.raises(DBAPIError, match="audit_log is append-only"),
            store.transaction(engine) as conn,
        ):
            conn.exec_driver_sql(statement)


def _where(clause) -> str:
    return re.sub(r"[()\s]", "", str(clause)).lower() if clause is not None else ""


def index_conditions(engine) -> dict[str, str]:
    """Each index's WHERE clause (partial indexes), which Alembic does not compare."""
    key = f"{engine.dialect.name}_where"
    with store.transaction(engine) as conn:
        insp = inspect(conn)
        return {
            i["name"]: _where(i.get("dialect_options", {}).get(key))
            for t in store.metadata.sorted_tables
            for i in insp.get_indexes(t.name)
            if "duplicates_constraint" not in i  # PostgreSQL's index behind a UNIQUE
        }


def declared_index_conditions(dialect: str) -> dict[str, str]:
    return {
        i.name: _where(i.dialect_options[dialect]["where"])
        for t in store.metadata.sorted_tables
        for i in t.indexes
    }


def check_constraints(engine) -> dict[str, set[str]]:
    """Per table, the names of its CHECK constraints (which Alembic does not compare)."""
    with store.transaction(engine) as conn:
        insp = inspect(conn)
        return {
            t.name: {c["name"] for c in insp.get_check_constraints(t.name)}
            for t in store.metadata.sorted_tables
        }


def declared_check_constraints() -> dict[str, set[str]]:
    return {
        t.name: {c.name for c in t.constraints if isinstance(c, CheckConstraint)}
        for t in store.metadata.sorted_tables
    }


def assert_no_drift(engine) -> None:
    assert migrations.drift(engine) == []
    assert check_constraints(engine) == declared_check_constraints()
    assert index_conditions(engine) == declared_index_conditions(engine.dialect.name)


def test_new_store_is_brought_to_head_once(store_url):
    engine = store.get_engine(store_url)
    assert migrations.current_version(engine) is None
    assert migrations.needs_upgrade(engine)
    ran = migrations.upgrade(engine)
    assert ran[0] == migrations.BASELINE and ran[-1] == migrations.head_version()
    assert migrations.upgrade(engine) == []
    assert migrations.current_version(engine) == migrations.head_version()
    assert not migrations.needs_upgrade(engine)


def test_the_declared_tables_are_the_migrated_schema(store_engine):
    assert_no_drift(store_engine)
    assert_audit_log_is_append_only(store_engine)


def test_a_store_of_the_old_registry_is_adopted_and_loses_nothing(store_url):
    engine = store.get_engine(store_url)
    old_store(engine)
    fill(store_url, engine)
    before, old_schema = contents(engine), schema(engine)
    assert {t: len(rows) for t, rows in before.items() if len(rows) == 0} == {}
    assert migrations.needs_upgrade(engine)

    assert migrations.upgrade(engine, target=migrations.BASELINE) == [migrations.BASELINE]
    assert contents(engine) == before
    assert schema(engine) == old_schema
    with store.transaction(engine) as conn:
        assert not inspect(conn).has_table("schema_migrations")
    migrations.upgrade(engine)
    assert migrations.current_version(engine) == migrations.head_version()
    assert_no_drift(engine)
    assert_audit_log_is_append_only(engine)


def schema_after(*, old: bool, engine) -> dict:
    """The schema of ``engine``'s store made the old way or the new way (then emptied)."""
    if old:
        old_store(engine)
    migrations.upgrade(engine)
    result = schema(engine)
    with store.transaction(engine) as conn:
        for table in reversed(store.metadata.sorted_tables):
            conn.exec_driver_sql(f"DROP TABLE {table.name}")
        conn.exec_driver_sql("DROP TABLE alembic_version")
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP FUNCTION audit_log_append_only()")
    return result


def test_new_and_adopted_stores_hold_the_same_schema(store_url):
    engine = store.get_engine(store_url)
    adopted = schema_after(old=True, engine=engine)
    assert schema_after(old=False, engine=engine) == adopted


def test_a_store_at_old_version_2_gets_the_old_step_3_then_is_adopted(store_url):
    """Old step 3 fills held_until from the passes, so the dashboard counts as before."""
    engine = store.get_engine(store_url)
    old_store(engine, version=2)
    s = seed_store(store_url, engine)
    pids = [s.staff.person_id, s.manager.person_id]
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
                {"p": pid, "t": datetime(2025, 1, 1), "d": date(2025, 2, 1)},
            )
    assert migrations.upgrade(engine)[:2] == ["legacy-3", migrations.BASELINE]
    a = store.training_assignments
    with store.transaction(engine) as conn:
        held = dict(conn.execute(select(a.c.person_id, a.c.held_until)).all())
    assert held == {pids[0]: valid, pids[1]: None}
    counts = training.status_counts(engine, s.trainer, now=datetime(2025, 6, 1))
    # The staff member holds a valid pass but its renewal is past due; the manager never passed.
    assert {(c.status.value, c.count) for c in counts} == {("due", 1), ("overdue", 1)}
    assert_no_drift(engine)


def test_a_store_newer_than_the_code_is_refused(store_url):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    with store.transaction(engine) as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    head = migrations.head_version()
    newer = f"the database is at schema version 9999, newer than this app (version {head})"
    with pytest.raises(MigrationError, match=re.escape(newer)):
        migrations.upgrade(engine)
    with pytest.raises(MigrationError, match="newer than this app"):
        migrations.require_current(engine)


def test_a_store_of_an_unknown_old_version_is_refused(store_url):
    engine = store.get_engine(store_url)
    old_store(engine)
    with store.transaction(engine) as conn:
        conn.execute(
            text("INSERT INTO schema_migrations VALUES (4, 'future', :at)"), {"at": store.utcnow()}
        )
    with pytest.raises(MigrationError, match="schema version legacy-4, newer than this app"):
        migrations.upgrade(engine)
    with store.transaction(engine) as conn:
        assert not inspect(conn).has_table("alembic_version")


BROKEN = '''"""broken"""
from alembic import op

revision = "NEXT"
down_revision = "HEAD"


def upgrade():
    op.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
    op.execute("INSERT INTO people (external_id) VALUES ('x')")
'''

LANGUAGE = '''"""preferred language"""
import sqlalchemy as sa
from alembic import op

revision = "NEXT"
down_revision = "HEAD"


def upgrade():
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("preferred_language", sa.String(10)))
'''


def after_head(revision: str) -> tuple[str, str]:
    """A revision's text made to follow the head revision; and its id."""
    head = migrations.head_version()
    following = f"{int(head) + 1:04d}"
    return revision.replace("NEXT", following).replace("HEAD", head), following


def test_a_failing_revision_leaves_the_store_as_it_was(store_url, tmp_path):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)
    before = contents(engine)
    text_, following = after_head(BROKEN)
    (tmp_path / f"{following}_broken.py").write_text(text_)
    with pytest.raises(
        MigrationError, match=rf"^revision {following} \(broken\) failed and was rolled"
    ):
        migrations.upgrade(engine, versions=[tmp_path])
    assert migrations.current_version(engine) == migrations.head_version()
    with store.transaction(engine) as conn:
        assert not inspect(conn).has_table("half_done")
    assert contents(engine) == before
    assert_no_drift(engine)


def test_a_new_revision_keeps_every_record(store_url, tmp_path):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)
    before = contents(engine)
    text_, following = after_head(LANGUAGE)
    (tmp_path / f"{following}_language.py").write_text(text_)
    assert migrations.upgrade(engine, versions=[tmp_path]) == [following]
    assert migrations.current_version(engine) == following
    after = contents(engine)
    after["people"] = [row[:-1] for row in after["people"]]  # less the new column
    assert after == before
    md = MetaData()
    with store.transaction(engine) as conn:
        md.reflect(conn, only=["people"])
    assert "preferred_language" in md.tables["people"].columns
    assert_audit_log_is_append_only(engine)


def test_only_an_upgrade_changes_the_schema(store_url):
    engine = store.get_engine(store_url)
    with pytest.raises(MigrationError, match=r"needs `python -m quiz_app db upgrade`"):
        migrations.require_current(engine)
    with store.transaction(engine) as conn:
        assert inspect(conn).get_table_names() == []


def test_the_check_command_passes_and_names_a_table_nobody_migrated(capsys):
    from sqlalchemy import Column, Integer, Table

    from quiz_app.store.alembic.__main__ import main, next_revision_id

    assert main(["check"]) == 0
    assert next_revision_id() == f"{int(migrations.head_version()) + 1:04d}"
    extra = Table("not_migrated", store.metadata, Column("id", Integer, primary_key=True))
    try:
        assert main(["check"]) == 1
    finally:
        store.metadata.remove(extra)
    assert "add_table" in capsys.readouterr().err


def test_revision_0002_keeps_every_record_and_dates_each_draft_by_its_start(store_url):
    """Sessions arrive empty; every assessment gets revision 0 and its start as last save."""
    engine = store.get_engine(store_url)
    migrations.upgrade(engine, target="0001")
    s = seed_store(store_url, engine)
    started = datetime(2025, 5, 2, 8, 30)
    with store.transaction(engine) as conn:
        for status in ("submitted", "draft"):
            conn.execute(
                text(
                    "INSERT INTO assessments (person_id, track, status, started_at)"
                    " VALUES (:p, 'staff', :s, :t)"
                ),
                {"p": s.staff.person_id, "s": status, "t": started},
            )
        conn.execute(
            text(
                "INSERT INTO assessment_answers (assessment_id, question_id, option_index,"
                " not_applicable) SELECT id, 'q1', 2, FALSE FROM assessments"
            )
        )
    before = contents(engine)

    assert migrations.upgrade(engine, target="0002") == ["0002"]
    assert as_before(contents(engine), before) == before
    a = store.assessments
    with store.transaction(engine) as conn:
        rows = conn.execute(select(a.c.status, a.c.revision, a.c.saved_at)).all()
    assert sorted(rows) == [("draft", 0, started), ("submitted", 0, started)]
    migrations.upgrade(engine)  # the later revisions: the declared tables are the head's
    assert_no_drift(engine)
