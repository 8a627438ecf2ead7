"""Schema migrations with Alembic: the revisions in ``quiz_app/store/alembic/versions``.

Only ``python -m quiz_app db upgrade`` (and ``db restore``) migrate; the app and every other
command check the schema with ``require_current`` and refuse a store that is not at the head
revision. Each revision runs in its own transaction, so a failed one leaves the store as
the previous revision left it. On PostgreSQL an advisory lock, on SQLite a lock file beside
the database, makes two upgrades take turns.

Stores made before Alembic (table ``schema_migrations``, versions 1-3) are adopted: a store
at version 1 or 2 is first brought to version 3 by the old, frozen steps
(``quiz_app.store.legacy``), then stamped at the baseline revision without a change to its
data, and ``schema_migrations`` is dropped (``alembic_version`` holds the version from then on).

How to add a table or a column: ``docs/migrations.md``.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import UniqueConstraint, inspect, text
from sqlalchemy.engine import Connection, Engine

from quiz_app.errors import MigrationError
from quiz_app.i18n import N_
from quiz_app.store import legacy
from quiz_app.store.engine import transaction
from quiz_app.store.tables import metadata

SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"
VERSION_TABLE = "alembic_version"
BASELINE = "0001"
UPGRADE_COMMAND = "python -m quiz_app db upgrade"
_PG_LOCK_KEY = 0x4E495332  # "NIS2": serialises migrations across app instances


def _is_primary_key_repeated(obj: Any, type_: str) -> bool:
    if type_ != "unique_constraint" or not isinstance(obj, UniqueConstraint):
        return False
    key = {c.name for c in obj.table.primary_key.columns}
    return bool(key) and {c.name for c in obj.columns} == key


def _include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    # A unique constraint on the primary key's columns (uq_answer_per_question) exists on
    # SQLite but PostgreSQL folds it into the key: not a difference worth a migration.
    return not _is_primary_key_repeated(obj, type_)


COMPARE_OPTIONS: dict[str, Any] = {
    "compare_type": True,
    "compare_server_default": True,
    "include_object": _include_object,
}


def alembic_config(connection: Connection | None = None, versions: Sequence[Path] = ()) -> Config:
    """Alembic's configuration, built in code (no ``alembic.ini``).

    Args:
        connection: the connection ``env.py`` migrates (it must hold the migration lock).
        versions: extra folders of revisions after ours (tests).
    """
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("path_separator", "os")
    locations = [SCRIPT_LOCATION / "versions", *map(Path, versions)]
    config.set_main_option("version_locations", os.pathsep.join(map(str, locations)))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.set_main_option("truncate_slug_length", "40")
    # New revision files come out formatted and lint-clean (`revision` below).
    config.set_section_option("post_write_hooks", "hooks", "ruff_fix, ruff_format")
    for hook, options in (("ruff_fix", "check --fix --quiet"), ("ruff_format", "format --quiet")):
        config.set_section_option("post_write_hooks", f"{hook}.type", "module")
        config.set_section_option("post_write_hooks", f"{hook}.module", "ruff")
        config.set_section_option(
            "post_write_hooks", f"{hook}.options", f"{options} REVISION_SCRIPT_FILENAME"
        )
    config.attributes["connection"] = connection
    return config


def _script(versions: Sequence[Path] = ()) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(versions=versions))


def head_version(versions: Sequence[Path] = ()) -> str:
    """The revision this code expects the store to be at (the head revision's id)."""
    head = _script(versions).get_current_head()
    assert head is not None, "no revisions in quiz_app/store/alembic/versions"
    return head


def known_versions(versions: Sequence[Path] = ()) -> set[str]:
    """Every revision id this code has."""
    return {s.revision for s in _script(versions).walk_revisions()}


def version_of(conn: Connection) -> str | None:
    """The store's revision: an Alembic revision id, ``legacy-N`` for a store of the old
    registry not adopted yet, or None for a store without schema."""
    insp = inspect(conn)
    if insp.has_table(VERSION_TABLE):
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    done = legacy.applied_versions(conn)
    return f"legacy-{max(done)}" if done else None


def current_version(engine: Engine) -> str | None:
    """The store's revision (see ``version_of``).

    Raises:
        StoreUnavailable: the database cannot be reached.
    """
    with transaction(engine) as conn:
        return version_of(conn)


def _newer_error(version: str, head: str) -> MigrationError:
    return MigrationError(
        N_(
            "the database is at schema version {version}, newer than this app (version "
            "{head}); upgrade the app"
        ),
        version=version,
        head=head,
    )


def _check_known(version: str | None, versions: Sequence[Path] = ()) -> None:
    if version is None:
        return
    if version.startswith("legacy-"):
        if int(version.removeprefix("legacy-")) > legacy.LEGACY_HEAD:
            raise _newer_error(version, head_version(versions))
        return
    if version not in known_versions(versions):
        raise _newer_error(version, head_version(versions))


def needs_upgrade(engine: Engine) -> bool:
    """Whether ``db upgrade`` has work to do (a new, an old or a pre-Alembic store).

    Raises:
        MigrationError: the store is newer than this code.
        StoreUnavailable: the database cannot be reached.
    """
    version = current_version(engine)
    _check_known(version)
    return version != head_version()


def require_current(engine: Engine) -> None:
    """Check that the store is at the head revision; nothing is changed.

    Raises:
        MigrationError: the store needs ``db upgrade``, or is newer than this code.
        StoreUnavailable: the database cannot be reached.
    """
    if needs_upgrade(engine):
        version = current_version(engine) or "none"
        raise MigrationError(
            N_("the database needs `{command}` (schema version {version}, this app needs {head})"),
            command=UPGRADE_COMMAND,
            version=version,
            head=head_version(),
        )


@contextmanager
def _migration_lock(conn: Connection) -> Iterator[None]:
    """Hold the lock that makes concurrent upgrades of one store take turns."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
        conn.commit()
        try:
            yield
        finally:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
        return
    with open(f"{conn.engine.url.database}.migrate-lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def lock_transaction(conn: Connection) -> None:
    """Take the migration lock for the caller's transaction (PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` already excludes other writers)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def _one_line(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"


def _adopt_legacy(conn: Connection) -> list[str]:
    """Bring a pre-Alembic store to version 3 and stamp it at the baseline; else nothing."""
    with conn.begin():
        if inspect(conn).has_table(VERSION_TABLE):
            return []
        done = legacy.applied_versions(conn)
    if not done:
        return []
    ran: list[str] = []
    for step in legacy.MIGRATIONS[max(done) :]:
        try:
            with conn.begin():
                legacy.apply_migration(conn, step)
        except Exception as exc:  # noqa: BLE001 - reported as one line, rolled back
            raise MigrationError(
                N_(
                    "old schema step {step_version} ({step_name}) failed and was rolled back: "
                    "{reason}"
                ),
                step_version=step.version,
                step_name=step.name,
                reason=_one_line(exc),
            ) from exc
        ran.append(f"legacy-{step.version}")
    with conn.begin():
        command.stamp(alembic_config(conn), BASELINE)
        conn.exec_driver_sql(f"DROP TABLE {legacy.MIGRATIONS_TABLE}")
    return [*ran, BASELINE]


def _pending(before: str | None, target: str, versions: Sequence[Path]) -> list[str]:
    script = _script(versions)
    upper = script.get_current_head() if target == "head" else target
    ordered = [s.revision for s in reversed(list(script.walk_revisions()))]
    start = ordered.index(before) + 1 if before else 0
    return ordered[start : ordered.index(upper) + 1] if upper in ordered else []


def _run_revisions(conn: Connection, target: str, versions: Sequence[Path]) -> list[str]:
    with conn.begin():
        before = version_of(conn)
    pending = _pending(before, target, versions)
    if not pending:
        return []
    try:
        command.upgrade(alembic_config(conn, versions), target)
    except Exception as exc:  # noqa: BLE001 - reported as one line, rolled back
        if conn.in_transaction():
            conn.rollback()
        with conn.begin():
            reached = version_of(conn)
        failed = pending[pending.index(reached) + 1 if reached in pending else 0]
        doc = _script(versions).get_revision(failed).doc
        raise MigrationError(
            N_("revision {failed} ({doc}) failed and was rolled back: {reason}"),
            failed=failed,
            doc=doc,
            reason=_one_line(exc),
        ) from exc
    return pending


def upgrade(engine: Engine, *, target: str = "head", versions: Sequence[Path] = ()) -> list[str]:
    """Bring the store to ``target`` (default: the head revision); return what was applied.

    The list names each revision run, in order; for a pre-Alembic store it starts with the
    old steps run (``legacy-2``, ``legacy-3``) and the baseline it was stamped at.

    Args:
        versions: extra folders of revisions after ours (tests).

    Raises:
        MigrationError: the store is newer than this code, or a revision failed (that
            revision is rolled back; earlier ones stay applied).
        StoreUnavailable: the database cannot be reached.
    """
    with transaction(engine) as conn:
        _check_known(version_of(conn), versions)
    with engine.connect() as conn, _migration_lock(conn):
        ran = _adopt_legacy(conn)
        return ran + _run_revisions(conn, target, versions)


def upgrade_in_transaction(conn: Connection, target: str) -> None:
    """Run the revisions up to ``target`` inside the caller's transaction (restore)."""
    command.upgrade(alembic_config(conn), target)


def drift(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate finds different between the store and the declared tables
    (empty when they match), as ``alembic check`` does."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={**COMPARE_OPTIONS, "target_metadata": metadata}
        )
        return compare_metadata(context, metadata)
