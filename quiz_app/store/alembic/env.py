"""Alembic's environment: run by ``quiz_app.store.migrations`` on a connection it passes in.

The connection comes in ``config.attributes["connection"]`` (there is no ``alembic.ini``):
the caller holds the migration lock on it and decides whether the revisions run in their own
transactions (the default: one transaction per revision) or inside the caller's (restore).
"""

from __future__ import annotations

from alembic import context

from quiz_app.store import migrations
from quiz_app.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations with `python -m quiz_app db upgrade` "
        "(or `python -m quiz_app.store.alembic` for new revisions)"
    )
context.configure(
    connection=connection,
    target_metadata=metadata,
    transaction_per_migration=True,
    render_as_batch=connection.dialect.name == "sqlite",
    **migrations.COMPARE_OPTIONS,
)
with context.begin_transaction():
    context.run_migrations()
