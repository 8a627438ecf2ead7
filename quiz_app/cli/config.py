"""``config``: the settings this process reads, secrets masked."""

from __future__ import annotations

import click

from quiz_app.cli.common import Session, identity_options, pass_session
from quiz_app.config import describe, get_settings


@click.command("config", short_help="Print every setting, secrets masked.")
@identity_options
@pass_session
def config(session: Session) -> None:
    """Print every setting (its NIS2_* environment variable, value and meaning) with
    secrets masked; --database-url, when given, shows instead of NIS2_DATABASE_URL.

    \b
    Example:
      python -m quiz_app config
    """
    settings = get_settings()
    if session.database_url:
        settings = settings.model_copy(update={"database_url": session.database_url})
    rows = describe(settings)
    width = max(len(name) for name, _, _ in rows)
    for name, value, meaning in rows:
        click.echo(f"{name:<{width}}  {value}")
        click.echo(f"{'':<{width}}  {meaning}")
