"""The audit log page: filtered by action and by account name, never by a typed number."""

from __future__ import annotations

import pytest
from store_support import open_page
from support import ROOT

from quiz_app import accounts
from quiz_app.authz import Role

AUDIT = str(ROOT / "quiz_app" / "app_pages" / "audit_log.py")


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    return sqlite_people_store


def _rows(at) -> list[tuple[str, str]]:
    frame = at.dataframe[0].value
    return list(zip(frame["account"], frame["action"], strict=True))


def test_the_log_filters_by_account_name_and_action(app_store):
    s = app_store
    accounts.change_role(s.engine, s.admin, s.trainer.account_id, Role.MANAGER)
    at = open_page(s.admin.account_id, AUDIT)
    accounts_box = at.selectbox(key="audit_actor")
    assert "admin" in accounts_box.options
    accounts_box.set_value(s.admin.account_id).run()
    rows = _rows(at)
    assert rows and {account for account, _ in rows} == {"admin"}
    at.selectbox(key="audit_action").set_value("role_change").run()
    assert _rows(at) == [("admin", "Role changed")]  # the stored action, as words


def test_the_account_filter_lists_names_not_numbers(app_store):
    at = open_page(app_store.admin.account_id, AUDIT)
    box = at.selectbox(key="audit_actor")
    assert box.label == "Acting account"
    assert box.options[0] == "(all)" and "admin" in box.options
    assert not any(option.isdigit() for option in box.options)
    assert not at.number_input
