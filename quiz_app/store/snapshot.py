"""What a backup holds: every table's rows as typed JSON values, and the manifest over them.

Both backup formats (a SQLite file, portable JSON) carry the same content and manifest:

- rows are read in primary-key order and each value is written by its column's type:
  dates and datetimes as ISO 8601, bytes as base64, JSON as JSON, booleans, floats (Python
  writes the shortest text that reads back as the same float) and numbers as they are, so a
  restore reads back exactly what was stored;
- the manifest names the schema revision, each table's row count, the SHA-256 of the content
  (canonical JSON of the tables), when the backup was made and by which version of the app.

``read_backup`` reads either format without touching any store; ``expected_schema`` says
which tables, columns and foreign keys a store has at a given revision (from a temporary
store migrated to it), so a backup can be checked against the revision it claims.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    LargeBinary,
    MetaData,
    Numeric,
    create_engine,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeEngine

from quiz_app.errors import BackupError
from quiz_app.i18n import N_
from quiz_app.store import legacy, migrations

JSON_FORMAT = "nis2-store-backup"
JSON_FORMAT_VERSION = 2
MANIFEST_TABLE = "backup_manifest"
SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_CONTENT = (migrations.VERSION_TABLE, legacy.MIGRATIONS_TABLE, MANIFEST_TABLE)
SQLITE_AUDIT_TRIGGERS = frozenset({"audit_log_no_update", "audit_log_no_delete"})

Tables = dict[str, dict[str, Any]]  # name -> {"columns": [...], "rows": [[...], ...]}
Version = int | str  # an Alembic revision, or 1-3 for the registry used before Alembic


def app_version() -> str:
    """The installed version of this app."""
    try:
        return package_metadata.version("nis2-aws-kb")
    except package_metadata.PackageNotFoundError:
        return "unknown"


def encode(value: Any, column_type: TypeEngine) -> Any:
    """``value`` of a column of ``column_type`` as a JSON value that ``decode`` reads back."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def decoder(column_type: TypeEngine):
    """The function that turns an encoded value back into one for ``column_type``."""
    if isinstance(column_type, DateTime):
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column_type, Date):
        return lambda v: date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column_type, LargeBinary):
        return lambda v: base64.b64decode(v) if isinstance(v, str) else v
    if isinstance(column_type, Boolean):
        return lambda v: bool(v) if v is not None else None
    if isinstance(column_type, Numeric) and column_type.asdecimal:
        return lambda v: Decimal(v) if isinstance(v, str) else v
    if isinstance(column_type, JSON):
        return lambda v: v
    return lambda v: v


def read_tables(conn: Connection) -> Tables:
    """Every content table's rows (not the version or manifest tables), encoded, in key order."""
    md = MetaData()
    md.reflect(conn)
    tables: Tables = {}
    for table in md.sorted_tables:
        if table.name in NOT_CONTENT:
            continue
        types = [c.type for c in table.columns]
        order = list(table.primary_key.columns) or list(table.columns)
        rows = conn.execute(table.select().order_by(*order))
        tables[table.name] = {
            "columns": [c.name for c in table.columns],
            "rows": [[encode(v, t) for v, t in zip(row, types, strict=True)] for row in rows],
        }
    return tables


def digest(tables: Tables) -> str:
    """SHA-256 of the content, over its canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(tables, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a backup says about itself."""

    schema_version: Version
    tables: dict[str, int]
    sha256: str
    created_at: str
    app_version: str
    format: str = field(default="json", compare=False)

    @classmethod
    def of(cls, tables: Tables, version: Version, created_at: datetime, fmt: str) -> Manifest:
        """The manifest of ``tables`` read at schema ``version``."""
        return cls(
            schema_version=version,
            tables={name: len(t["rows"]) for name, t in sorted(tables.items())},
            sha256=digest(tables),
            created_at=created_at.isoformat(timespec="seconds"),
            app_version=app_version(),
            format=fmt,
        )

    def to_dict(self) -> dict[str, Any]:
        """The manifest as stored in a backup."""
        return {
            "schema_version": self.schema_version,
            "tables": self.tables,
            "sha256": self.sha256,
            "created_at": self.created_at,
            "app_version": self.app_version,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str, fmt: str) -> Manifest:
        """Read a stored manifest.

        Raises:
            BackupError: a field is missing or of the wrong kind.
        """
        if not isinstance(data, dict):
            raise BackupError(
                N_("{where} has no manifest: not a backup written by `db backup`"), where=where
            )
        version = data.get("schema_version")
        counts = data.get("tables")
        text_fields = [data.get(k) for k in ("sha256", "created_at", "app_version")]
        if (
            isinstance(version, bool)
            or not isinstance(version, int | str)
            or not isinstance(counts, dict)
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in counts.values())
            or not all(isinstance(v, str) for v in text_fields)
        ):
            raise BackupError(N_("{where}: the manifest is malformed"), where=where)
        return cls(version, counts, *text_fields, format=fmt)

    def summary(self) -> str:
        """One line: format, revision, rows, tables, date, checksum prefix."""
        return (
            f"{self.format} backup of {self.created_at}, schema {self.schema_version}, "
            f"{sum(self.tables.values())} rows in {len(self.tables)} tables, "
            f"sha256 {self.sha256[:12]}, app {self.app_version}"
        )


@dataclass(frozen=True)
class Backup:
    """A backup file's manifest, its content, and the revision its file itself records."""

    manifest: Manifest
    tables: Tables
    file_version: Version | None


def read_backup(path: Path) -> Backup:
    """Read a backup (SQLite file or JSON) without changing it or any store.

    Raises:
        BackupError: missing, unreadable, damaged or not a backup of this app.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(
            N_("cannot read {path}: {reason}"), path=path, reason=exc.strerror or exc
        ) from None
    if head == SQLITE_MAGIC:
        return _read_sqlite(path)
    return _read_json(path)


def _read_json(path: Path) -> Backup:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(
            N_("{path} is neither a SQLite nor a JSON backup: {exc}"), path=path, exc=exc
        ) from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise BackupError(N_("{path} is not a backup of this app's store"), path=path)
    if document.get("format_version") != JSON_FORMAT_VERSION:
        raise BackupError(
            N_(
                "{path}: backup format version {version!r} has no manifest (this app reads "
                "version {known}); restore it with the release that wrote it, then back up again"
            ),
            path=path,
            version=document.get("format_version"),
            known=JSON_FORMAT_VERSION,
        )
    manifest = Manifest.from_dict(document.get("manifest"), str(path), "json")
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict)
        and isinstance(t.get("columns"), list)
        and isinstance(t.get("rows"), list)
        for t in tables.values()
    ):
        raise BackupError(N_("{path}: the tables are malformed"), path=path)
    return Backup(manifest, tables, manifest.schema_version)


def _read_sqlite(path: Path) -> Backup:
    uri = f"file:{path.resolve()}?mode=ro&immutable=1"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA quick_check").scalar() != "ok":
                raise BackupError(N_("{path} is a damaged SQLite file"), path=path)
            names = {
                row[0]: row[1]
                for row in conn.exec_driver_sql("SELECT name, type FROM sqlite_master")
            }
            if MANIFEST_TABLE not in names:
                raise BackupError(
                    N_("{path} has no manifest: not a backup written by `db backup`"), path=path
                )
            stored = conn.exec_driver_sql(f"SELECT document FROM {MANIFEST_TABLE}").scalar()
            manifest = Manifest.from_dict(_json_or_none(stored), str(path), "sqlite")
            if "audit_log" in names and not set(names) >= SQLITE_AUDIT_TRIGGERS:
                raise BackupError(
                    N_(
                        "{path}: the audit log's append-only triggers are missing (the file was altered "
                        "after `db backup` wrote it)"
                    ),
                    path=path,
                )
            return Backup(manifest, read_tables(conn), _sqlite_version(conn, names))
    except (SQLAlchemyError, ValueError, sqlite3.Error) as exc:
        reason = (str(getattr(exc, "orig", exc)).strip().splitlines() or [""])[0]
        raise BackupError(
            N_("{path} is a damaged SQLite backup: {reason}"), path=path, reason=reason
        ) from None
    finally:
        engine.dispose()


def _json_or_none(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _sqlite_version(conn: Connection, names: dict[str, str]) -> Version | None:
    if migrations.VERSION_TABLE in names:
        return conn.exec_driver_sql(f"SELECT version_num FROM {migrations.VERSION_TABLE}").scalar()
    if legacy.MIGRATIONS_TABLE in names:
        return conn.exec_driver_sql(f"SELECT max(version) FROM {legacy.MIGRATIONS_TABLE}").scalar()
    return None


@dataclass(frozen=True)
class Schema:
    """The content tables of a store at one revision: columns and foreign keys."""

    columns: dict[str, list[str]]
    foreign_keys: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]]


def build_schema(conn: Connection, version: Version) -> None:
    """Make the schema of revision ``version`` in the empty store of ``conn`` (one
    transaction, begun and committed by the caller)."""
    if isinstance(version, int):
        legacy.create_migrations_table(conn)
        for step in legacy.MIGRATIONS[:version]:
            legacy.apply_migration(conn, step)
    else:
        migrations.upgrade_in_transaction(conn, version)


def is_known(version: Any) -> bool:
    """Whether this code can make (and so restore) a store at ``version``."""
    if isinstance(version, bool):
        return False
    if isinstance(version, int):
        return 1 <= version <= legacy.LEGACY_HEAD
    return isinstance(version, str) and version in migrations.known_versions()


@cache
def expected_schema(version: Version) -> Schema:
    """The tables, columns and foreign keys of a store at ``version`` (a known revision)."""
    with tempfile.TemporaryDirectory(prefix="nis2-schema-") as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'reference.db'}")
        try:
            with engine.begin() as conn:
                build_schema(conn, version)
            with engine.connect() as conn:
                md = MetaData()
                md.reflect(conn)
        finally:
            engine.dispose()
    tables = [t for t in md.sorted_tables if t.name not in NOT_CONTENT]
    return Schema(
        columns={t.name: [c.name for c in t.columns] for t in tables},
        foreign_keys={
            t.name: [
                (
                    tuple(e.parent.name for e in fk.elements),
                    fk.referred_table.name,
                    tuple(e.column.name for e in fk.elements),
                )
                for fk in t.foreign_key_constraints
            ]
            for t in tables
        },
    )
