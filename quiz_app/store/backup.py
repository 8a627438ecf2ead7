"""Backups of the whole store: one consistent snapshot, with a manifest; and their check.

Two formats, chosen by the file name on backup and detected from the content on restore:

* SQLite file (default for a SQLite store): a copy made with SQLite's backup API, with the
  manifest in its table ``backup_manifest``.
* Portable JSON (``FILE.json``, and always for PostgreSQL): the manifest and every table's
  rows (``quiz_app.store.snapshot`` says how each type is written). It restores into SQLite
  or PostgreSQL, so it also moves a store between backends.

A backup is one snapshot: SQLite's backup API copies the database as one read transaction;
on PostgreSQL every table is read in one ``REPEATABLE READ READ ONLY`` transaction. The file
is written beside its target, mode 0600, and renamed into place only when complete
(``quiz_app.files``). ``verify`` checks a backup without touching any store; restoring one
is ``quiz_app.store.restore``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from quiz_app import files
from quiz_app.errors import BackupError
from quiz_app.i18n import N_
from quiz_app.store import migrations
from quiz_app.store.engine import is_sqlite, utcnow
from quiz_app.store.snapshot import (
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    MANIFEST_TABLE,
    Backup,
    Manifest,
    Tables,
    Version,
    digest,
    expected_schema,
    is_known,
    read_backup,
    read_tables,
)


def backup(engine: Engine, path: Path) -> Manifest:
    """Write a backup of the whole store to ``path``; return its manifest.

    Raises:
        BackupError: the file cannot be written, or the store cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        raise BackupError(N_("{path} is a directory; give a file name"), path=path)
    try:
        if is_sqlite(engine):
            return _backup_sqlite(engine, path)
        return _backup_postgresql(engine, path)
    except OSError as exc:
        raise BackupError(
            N_("cannot write {path}: {reason}"), path=path, reason=exc.strerror or exc
        ) from None


def _file_version(version: str | None) -> Version:
    if version is None:
        raise BackupError(N_("the store is empty (no schema): nothing to back up"))
    if version.startswith("legacy-"):  # a store of the registry used before Alembic
        return int(version.removeprefix("legacy-"))
    return version


def _backup_postgresql(engine: Engine, path: Path) -> Manifest:
    snapshot = engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with snapshot.connect() as conn, conn.begin():
        created_at = utcnow()
        version = _file_version(migrations.version_of(conn))
        tables = read_tables(conn)
    manifest = Manifest.of(tables, version, created_at, "json")
    _write_json(path, manifest, tables)
    return manifest


def _write_json(path: Path, manifest: Manifest, tables: Tables) -> None:
    document = {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "manifest": manifest.to_dict(),
        "tables": tables,
    }
    with files.atomic_file(path) as handle:
        handle.write(json.dumps(document, separators=(",", ":")).encode("utf-8"))


def _backup_sqlite(engine: Engine, path: Path) -> Manifest:
    as_json = path.suffix.lower() == ".json"
    copy = files.temporary_path(path, ".db-part")
    os.close(files.create_private(copy))
    try:
        created_at = utcnow()
        target = sqlite3.connect(copy)
        try:
            raw = engine.raw_connection()
            try:
                raw.driver_connection.backup(target)  # one step: one consistent snapshot
            finally:
                raw.close()
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        manifest, tables = _manifest_of_copy(copy, created_at, "json" if as_json else "sqlite")
        if as_json:
            _write_json(path, manifest, tables)
            return manifest
        _stamp(copy, manifest)
        os.replace(copy, path)
        return manifest
    finally:
        files.remove_sqlite_files(copy)


def _manifest_of_copy(copy: Path, created_at: Any, fmt: str) -> tuple[Manifest, Tables]:
    reader = create_engine(f"sqlite:///{copy}")
    try:
        with reader.connect() as conn:
            version = _file_version(migrations.version_of(conn))
            tables = read_tables(conn)
    finally:
        reader.dispose()
    return Manifest.of(tables, version, created_at, fmt), tables


def _stamp(copy: Path, manifest: Manifest) -> None:
    conn = sqlite3.connect(copy)
    try:
        with conn:
            conn.execute(f"CREATE TABLE {MANIFEST_TABLE} (document TEXT NOT NULL)")
            conn.execute(
                f"INSERT INTO {MANIFEST_TABLE} VALUES (?)", (json.dumps(manifest.to_dict()),)
            )
        with open(copy, "rb+") as handle:
            os.fsync(handle.fileno())
    finally:
        conn.close()


def check(content: Backup, where: str) -> None:
    """Check a backup's content against its manifest and the schema it claims.

    Raises:
        BackupError: the first problem found, in one line.
    """
    manifest = content.manifest
    version = manifest.schema_version
    if not is_known(version):
        raise BackupError(
            N_(
                "{where} is from a newer app (schema {version}, this app knows {head}); upgrade "
                "the app first"
            ),
            where=where,
            version=version,
            head=migrations.head_version(),
        )
    schema = expected_schema(version)
    missing = sorted(set(schema.columns) - set(content.tables))
    unknown = sorted(set(content.tables) - set(schema.columns))
    if missing or unknown:
        problem = f"lacks tables {', '.join(missing)}" if missing else ""
        problem += ("; " if missing and unknown else "") + (
            f"has tables unknown at schema {version}: {', '.join(unknown)}" if unknown else ""
        )
        raise BackupError(N_("{where} {problem}"), where=where, problem=problem)
    if content.file_version != version:
        raise BackupError(
            N_("{where}: the file is at schema {file_version}, its manifest says {version}"),
            where=where,
            file_version=content.file_version,
            version=version,
        )
    for name, columns in schema.columns.items():
        table = content.tables[name]
        if table["columns"] != columns:
            raise BackupError(
                N_("{where}: table {name} has columns {found}; schema {version} has {columns}"),
                where=where,
                name=name,
                found=", ".join(map(str, table["columns"])),
                version=version,
                columns=", ".join(columns),
            )
        if any(not isinstance(row, list) or len(row) != len(columns) for row in table["rows"]):
            raise BackupError(
                N_("{where}: table {name} has a row of the wrong length"), where=where, name=name
            )
    counts = {name: len(t["rows"]) for name, t in sorted(content.tables.items())}
    if counts != manifest.tables:
        raise BackupError(N_("{where}: the row counts differ from the manifest's"), where=where)
    if digest(content.tables) != manifest.sha256:
        raise BackupError(
            N_("{where}: checksum mismatch, the content is not what was backed up"), where=where
        )
    _check_foreign_keys(content.tables, schema.foreign_keys, where)


def _check_foreign_keys(tables: Tables, foreign_keys: dict, where: str) -> None:
    for name, keys in foreign_keys.items():
        columns = tables[name]["columns"]
        for local, parent, remote in keys:
            parent_columns = tables[parent]["columns"]
            at = [parent_columns.index(c) for c in remote]
            present = {tuple(row[i] for i in at) for row in tables[parent]["rows"]}
            mine = [columns.index(c) for c in local]
            for row in tables[name]["rows"]:
                value = tuple(row[i] for i in mine)
                if None not in value and value not in present:
                    raise BackupError(
                        N_(
                            "{where}: dangling foreign key: {name}.{local} = {values} has no {parent} row"
                        ),
                        where=where,
                        name=name,
                        local=",".join(local),
                        values=",".join(map(str, value)),
                        parent=parent,
                    )


def verify(path: Path) -> Manifest:
    """Check the backup in ``path`` (manifest, checksum, tables and columns known at its
    revision, foreign keys) without touching any store; return its manifest.

    Raises:
        BackupError: the file is not a sound backup this app can restore.
    """
    content = read_backup(path)
    check(content, str(path))
    return content.manifest
