"""Revision 0007 (each answer's question version) keeps every record of a store at 0006."""

from __future__ import annotations

from alembic import command
from migration_support import as_before, contents, fill
from sqlalchemy import inspect, select
from test_migrations import assert_no_drift

from quiz_app import store
from quiz_app.store import migrations


def test_revision_0007_keeps_every_answer_and_leaves_its_question_version_unknown(store_url):
    """Filled by today's code, taken down to 0006 by the revision's own downgrade, then
    upgraded: every row is back and no earlier answer claims a question version."""
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    fill(store_url, engine)
    with store.transaction(engine) as conn:
        command.downgrade(migrations.alembic_config(conn), "0006")
    assert migrations.current_version(engine) == "0006"
    before = contents(engine)
    with store.transaction(engine) as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("assessment_answers")}
    assert "question_version" not in columns
    assert before["assessment_answers"] and before["assessments"]

    assert migrations.upgrade(engine)[0] == "0007"  # then any later revision

    after = contents(engine)
    assert as_before(after, before) == before
    with store.transaction(engine) as conn:
        versions = conn.execute(select(store.assessment_answers.c.question_version)).scalars()
        assert set(versions) == {None}
    assert_no_drift(engine)
