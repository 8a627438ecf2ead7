"""Store maintenance as an acting account: schema check and upgrade, backup, verify, restore,
bootstrap.

Only ``upgrade_store`` (``db upgrade``), ``restore_store`` (``db restore``) and the first
admin's creation on an empty store (``prepare_first_admin``) change the schema; everything
else calls ``check_schema`` and refuses to work on an older store. While no enabled admin
exists (a fresh install), ``upgrade_store`` and ``restore_store`` accept ``actor=None``
(bootstrap); otherwise they require ``Action.DB_ADMIN``. Each change is audited.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from quiz_app import accounts, audit
from quiz_app.authz import Action, Actor, Role, require
from quiz_app.errors import PermissionDenied, SchemaOutdated
from quiz_app.i18n import N_
from quiz_app.store import accounts as accounts_table
from quiz_app.store import backup, check_available, get_engine, migrations, restore, transaction
from quiz_app.store.snapshot import Manifest

UPGRADE_COMMAND = "python -m quiz_app db upgrade"


def open_store(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: ``NIS2_DATABASE_URL``), checked to be reachable.

    Raises:
        ConfigError: the URL is malformed or names an unsupported backend.
        StoreUnavailable: the database cannot be reached.
    """
    engine = get_engine(url)
    check_available(engine)
    return engine


def has_admin(engine: Engine) -> bool:
    """Whether an enabled admin exists (False on a store without tables)."""
    with transaction(engine) as conn:
        if not inspect(conn).has_table("accounts"):
            return False
    return accounts.admin_exists(engine)


def schema_version(engine: Engine) -> str | None:
    """The store's schema revision (None for an empty store)."""
    return migrations.current_version(engine)


def check_schema(engine: Engine) -> None:
    """Return if the store's schema is the one this code expects, else raise.

    Raises:
        SchemaOutdated: the store is older (or empty); ``db upgrade`` brings it up.
        MigrationError: the store is newer than this code.
    """
    if not migrations.needs_upgrade(engine):  # raises MigrationError for a newer store
        return
    current = migrations.current_version(engine) or "none"
    raise SchemaOutdated(
        N_(
            "the database is at schema version {current}, this app needs version {head}: run "
            "`{command}`"
        ),
        current=current,
        head=migrations.head_version(),
        command=UPGRADE_COMMAND,
    )


def _require_db_admin(engine: Engine, actor: Actor | None) -> None:
    if actor is None and not has_admin(engine):
        return  # bootstrap: nobody can log in yet
    require(actor, Action.DB_ADMIN)


def upgrade_store(engine: Engine, actor: Actor | None) -> list[str]:
    """Apply pending migrations (audited when any ran); return the revisions applied.

    Raises:
        PermissionDenied: an admin exists and ``actor`` is not one.
        MigrationError: the store is newer than this code, or a migration failed.
    """
    _require_db_admin(engine, actor)
    ran = migrations.upgrade(engine)
    if ran:
        with transaction(engine) as conn:
            audit.record(
                conn,
                actor.account_id if actor else None,
                audit.DB_UPGRADE,
                "store",
                {"applied": ran},
            )
    return ran


def backup_store(engine: Engine, actor: Actor, path: Path) -> Manifest:
    """Write a backup of the whole store to ``path`` (audited); return its manifest.

    Raises:
        PermissionDenied: ``actor`` may not administer the store.
        BackupError: the file cannot be written.
    """
    require(actor, Action.DB_ADMIN)
    manifest = backup.backup(engine, path)
    with transaction(engine) as conn:
        audit.record(
            conn,
            actor.account_id,
            audit.DB_BACKUP,
            "store",
            {"format": manifest.format, "manifest": manifest.to_dict()},
        )
    return manifest


def verify_backup(path: Path) -> Manifest:
    """Check a backup file without touching any store; return its manifest.

    Raises:
        BackupError: the file is not a sound backup this app can restore.
    """
    return backup.verify(path)


def restore_store(engine: Engine, actor: Actor | None, path: Path) -> Manifest:
    """Replace the store's contents with a checked backup at the head revision (audited:
    who, which file, its manifest); return the backup's manifest.

    Raises:
        PermissionDenied: an admin exists and ``actor`` is not one.
        BackupError: the file cannot be restored (store unchanged).
    """
    _require_db_admin(engine, actor)
    who = _username(engine, actor)
    manifest = restore.restore(engine, path)
    with transaction(engine) as conn:
        audit.record(
            conn,
            actor.account_id if actor else None,
            audit.DB_RESTORE,
            "store",
            {
                "by": who,
                "file": str(Path(path).resolve()),
                "manifest": manifest.to_dict(),
                "schema_version": migrations.version_of(conn),
            },
        )
    return manifest


def _username(engine: Engine, actor: Actor | None) -> str | None:
    if actor is None:
        return None
    with transaction(engine) as conn:
        return conn.execute(
            select(accounts_table.c.username).where(accounts_table.c.id == actor.account_id)
        ).scalar()


def prepare_first_admin(engine: Engine, role: Role) -> None:
    """Check that the first account (created without logging in) may be made now.

    The first account must be an admin. A brand-new, empty store gets its schema here, so
    ``users add --username admin --role admin`` works on a fresh install; a store with an
    older schema must be upgraded with ``db upgrade`` first.

    Raises:
        PermissionDenied: ``role`` is not admin.
        SchemaOutdated, MigrationError: the store's schema is not this code's.
    """
    if role is not Role.ADMIN:
        raise PermissionDenied(N_("the first account must be an admin: use --role admin"))
    if migrations.current_version(engine) is None:
        migrations.upgrade(engine)
    check_schema(engine)
