"""Backups keep the schema version: old stores' backups restore into an Alembic store."""

from __future__ import annotations

import json

import pytest
from migration_support import as_before, contents, fill, old_store

from quiz_app import store
from quiz_app.errors import BackupError
from quiz_app.store import backup, migrations


@pytest.mark.parametrize("name", ["old.json", "old.db"])
def test_a_backup_of_a_store_of_the_old_registry_restores_at_the_head(store_url, tmp_path, name):
    engine = store.get_engine(store_url)
    if name.endswith(".db") and engine.dialect.name != "sqlite":
        pytest.skip("SQLite file backups are for SQLite stores")
    old_store(engine)
    fill(store_url, engine)
    before = contents(engine)
    backup.backup(engine, tmp_path / name)
    migrations.upgrade(engine)
    assert backup.restore(engine, tmp_path / name) == migrations.head_version()
    assert as_before(contents(engine), before) == before
    assert migrations.drift(engine) == []


@pytest.mark.parametrize("name", ["now.json", "now.db"])
def test_a_backup_records_the_revision_and_restores_it(store_url, tmp_path, name):
    engine = store.get_engine(store_url)
    if name.endswith(".db") and engine.dialect.name != "sqlite":
        pytest.skip("SQLite file backups are for SQLite stores")
    migrations.upgrade(engine)
    fill(store_url, engine)
    before = contents(engine)
    backup.backup(engine, tmp_path / name)
    if name.endswith(".json"):
        document = json.loads((tmp_path / name).read_text())
        assert document["schema_version"] == migrations.head_version()
        assert "alembic_version" not in document["tables"]
    with store.transaction(engine) as conn:
        conn.exec_driver_sql("DELETE FROM assessment_answers")
    assert backup.restore(engine, tmp_path / name) == migrations.head_version()
    assert contents(engine) == before
    assert migrations.drift(engine) == []


def test_a_backup_from_a_newer_app_is_refused(sqlite_url, tmp_path):
    engine = store.get_engine(sqlite_url)
    migrations.upgrade(engine)
    path = tmp_path / "future.json"
    backup.backup(engine, path)
    document = json.loads(path.read_text())
    document["schema_version"] = "9999"
    path.write_text(json.dumps(document))
    head = migrations.head_version()
    with pytest.raises(
        BackupError, match=f"from a newer app \\(schema 9999, this app knows {head}\\)"
    ):
        backup.restore(engine, path)
