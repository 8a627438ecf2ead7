"""Restore a backup: into a scratch store first, checked, then swapped in at once.

1. The file is read and checked without touching the store (``backup.check``: manifest,
   checksum, the tables and columns of its revision, foreign keys; a newer revision is
   refused).
2. A scratch store is made beside the live one (a temporary SQLite file, mode 0600, in the
   live database's folder; or a temporary PostgreSQL schema in the live database). Its schema
   is made by our own migrations at the backup's revision (so the audit log's triggers are
   ours, whatever the file held), the rows are loaded, and the real migrations bring it to
   the head revision.
3. The scratch store is checked: every declared table and column, the audit log's
   append-only triggers, every foreign key, and at least one enabled admin.
4. Only then is it swapped in, in one transaction of the live store. SQLite: SQLite's backup
   API copies the scratch database over the live one as one write transaction (other
   connections, in this process or another, see the old or the new store, never a mix).
   PostgreSQL: one transaction truncates every live table and copies each from the scratch
   schema (the audit log's triggers are disabled for that transaction only), then resets the
   sequences.

Any failure raises ``BackupError`` in one line; the live store is then untouched, and the
scratch store is removed in every case.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import MetaData, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url

from quiz_app import files
from quiz_app.errors import BackupError, QuizAppError
from quiz_app.i18n import N_
from quiz_app.store import migrations
from quiz_app.store.backup import check
from quiz_app.store.engine import create_store_engine, is_sqlite, transaction
from quiz_app.store.snapshot import (
    NOT_CONTENT,
    SQLITE_AUDIT_TRIGGERS,
    Backup,
    Manifest,
    build_schema,
    decoder,
    read_backup,
)
from quiz_app.store.tables import accounts, metadata

# Tables whose triggers refuse UPDATE, DELETE and TRUNCATE (revisions 0001 and 0003).
APPEND_ONLY_TABLES = ("audit_log", "approvals", "approval_members")
POSTGRES_AUDIT_TRIGGERS = frozenset({"audit_log_no_change", "audit_log_no_truncate"})


def restore(engine: Engine, path: Path) -> Manifest:
    """Replace the store's contents with the backup in ``path``, brought to the head
    revision; return the backup's manifest.

    Raises:
        BackupError: the file is not a sound backup, or a check of the restored store failed;
            the live store is unchanged.
    """
    path = Path(path)
    content = read_backup(path)
    check(content, str(path))
    with _scratch_store(engine) as scratch:
        try:
            _fill(scratch, content)
            migrations.upgrade(scratch)
        except QuizAppError as exc:
            raise BackupError(N_("{path} does not restore: {exc}"), path=path, exc=exc) from None
        except Exception as exc:  # noqa: BLE001 - any failure: reported in one line
            raise BackupError(
                N_("{path} does not restore: {reason}"), path=path, reason=_one_line(exc)
            ) from None
        _check_restored(scratch, str(path))
        migrations.upgrade(engine)  # an empty or older live store gets the head schema
        _swap(scratch, engine)
    return content.manifest


def _one_line(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"


@contextmanager
def _scratch_store(engine: Engine) -> Iterator[Engine]:
    if is_sqlite(engine):
        live = Path(engine.url.database)
        live.parent.mkdir(parents=True, exist_ok=True)
        path = files.temporary_path(live, ".restore.db")
        os.close(files.create_private(path))
        scratch = create_store_engine(f"sqlite:///{path}")
        try:
            yield scratch
        finally:
            scratch.dispose()
            files.remove_sqlite_files(path)
        return
    schema = f"nis2_restore_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        conn.commit()
    url = make_url(engine.url).update_query_dict({"options": f"-csearch_path={schema}"})
    scratch = create_store_engine(url.render_as_string(hide_password=False))
    try:
        yield scratch
    finally:
        scratch.dispose()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.commit()


def _fill(scratch: Engine, content: Backup) -> None:
    """The schema of the backup's revision, made by our migrations, and the backup's rows."""
    with transaction(scratch) as conn:
        build_schema(conn, content.manifest.schema_version)
    with transaction(scratch) as conn:
        md = MetaData()
        md.reflect(conn)
        for table in md.sorted_tables:
            rows = content.tables.get(table.name, {}).get("rows")
            if table.name in NOT_CONTENT or not rows:
                continue
            columns = content.tables[table.name]["columns"]
            decode = [decoder(table.columns[c].type) for c in columns]
            conn.execute(
                table.insert(),
                [{c: d(v) for c, d, v in zip(columns, decode, row, strict=True)} for row in rows],
            )
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, table.name)


def _reset_sequences(conn: Connection, table: str, schema: str | None = None) -> None:
    qualified = f'"{schema}"."{table}"' if schema else f'"{table}"'
    for column in inspect(conn).get_columns(table, schema=schema):
        if not str(column.get("default") or "").startswith("nextval("):
            continue
        name = column["name"]
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                f'coalesce((SELECT max("{name}") FROM {qualified}), 0) + 1, false)'
            ),
            {"t": qualified, "c": name},
        )


def _check_restored(scratch: Engine, where: str) -> None:
    with transaction(scratch) as conn:
        insp = inspect(conn)
        for table in metadata.sorted_tables:
            if not insp.has_table(table.name):
                raise BackupError(
                    N_("{where} does not restore: table {table_name} is missing"),
                    where=where,
                    table_name=table.name,
                )
            have = {c["name"] for c in insp.get_columns(table.name)}
            lacking = sorted(set(table.columns.keys()) - have)
            if lacking:
                raise BackupError(
                    N_("{where} does not restore: table {table_name} lacks {lacking}"),
                    where=where,
                    table_name=table.name,
                    lacking=", ".join(lacking),
                )
        if not _audit_triggers(conn):
            raise BackupError(
                N_("{where} does not restore: the audit log's triggers are missing"), where=where
            )
        dangling = _dangling_foreign_key(conn)
        if dangling:
            raise BackupError(
                N_("{where} does not restore: dangling foreign key {dangling}"),
                where=where,
                dangling=dangling,
            )
        admins = conn.execute(
            select(func.count())
            .select_from(accounts)
            .where(accounts.c.role == "admin", accounts.c.disabled.is_(False))
        ).scalar_one()
        if not admins:
            raise BackupError(
                N_("{where} has no enabled admin account: restoring it would lock every admin out"),
                where=where,
            )


def _audit_triggers(conn: Connection) -> bool:
    if conn.dialect.name == "sqlite":
        names = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        )
        return {row[0] for row in names} >= SQLITE_AUDIT_TRIGGERS
    names = conn.exec_driver_sql(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgenabled <> 'D'"
    )
    return {row[0] for row in names} >= POSTGRES_AUDIT_TRIGGERS


def _dangling_foreign_key(conn: Connection) -> str | None:
    for table in metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table
            pairs = [(e.parent, e.column) for e in fk.elements]
            orphan = select(*[local for local, _ in pairs]).where(
                *[local.is_not(None) for local, _ in pairs],
                ~select(1).where(*[remote == local for local, remote in pairs]).exists(),
            )
            row = conn.execute(orphan.limit(1)).first()
            if row is not None:
                columns = ",".join(local.name for local, _ in pairs)
                return f"{table.name}.{columns} = {','.join(map(str, row))} (no {parent.name} row)"
    return None


def _swap(scratch: Engine, engine: Engine) -> None:
    if is_sqlite(engine):
        path = scratch.url.database
        scratch.dispose()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        raw = engine.raw_connection()
        try:
            source.backup(raw.driver_connection)  # one step: one write transaction
        finally:
            raw.close()
            source.close()
        return
    with scratch.connect() as conn:
        source = conn.exec_driver_sql("SELECT current_schema()").scalar()
    with transaction(engine) as conn:
        migrations.lock_transaction(conn)
        names = [t.name for t in metadata.sorted_tables]
        conn.exec_driver_sql(f"LOCK TABLE {', '.join(names)} IN ACCESS EXCLUSIVE MODE")
        for name in APPEND_ONLY_TABLES:  # their triggers refuse the TRUNCATE
            conn.exec_driver_sql(f"ALTER TABLE {name} DISABLE TRIGGER USER")
        conn.exec_driver_sql(f"TRUNCATE {', '.join(names)}")
        for table in metadata.sorted_tables:
            columns = ", ".join(f'"{c.name}"' for c in table.columns)
            conn.exec_driver_sql(
                f'INSERT INTO "{table.name}" ({columns}) '
                f'SELECT {columns} FROM "{source}"."{table.name}"'
            )
            _reset_sequences(conn, table.name)
        for name in APPEND_ONLY_TABLES:
            conn.exec_driver_sql(f"ALTER TABLE {name} ENABLE TRIGGER USER")
