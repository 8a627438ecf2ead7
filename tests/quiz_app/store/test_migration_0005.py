"""Revision 0005 (reminders, certificates, managers) keeps every record of a store at 0004."""

from __future__ import annotations

from alembic import command
from migration_support import as_before, contents, fill
from sqlalchemy import select
from test_migrations import assert_no_drift

from quiz_app import store
from quiz_app.store import migrations


def test_revision_0005_keeps_every_record_and_knows_no_manager_yet(store_url):
    """Filled by today's code (which reads the new column), then taken down to 0002 by the
    revision's own downgrade: a store as 0004 left it, with every kind of record."""
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)
    with store.transaction(engine) as conn:
        command.downgrade(migrations.alembic_config(conn), "0004")
    assert migrations.current_version(engine) == "0004"
    before = contents(engine)
    assert "manager_external_id" not in {c for c in _columns(engine, "people")}
    assert before["training_attempts"] and before["training_assignments"] and before["people"]

    assert migrations.upgrade(engine)[:1] == ["0005"]  # then any later revision

    after = contents(engine)
    assert as_before(after, before) == before
    assert after["reminder_messages"] == [] and after["certificates"] == []
    with store.transaction(engine) as conn:
        managers = conn.execute(select(store.people.c.manager_external_id)).scalars().all()
    assert managers and set(managers) == {None}
    assert_no_drift(engine)


def _columns(engine, table: str) -> list[str]:
    from sqlalchemy import inspect

    with store.transaction(engine) as conn:
        return [c["name"] for c in inspect(conn).get_columns(table)]
