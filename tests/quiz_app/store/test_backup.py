"""Backups are one consistent snapshot with a manifest; a restore checks before it replaces."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from migration_support import as_before, contents, fill, old_store
from store_support import PASSWORD, run_cli, seed_store

from quiz_app import accounts, assessments, maintenance, people, store
from quiz_app.assessments import Answer
from quiz_app.authz import Actor, Role
from quiz_app.errors import BackupError
from quiz_app.store import backup, migrations, restore, snapshot

# A SQLite file backup (.db) is written from a SQLite store only; JSON from either backend.
BACKUP_KINDS = [
    pytest.param("sqlite", ".json", id="sqlite-json"),
    pytest.param("sqlite", ".db", id="sqlite-db"),
    pytest.param("postgres", ".json", id="postgres-json", marks=pytest.mark.postgres),
]


@pytest.mark.parametrize(("backend", "suffix"), BACKUP_KINDS)
def test_a_backup_of_a_store_of_the_old_registry_restores_at_the_head(
    request, tmp_path, backend, suffix
):
    store_url = request.getfixturevalue(f"{backend}_url")
    name = "old" + suffix
    engine = store.get_engine(store_url)
    old_store(engine)
    fill(store_url, engine)
    before = contents(engine)
    backup.backup(engine, tmp_path / name)
    migrations.upgrade(engine)
    assert restore.restore(engine, tmp_path / name).schema_version == 3
    assert migrations.current_version(engine) == migrations.head_version()
    assert as_before(contents(engine), before) == before
    assert migrations.drift(engine) == []


@pytest.mark.parametrize(("backend", "suffix"), BACKUP_KINDS)
def test_a_backup_restores_every_value_exactly(request, tmp_path, backend, suffix):
    store_url = request.getfixturevalue(f"{backend}_url")
    name = "now" + suffix
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)  # dates, datetimes, floats, booleans, JSON text
    before = contents(engine)
    manifest = backup.backup(engine, tmp_path / name)
    assert manifest.schema_version == migrations.head_version()
    assert manifest.tables["training_assignments"] == len(before["training_assignments"])
    if name.endswith(".json"):
        document = json.loads((tmp_path / name).read_text())
        assert document["manifest"]["sha256"] == manifest.sha256
        assert "alembic_version" not in document["tables"]
    with store.transaction(engine) as conn:
        conn.exec_driver_sql("DELETE FROM assessment_answers")
    restore.restore(engine, tmp_path / name)
    assert contents(engine) == before
    assert migrations.drift(engine) == []


def test_a_json_backup_moves_a_store_from_sqlite_to_postgresql(sqlite_url, postgres_url, tmp_path):
    source = store.get_engine(sqlite_url)
    migrations.upgrade(source)
    fill(sqlite_url, source)
    backup.backup(source, tmp_path / "move.json")
    target = store.get_engine(postgres_url)
    restore.restore(target, tmp_path / "move.json")
    assert contents(target) == contents(source)


def _writers(url: str, admin: Actor, stop: threading.Event, errors: list) -> list[threading.Thread]:
    def work(w: int) -> None:
        engine = store.get_engine(url)
        n = 0
        try:
            while not stop.is_set():
                pid = people.create_person(engine, admin, external_id=f"W{w}-{n}", name="W")
                assessments.submit_assessment(
                    engine,
                    Actor(admin.account_id, Role.STAFF, pid),
                    person_id=pid,
                    track="staff",
                    answers=[Answer("q1", 1), Answer("q2", None, not_applicable=True)],
                    score=0.5,
                    maturity=None,
                    submission_key=f"w{w}-{n}",
                )
                n += 1
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    return [threading.Thread(target=work, args=(w,)) for w in range(8)]


@pytest.mark.timeout(300)
def test_a_backup_taken_while_eight_writers_submit_restores_whole(store_url, tmp_path):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    admin = accounts.create_first_admin(engine, username="admin", password=PASSWORD)
    stop, errors = threading.Event(), []
    threads = _writers(store_url, admin, stop, errors)
    for thread in threads:
        thread.start()
    try:
        while True:  # wait until the writers are well under way
            with store.transaction(engine) as conn:
                if conn.exec_driver_sql("SELECT count(*) FROM assessments").scalar() >= 40:
                    break
        manifests = [backup.backup(engine, tmp_path / f"b{n}.json") for n in range(3)]
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors
    for n, manifest in enumerate(manifests):
        assert backup.verify(tmp_path / f"b{n}.json") == manifest
        restore.restore(engine, tmp_path / f"b{n}.json")
        got = contents(engine)
        assert {t: len(rows) for t, rows in got.items() if t in manifest.tables} == {
            t: c for t, c in manifest.tables.items()
        }
        person_ids = {row[0] for row in got["people"]}
        assert all(row[1] in person_ids for row in got["assessments"])


def test_a_backup_from_a_newer_app_is_refused(sqlite_url, tmp_path):
    engine = store.get_engine(sqlite_url)
    migrations.upgrade(engine)
    path = tmp_path / "future.json"
    backup.backup(engine, path)
    document = json.loads(path.read_text())
    document["manifest"]["schema_version"] = "9999"
    path.write_text(json.dumps(document))
    head = migrations.head_version()
    with pytest.raises(
        BackupError, match=f"from a newer app \\(schema 9999, this app knows {head}\\)"
    ):
        backup.verify(path)


# --- bad files: each refused, the live store unchanged -------------------------------------


def _rewrite(path: Path, change) -> None:
    """Change a JSON backup's tables and give it a manifest that matches (a careful forger)."""
    document = json.loads(path.read_text())
    change(document["tables"])
    tables = document["tables"]
    document["manifest"]["tables"] = {n: len(t["rows"]) for n, t in sorted(tables.items())}
    document["manifest"]["sha256"] = snapshot.digest(tables)
    path.write_text(json.dumps(document))


def _column(tables, table: str, column: str) -> int:
    return tables[table]["columns"].index(column)


def _no_admin(tables) -> None:
    role = _column(tables, "accounts", "role")
    disabled = _column(tables, "accounts", "disabled")
    for row in tables["accounts"]["rows"]:
        if row[role] == "admin":
            row[disabled] = True


def _dangling(tables) -> None:
    pid = _column(tables, "assessments", "person_id")
    tables["assessments"]["rows"][0][pid] = 9999


def _bad_checksum(path: Path) -> None:
    document = json.loads(path.read_text())
    document["tables"]["people"]["rows"][0][2] = "Mallory"
    path.write_text(json.dumps(document))


def _sqlite_file(path: Path, statements: list[str], manifest: dict | None) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
        if manifest is not None:
            conn.execute(f"CREATE TABLE {snapshot.MANIFEST_TABLE} (document TEXT)")
            conn.execute(
                f"INSERT INTO {snapshot.MANIFEST_TABLE} VALUES (?)", (json.dumps(manifest),)
            )
    conn.close()


def _forged_manifest(version, tables: dict) -> dict:
    return {
        "schema_version": version,
        "tables": {n: len(t["rows"]) for n, t in tables.items()},
        "sha256": snapshot.digest(tables),
        "created_at": "2025-01-01T00:00:00",
        "app_version": "0.1.0",
    }


def _sqlite_backup(tmp_path: Path) -> Path:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = store.get_engine(url)
    migrations.upgrade(engine)
    seed_store(url, engine)
    path = tmp_path / "other-backup.db"
    backup.backup(engine, path)
    return path


def _bad_file(kind: str, good: Path, tmp_path: Path) -> Path:
    path = tmp_path / f"bad-{kind}"
    path.write_bytes(good.read_bytes())
    if kind == "no tables":
        _sqlite_file(path, [], _forged_manifest(migrations.head_version(), {}))
    elif kind == "only the old migrations table":
        _sqlite_file(
            path,
            [
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, "
                "applied_at TEXT)",
                "INSERT INTO schema_migrations VALUES (3, 'three', '2025-01-01')",
            ],
            _forged_manifest(3, {}),
        )
    elif kind == "no manifest":
        _sqlite_file(path, ["CREATE TABLE people (id INTEGER PRIMARY KEY)"], None)
    elif kind == "newer revision":
        _rewrite(path, lambda tables: None)
        document = json.loads(path.read_text())
        document["manifest"]["schema_version"] = "9999"
        path.write_text(json.dumps(document))
    elif kind == "dropped triggers":
        path.write_bytes(_sqlite_backup(tmp_path).read_bytes())
        conn = sqlite3.connect(path)
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.commit()
        conn.close()
    elif kind == "bad checksum":
        _bad_checksum(path)
    elif kind == "dangling foreign key":
        _rewrite(path, _dangling)
    elif kind == "no admin":
        _rewrite(path, _no_admin)
    elif kind == "truncated file":
        sqlite_backup = _sqlite_backup(tmp_path).read_bytes()
        path.write_bytes(sqlite_backup[: len(sqlite_backup) // 2])
    elif kind == "truncated json":
        path.write_bytes(good.read_bytes()[:-200])
    elif kind == "not a backup at all":
        path.write_text("name,email\nAda,ada@example.org\n")
    return path


BAD_FILES = {
    "no tables": "lacks tables",
    "only the old migrations table": "lacks tables",
    "no manifest": "has no manifest",
    "newer revision": "from a newer app",
    "dropped triggers": "append-only triggers are missing",
    "bad checksum": "checksum mismatch",
    "dangling foreign key": "dangling foreign key: assessments.person_id = 9999",
    "no admin": "no enabled admin account",
    "truncated file": "damaged",
    "truncated json": "neither a SQLite nor a JSON backup",
    "not a backup at all": "neither a SQLite nor a JSON backup",
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_backup_is_refused_and_the_store_is_unchanged(store_url, tmp_path, kind):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)
    good = tmp_path / "good.json"
    backup.backup(engine, good)
    with store.transaction(engine) as conn:  # the store moved on since the backup
        conn.exec_driver_sql("DELETE FROM assessment_answers")
    before = contents(engine)
    path = _bad_file(kind, good, tmp_path)
    admin = Actor(1, Role.ADMIN, None)
    with pytest.raises(BackupError, match=BAD_FILES[kind]) as refused:
        maintenance.restore_store(engine, admin, path)
    assert "\n" not in str(refused.value)
    assert contents(engine) == before
    assert migrations.current_version(engine) == migrations.head_version()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    if engine.dialect.name == "sqlite":
        leftovers += [p.name for p in Path(engine.url.database).parent.glob(".*restore*")]
    assert leftovers == []


def test_a_restored_store_keeps_its_audit_log_append_only(store_url, tmp_path):
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    seed = seed_store(store_url, engine)
    backup.backup(engine, tmp_path / "b.json")
    maintenance.restore_store(engine, seed.admin, tmp_path / "b.json")
    with pytest.raises(Exception, match="append-only"), store.transaction(engine) as conn:
        conn.exec_driver_sql("DELETE FROM audit_log")
    with store.transaction(engine) as conn:
        action, detail = conn.exec_driver_sql(
            "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1"
        ).one()
    assert action == "db_restore"
    recorded = json.loads(detail)
    assert recorded["by"] == "admin"
    assert recorded["file"] == str((tmp_path / "b.json").resolve())
    assert recorded["manifest"]["sha256"] == backup.verify(tmp_path / "b.json").sha256


# --- files: private, atomic, no symlink followed --------------------------------------------


def test_backups_and_a_new_database_are_private(sqlite_url, tmp_path):
    engine = store.get_engine(sqlite_url)
    migrations.upgrade(engine)
    seed_store(sqlite_url, engine)
    for name in ("b.db", "b.json"):
        backup.backup(engine, tmp_path / name)
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    assert Path(engine.url.database).stat().st_mode & 0o777 == 0o600


def test_a_backup_does_not_follow_a_planted_symlink(sqlite_url, tmp_path):
    engine = store.get_engine(sqlite_url)
    migrations.upgrade(engine)
    seed_store(sqlite_url, engine)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    for name in ("b.json", "b.db"):
        target = tmp_path / name
        (tmp_path / f"{name}.partial").symlink_to(victim)
        target.symlink_to(victim)
        backup.backup(engine, target)
        assert not target.is_symlink()
        assert target.stat().st_mode & 0o777 == 0o600
    assert victim.read_text() == "keep me"


def test_an_interrupted_backup_leaves_no_temporary_file(sqlite_url, tmp_path, monkeypatch):
    engine = store.get_engine(sqlite_url)
    migrations.upgrade(engine)
    seed_store(sqlite_url, engine)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(snapshot.Manifest, "of", interrupted)
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in ("b.json", "b.db"):
        with pytest.raises(KeyboardInterrupt):
            backup.backup(engine, folder / name)
    assert os.listdir(folder) == []


# --- the command line ------------------------------------------------------------------------


def test_db_verify_prints_one_line_and_fails_on_a_bad_file(sqlite_people_store, tmp_path):
    engine = sqlite_people_store.engine
    path = tmp_path / "b.db"
    backup.backup(engine, path)
    code, out, _ = run_cli(["db", "verify", str(path)])
    assert code == 0
    assert out.startswith(f"{path}: ok: sqlite backup of ")
    assert out.count("\n") == 1
    path.write_bytes(path.read_bytes()[:1000])
    code, out, err = run_cli(["db", "verify", str(path)])
    assert code == 1
    assert err.count("\n") == 1 and "damaged" in err


def test_a_restore_brings_back_approvals_and_keeps_them_append_only(store_url, tmp_path):
    """Restoring over a store that holds approvals replaces them (PostgreSQL truncates the
    append-only tables with their triggers off for that transaction) and they stay guarded."""
    from governance_support import add_board

    from quiz_app.governance import approvals

    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    seed = seed_store(store_url, engine)
    board = add_board(seed)
    approvals.record_approval(
        engine,
        seed.manager,
        subject="measures",
        approved_on=date(2026, 11, 20),
        meeting_reference="Minutes 2026/11",
        member_ids=[m.person_id for m in board],
    )
    backup.backup(engine, tmp_path / "b.json")
    approvals.record_approval(
        engine,
        seed.manager,
        subject="remediation_plan",
        approved_on=date(2026, 11, 21),
        meeting_reference="After the backup",
        member_ids=[board[0].person_id],
    )
    maintenance.restore_store(engine, seed.admin, tmp_path / "b.json")
    history = approvals.list_approvals(engine, seed.manager)
    assert [a.meeting_reference for a in history] == ["Minutes 2026/11"]
    for table in ("approvals", "approval_members"):
        with pytest.raises(Exception, match="append-only"), store.transaction(engine) as conn:
            conn.exec_driver_sql(f"DELETE FROM {table}")
