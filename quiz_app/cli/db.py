"""``db upgrade|backup|verify|restore``: schema upgrades, backups and their checks."""

from __future__ import annotations

from pathlib import Path

import click

from quiz_app import maintenance
from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session

group = CommandGroup("db", help="Schema upgrades, backups, their checks and restores (admin).")


@group.command("upgrade")
@identity_options
@pass_session
def upgrade(session: Session) -> None:
    """Apply pending schema migrations (admin; no --as needed before the first admin
    exists). No other command migrates.

    \b
    Example:
      NIS2_PASSWORD=... python -m quiz_app --as admin db upgrade
    """
    engine = session.raw_engine()
    ran = maintenance.upgrade_store(engine, session.actor_or_bootstrap(engine))
    version = maintenance.schema_version(engine)
    if ran:
        click.echo(f"upgraded schema to version {version} (applied {', '.join(map(str, ran))})")
    else:
        click.echo(f"schema already at version {version}")


@group.command("backup")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@identity_options
@pass_session
def backup(session: Session, file: Path) -> None:
    """Write one consistent snapshot of the store, with its manifest, to FILE (mode 0600):
    a SQLite copy, or portable JSON when FILE ends in .json (always JSON for PostgreSQL)
    (admin).

    \b
    Example:
      python -m quiz_app --as admin db backup var/backup-2025-01-31.db
    """
    engine = session.engine()
    manifest = maintenance.backup_store(engine, session.actor(engine), file)
    click.echo(f"backup written to {file}: {manifest.summary()}")


@group.command("verify")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
def verify(file: Path) -> None:
    """Check FILE, a file written by `db backup`, without touching any store: its manifest,
    checksum, the tables and columns of its schema version and its foreign keys. Prints one
    line; exits 1 on any problem.

    \b
    Example:
      python -m quiz_app db verify var/backup-2025-01-31.db
    """
    manifest = maintenance.verify_backup(file)
    click.echo(f"{file}: ok: {manifest.summary()}")


@group.command("restore")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@identity_options
@pass_session
def restore(session: Session, file: Path) -> None:
    """Replace the store's contents with FILE, a file written by `db backup`, after checking
    it in a scratch store, at the current schema version (admin; no --as needed on a store
    without admin). On any problem the store is left as it was.

    \b
    Example:
      python -m quiz_app --as admin db restore var/backup-2025-01-31.db
    """
    engine = session.raw_engine()
    manifest = maintenance.restore_store(engine, session.actor_or_bootstrap(engine), file)
    version = maintenance.schema_version(engine)
    click.echo(f"restored {file} (schema version {version}): {manifest.summary()}")
