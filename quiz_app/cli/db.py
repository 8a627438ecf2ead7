"""``db upgrade|backup|restore``: the only commands that change the store's schema."""

from __future__ import annotations

from pathlib import Path

import click

from quiz_app import maintenance
from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session

group = CommandGroup("db", help="Schema upgrades, backups and restores (admin).")


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
    """Write a backup to FILE: a SQLite copy, or portable JSON when FILE ends in .json
    (always JSON for PostgreSQL) (admin).

    \b
    Example:
      python -m quiz_app --as admin db backup var/backup-2025-01-31.db
    """
    engine = session.engine()
    kind = maintenance.backup_store(engine, session.actor(engine), file)
    click.echo(f"backup written to {file} ({kind})")


@group.command("restore")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@identity_options
@pass_session
def restore(session: Session, file: Path) -> None:
    """Replace the store's contents with FILE, a file written by `db backup`, then upgrade
    it (admin; no --as needed on a store without admin).

    \b
    Example:
      python -m quiz_app --as admin db restore var/backup-2025-01-31.db
    """
    engine = session.raw_engine()
    version = maintenance.restore_store(engine, session.actor_or_bootstrap(engine), file)
    click.echo(f"restored {file} (schema version {version})")
