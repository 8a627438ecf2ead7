"""The app's store: engine creation, table definitions and the transaction helper.

SQLite file ``var/nis2.db`` (next to the project) by default; ``NIS2_DATABASE_URL`` selects
another database, e.g. ``postgresql+psycopg://user@host:5432/nis2``. SQLite connections use
WAL, a busy timeout, foreign keys, and ``BEGIN IMMEDIATE`` so that concurrent writers queue
instead of failing. Timestamps are naive UTC (``utcnow()``) on both backends.

The tables are declared in ``quiz_app.store.tables``; migrations live in
``quiz_app.store.migrations``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from quiz_app import files
from quiz_app.config import get_settings
from quiz_app.errors import ConfigError, StoreUnavailable
from quiz_app.i18n import N_

SQLITE_BUSY_TIMEOUT_MS = 30_000
_READ_ONLY = "nis2_read_only"  # execution option: BEGIN, not BEGIN IMMEDIATE, on SQLite
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def utcnow() -> datetime:
    """Current time as naive UTC, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def database_url(url: str | None = None) -> str:
    """The URL to use: ``url`` if given, else the configured one (``NIS2_DATABASE_URL``)."""
    return url or get_settings().database_url


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE instead of pysqlite's own BEGIN.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    read_only = conn.get_execution_options().get(_READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_store_engine(url: str | None = None) -> Engine:
    """Create a new engine for ``url`` (see ``database_url``); prefer ``get_engine``.

    Raises:
        ConfigError: the URL is malformed or names an unsupported backend.
    """
    raw = database_url(url)
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            N_(
                "malformed database URL {raw!r} (expected e.g. sqlite:///var/nis2.db or "
                "postgresql+psycopg://user@host:5432/db)"
            ),
            raw=raw,
        ) from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            N_("unsupported database {backend!r} in database URL (expected one of: {backends})"),
            backend=parsed.get_backend_name(),
            backends=", ".join(SUPPORTED_BACKENDS),
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            return _create_sqlite_engine(parsed)
        engine = create_engine(parsed, pool_pre_ping=True)
        event.listen(engine, "connect", _postgresql_on_connect)
        return engine
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ConfigError(N_("malformed database URL {raw!r}: {exc}"), raw=raw, exc=exc) from None


def _postgresql_on_connect(dbapi_connection, _record) -> None:
    # No JIT compilation: the app's queries take milliseconds, and PostgreSQL's cost estimate
    # for the dashboard's counts (a subquery per assignment) set off JIT compilation that
    # took longer than the query itself (bench/, section 3: 435 ms, of which 350 ms JIT).
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


def _create_sqlite_engine(parsed) -> Engine:
    database = parsed.database
    if not database or database == ":memory:":
        raise ConfigError(N_("in-memory SQLite is not supported; give a file path"))
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():  # a database the app creates is private (SQLite's -wal/-shm follow)
        with suppress(FileExistsError):  # made meanwhile by another process
            os.close(files.create_private(path))
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


_engines: dict[tuple[int, str], Engine] = {}
_engines_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: ``database_url()``), created once.

    Raises:
        ConfigError: the URL is malformed or names an unsupported backend.
    """
    key = (os.getpid(), database_url(url))
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = create_store_engine(key[1])
        return engine


def dispose_engines() -> None:
    """Close every engine made by ``get_engine`` in this process (tests, restore)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def is_sqlite(engine: Engine) -> bool:
    """Whether ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def describe(engine: Engine) -> str:
    """The engine's URL without password, for messages."""
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction: commits when the block ends, rolls everything back on any exception.

    Raises:
        StoreUnavailable: the database cannot be reached (connection refused, bad file, ...).
    """
    conn = None
    try:
        conn = engine.connect()
        trans = conn.begin()
    except DBAPIError as exc:
        if conn is not None:
            conn.close()
        raise unavailable(engine, exc) from None
    with conn:
        try:
            yield conn
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise
        trans.commit()


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction for reading only (see ``transaction``).

    On SQLite it begins with a plain (deferred) ``BEGIN`` instead of ``BEGIN IMMEDIATE``: it
    takes no write lock, so writers neither wait for it nor make it wait (WAL), and it reads
    one snapshot from its first query on. Do not write in it.

    Raises:
        StoreUnavailable: the database cannot be reached.
    """
    with transaction(engine.execution_options(**{_READ_ONLY: True})) as conn:
        yield conn


def unavailable(engine: Engine, exc: BaseException) -> StoreUnavailable:
    """A one-line ``StoreUnavailable`` for a driver error raised while connecting."""
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    return StoreUnavailable(
        N_("cannot open database {database}: {reason}"), database=describe(engine), reason=reason
    )


def check_available(engine: Engine) -> None:
    """Connect once and run a trivial query.

    Raises:
        StoreUnavailable: the database cannot be reached.
    """
    with transaction(engine) as conn:
        conn.exec_driver_sql("SELECT 1")
