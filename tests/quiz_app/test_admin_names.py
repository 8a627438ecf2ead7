"""Admins see accounts and audit actors by name, and filter the audit log by account name."""

from __future__ import annotations

import pytest
from store_support import PASSWORD

from quiz_app import accounts, audit
from quiz_app.authz import Role
from quiz_app.errors import PermissionDenied


def test_accounts_show_their_person_by_name_and_hr_id(people_store):
    s = people_store
    rows = {r.account.username: r for r in accounts.list_accounts_with_people(s.engine, s.admin)}
    assert (rows["staff"].person_name, rows["staff"].person_hr_id) == ("Sam Staff", "P-staff")
    unlinked = accounts.create_account(
        s.engine, s.admin, username="robot", role=Role.STAFF, password=PASSWORD
    )
    rows = {r.account.id: r for r in accounts.list_accounts_with_people(s.engine, s.admin)}
    assert (rows[unlinked].person_name, rows[unlinked].person_hr_id) == (None, None)
    with pytest.raises(PermissionDenied):
        accounts.list_accounts_with_people(s.engine, s.staff)


def test_audit_log_offers_the_acting_accounts_by_name(people_store):
    s = people_store
    accounts.change_role(s.engine, s.admin, s.trainer.account_id, Role.MANAGER)
    acting = audit.acting_accounts(s.engine, s.admin)
    assert acting[s.admin.account_id] == "admin"
    assert s.trainer.account_id not in acting  # only the accounts that did something
    by_admin = audit.list_entries(s.engine, s.admin, actor_account_id=s.admin.account_id)
    assert by_admin and {e.actor_account_id for e in by_admin} == {s.admin.account_id}
    assert "role_change" in audit.known_actions(s.engine, s.admin)
    with pytest.raises(PermissionDenied):
        audit.acting_accounts(s.engine, s.staff)
