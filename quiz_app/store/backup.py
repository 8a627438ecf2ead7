"""Backup and restore of the whole store.

Two formats, chosen by the file name on backup and detected from the content on restore:

* SQLite file (default for a SQLite store): a consistent copy made with SQLite's backup API.
* Portable JSON (``FILE.json``, and always for PostgreSQL): every table's rows plus the
  schema version (the Alembic revision; an integer 1-3 in backups of stores made before
  Alembic). It restores into SQLite or PostgreSQL, so it also moves a store between backends.

A restore replaces the store's contents in one transaction, at the backup's schema version,
and then upgrades the store to the head revision (``db restore`` is an explicit
administrator's command, like ``db upgrade``). A file that cannot be restored raises
``BackupError`` and leaves the store as it was.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, MetaData, inspect, text
from sqlalchemy.engine import Connection, Engine

from quiz_app.errors import BackupError
from quiz_app.store import legacy, migrations
from quiz_app.store.engine import is_sqlite, transaction, utcnow

JSON_FORMAT = "nis2-store-backup"
JSON_FORMAT_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_VERSION_TABLES = (migrations.VERSION_TABLE, legacy.MIGRATIONS_TABLE)


def backup(engine: Engine, path: Path) -> str:
    """Write a backup of the whole store to ``path``; return the format used.

    Raises:
        BackupError: the file cannot be written.
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise BackupError(f"{path} is a directory; give a file name")
    try:
        if is_sqlite(engine) and path.suffix.lower() != ".json":
            _backup_sqlite(engine, path)
            return "sqlite"
        _backup_json(engine, path)
        return "json"
    except OSError as exc:
        raise BackupError(f"cannot write {path}: {exc.strerror or exc}") from None


def _backup_sqlite(engine: Engine, path: Path) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    raw = engine.raw_connection()
    try:
        raw.driver_connection.backup(target)
    finally:
        raw.close()
        target.close()
    tmp.replace(path)


def _dump(conn: Connection) -> dict[str, Any]:
    md = MetaData()
    md.reflect(conn)
    tables = {}
    for table in md.sorted_tables:
        if table.name in _VERSION_TABLES:
            continue
        rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
        tables[table.name] = {
            "columns": [c.name for c in table.columns],
            "rows": [[_to_json(v) for v in row] for row in rows],
        }
    return tables


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value  # datetime is a date


def _backup_json(engine: Engine, path: Path) -> None:
    with transaction(engine) as conn:
        version = migrations.version_of(conn) or 0
        if version.startswith("legacy-"):  # as the code before Alembic wrote it
            version = int(version.removeprefix("legacy-"))
        document = {
            "format": JSON_FORMAT,
            "format_version": JSON_FORMAT_VERSION,
            "schema_version": version,
            "created_at": utcnow().isoformat(),
            "tables": _dump(conn),
        }
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def restore(engine: Engine, path: Path) -> str:
    """Replace the store's contents with the backup in ``path``; return the schema version.

    Raises:
        BackupError: missing, unreadable, foreign or newer-than-this-app file (store unchanged).
    """
    path = Path(path)
    try:
        head = path.open("rb").read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head == _SQLITE_MAGIC:
        _restore_sqlite(engine, path)
    else:
        _restore_json(engine, _load_json(path))
    migrations.upgrade(engine)
    return migrations.current_version(engine)


def _check_version(version: Any, path: Path) -> int | str:
    """An Alembic revision this code knows, or a version 1-3 of the registry before it."""
    head = migrations.head_version()
    if isinstance(version, bool) or not isinstance(version, int | str) or version in (0, ""):
        raise BackupError(f"{path} is not a backup of this app's store (no schema version)")
    known = (
        version <= legacy.LEGACY_HEAD
        if isinstance(version, int)
        else version in migrations.known_versions()
    )
    if not known:
        raise BackupError(
            f"{path} is from a newer app (schema {version}, this app knows {head}); "
            "upgrade the app first"
        )
    return version


def _restore_sqlite(engine: Engine, path: Path) -> None:
    if not is_sqlite(engine):
        raise BackupError(
            f"{path} is a SQLite backup; to move it to PostgreSQL, restore it into SQLite, "
            "then back up to a .json file"
        )
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is a damaged SQLite file")
            _check_version(_sqlite_file_version(source), path)
            raw = engine.raw_connection()
            try:
                source.backup(raw.driver_connection)
            finally:
                raw.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a backup of this app's store: {exc}") from None


def _sqlite_file_version(source: sqlite3.Connection) -> int | str | None:
    tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    if migrations.VERSION_TABLE in tables:
        return source.execute(f"SELECT version_num FROM {migrations.VERSION_TABLE}").fetchone()[0]
    return source.execute(f"SELECT max(version) FROM {legacy.MIGRATIONS_TABLE}").fetchone()[0]


def _load_json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is neither a SQLite nor a JSON backup: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise BackupError(
            f"{path} is not a backup of this app's store (format is not {JSON_FORMAT!r})"
        )
    if document.get("format_version") != JSON_FORMAT_VERSION:
        raise BackupError(
            f"{path}: unsupported backup format version {document.get('format_version')!r}"
        )
    _check_version(document.get("schema_version"), path)
    if not isinstance(document.get("tables"), dict):
        raise BackupError(f"{path}: 'tables' is missing")
    return document


def _drop_everything(conn: Connection) -> None:
    md = MetaData()
    md.reflect(conn)
    for table in reversed(md.sorted_tables):
        cascade = " CASCADE" if conn.dialect.name == "postgresql" else ""
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table.name}"{cascade}')
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE")


def _restore_json(engine: Engine, document: dict[str, Any]) -> None:
    version = document["schema_version"]
    try:
        with transaction(engine) as conn:
            migrations.lock_transaction(conn)
            _drop_everything(conn)
            if isinstance(version, int):
                legacy.create_migrations_table(conn)
                for step in legacy.MIGRATIONS[:version]:
                    legacy.apply_migration(conn, step)
            else:
                migrations.upgrade_in_transaction(conn, version)
            _load_tables(conn, document["tables"])
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure: rolled back, reported in one line
        first = (str(exc).strip().splitlines() or [""])[0]
        raise BackupError(
            f"restore failed, store unchanged: {type(exc).__name__}: {first}"
        ) from None


def _load_tables(conn: Connection, tables: dict[str, Any]) -> None:
    md = MetaData()
    md.reflect(conn)
    unknown = set(tables) - set(md.tables) - set(_VERSION_TABLES)
    if unknown:
        raise BackupError(f"backup has tables this schema lacks: {', '.join(sorted(unknown))}")
    for table in md.sorted_tables:
        if table.name in _VERSION_TABLES:
            continue
        content = tables.get(table.name)
        if not content or not content.get("rows"):
            continue
        columns = content["columns"]
        missing = set(columns) - set(table.columns.keys())
        if missing:
            raise BackupError(f"table {table.name}: unknown columns {', '.join(sorted(missing))}")
        parsers = [_parser(table.columns[c].type) for c in columns]
        rows = [
            {c: parse(v) for c, parse, v in zip(columns, parsers, row, strict=True)}
            for row in content["rows"]
        ]
        conn.execute(table.insert(), rows)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, table.name)


def _parser(column_type):
    if isinstance(column_type, DateTime):
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column_type, Date):
        return lambda v: date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column_type, Boolean):
        return lambda v: bool(v) if v is not None else None
    return lambda v: v


def _reset_sequences(conn: Connection, table: str) -> None:
    for column in inspect(conn).get_columns(table):
        default = str(column.get("default") or "")
        if default.startswith("nextval("):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                    f'(SELECT max("{column["name"]}") FROM "{table}"))'
                ),
                {"t": table, "c": column["name"]},
            )
