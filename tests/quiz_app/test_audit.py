"""Audit log: what is recorded, filtering, and append-only on both backends."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from quiz_app import accounts, audit, authentication, store
from quiz_app.errors import AuthenticationFailed, PermissionDenied


def test_logins_failures_and_role_changes_are_recorded_with_ids_only(people_store):
    s = people_store
    authentication.authenticate(s.engine, "staff", "correct horse battery")
    with pytest.raises(AuthenticationFailed):
        authentication.authenticate(s.engine, "staff@example.org", "nope")
    accounts.change_role(s.engine, s.admin, s.staff.account_id, "trainer")
    entries = audit.list_entries(s.engine, s.admin)
    kinds = [(e.action, e.target) for e in entries[:3]]
    assert kinds == [
        ("role_change", f"account:{s.staff.account_id}"),
        ("login_failed", "account:unknown"),
        ("login", f"account:{s.staff.account_id}"),
    ]
    assert entries[0].actor_account_id == s.admin.account_id
    assert entries[0].detail == {"from": "staff", "to": "trainer"}
    assert "example.org" not in json.dumps([e.detail for e in entries])


def test_filters(people_store):
    s = people_store
    only = audit.list_entries(s.engine, s.admin, action="person_create")
    assert {e.action for e in only} == {"person_create"} and len(only) == 4
    assert audit.list_entries(s.engine, s.admin, actor_account_id=999) == []
    assert audit.list_entries(s.engine, s.admin, since=store.utcnow().replace(year=2999)) == []
    assert "account_create" in audit.known_actions(s.engine, s.admin)


def test_only_admins_view_the_log(people_store):
    for actor in (people_store.staff, people_store.manager, people_store.trainer):
        with pytest.raises(PermissionDenied):
            audit.list_entries(people_store.engine, actor)


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
)
def test_the_database_refuses_to_change_the_log(people_store, statement):
    with (
        pytest.raises(DBAPIError, match="append-only"),
        store.transaction(people_store.engine) as conn,
    ):
        conn.execute(text(statement))
    assert len(audit.list_entries(people_store.engine, people_store.admin)) > 0


def test_e_mail_addresses_are_refused_in_entries(store_engine):
    with (
        pytest.raises(ValueError, match="must not contain e-mail"),
        store.transaction(store_engine) as conn,
    ):
        audit.record(conn, None, audit.EXPORT, "person:1", {"to": "a@b.org"})


def test_a_batch_is_recorded_row_by_row_and_refused_whole_if_one_names_an_address(
    people_store,
):
    s = people_store
    batch = [("reminder_sent", f"assignment:{n}", {"kind": "assigned"}) for n in (1, 2)]
    with store.transaction(s.engine) as conn:
        audit.record_many(conn, s.trainer.account_id, batch)
    entries = audit.list_entries(s.engine, s.admin, action="reminder_sent")
    assert sorted(e.target for e in entries) == ["assignment:1", "assignment:2"]
    assert {e.actor_account_id for e in entries} == {s.trainer.account_id}
    with pytest.raises(ValueError, match="e-mail"), store.transaction(s.engine) as conn:
        audit.record_many(conn, None, [*batch, ("x", "to:a@example.org", None)])
    assert len(audit.list_entries(s.engine, s.admin, action="reminder_sent")) == 2
