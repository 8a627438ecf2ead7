"""Revision 0006 (each account's language) keeps every record of a store at 0005."""

from __future__ import annotations

from alembic import command
from migration_support import as_before, contents, fill
from sqlalchemy import inspect, select
from test_migrations import assert_no_drift

from quiz_app import store
from quiz_app.store import migrations


def test_revision_0006_keeps_every_record_and_leaves_each_language_unchosen(store_url):
    """Filled by today's code, taken down to 0005 by the revision's own downgrade, then
    upgraded: every row is back and no account has chosen a language yet."""
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)
    with store.transaction(engine) as conn:
        command.downgrade(migrations.alembic_config(conn), "0005")
    assert migrations.current_version(engine) == "0005"
    before = contents(engine)
    with store.transaction(engine) as conn:
        assert "locale" not in {c["name"] for c in inspect(conn).get_columns("accounts")}
    assert before["accounts"] and before["people"] and before["assessments"]

    assert migrations.upgrade(engine)[0] == "0006"  # then any later revision

    after = contents(engine)
    assert as_before(after, before) == before
    with store.transaction(engine) as conn:
        locales = conn.execute(select(store.accounts.c.locale)).scalars().all()
    assert locales and set(locales) == {None}
    assert_no_drift(engine)
