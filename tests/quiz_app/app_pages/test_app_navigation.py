"""The app's navigation: who sees which page, logging out from any page (AppTest)."""

from __future__ import annotations

import logging

import pytest
from store_support import PASSWORD, log_in
from streamlit.testing.v1 import AppTest
from support import ROOT

from quiz_app import accounts, audit, authentication, setup_token, store, ui
from quiz_app.authz import Role
from quiz_app.errors import PermissionDenied
from quiz_app.store import migrations
from quiz_app.ui import navigation

APP = ROOT / "quiz_app" / "app.py"
OWN_RECORDS = {"assessment", "results", "history", "my_training"}


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    return sqlite_people_store


def test_an_account_without_a_person_is_not_offered_pages_about_its_own_records() -> None:
    for role in Role:
        with_person = {p.url_path for p in navigation.pages_for(role)}
        without = {p.url_path for p in navigation.pages_for(role, has_person=False)}
        assert without == with_person - OWN_RECORDS, role
    assert {p.url_path for p in navigation.pages_for(Role.TRAINER)} >= OWN_RECORDS


def test_log_out_from_the_sidebar_of_any_page(app_store) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    log_in(at, app_store.engine, app_store.trainer.account_id)
    at.run()
    at.switch_page(str(APP.parent / "app_pages" / "trainer_dashboard.py")).run()
    assert [t.value for t in at.title] == ["Training dashboard"]
    at.sidebar.button(key="logout").click().run()
    assert ui.TOKEN_KEY not in at.session_state
    assert [t.value for t in at.title] == ["Log in"]
    [entry] = audit.list_entries(app_store.engine, app_store.admin, action=audit.LOGOUT)
    assert entry.actor_account_id == app_store.trainer.account_id


def test_home_of_an_account_without_a_person_links_only_what_it_can_use(app_store) -> None:
    s = app_store
    trainer = accounts.create_account(
        s.engine, s.admin, username="loose", role=Role.TRAINER, password="x" * 12
    )
    at = AppTest.from_file(str(APP), default_timeout=60)
    log_in(at, s.engine, trainer)
    at.run()
    assert not at.exception
    assert not at.info  # nothing to ask an administrator for: a trainer needs no person
    links = [element.proto.label for element in at.get("page_link")]
    assert "Training dashboard" in links
    assert not {"Self-assessment", "Results", "History", "My training"} & set(links)


def _setup_app(sqlite_url, monkeypatch, caplog) -> tuple[AppTest, str]:
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_url)
    migrations.upgrade(store.get_engine(sqlite_url))  # as `make run` does before the app
    with caplog.at_level(logging.WARNING, logger="quiz_app.setup"):
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
    [printed] = [r.getMessage() for r in caplog.records if r.name == "quiz_app.setup"]
    assert printed.startswith("No admin account yet.")
    return at, printed.rsplit(" ", 1)[-1]


def _create_admin(at: AppTest, token: str | None) -> None:
    if token is not None:
        at.text_input(key="setup_token").input(token)
    at.text_input(key="setup_username").input("root")
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_repeat").input(PASSWORD)
    at.button[0].click().run()


def test_first_admin_needs_the_setup_token_from_the_log(sqlite_url, monkeypatch, caplog):
    at, token = _setup_app(sqlite_url, monkeypatch, caplog)
    engine = store.get_engine(sqlite_url)
    for wrong in (None, "guess", token[:-1]):
        _create_admin(at, wrong)
        assert not at.exception
        assert [e.value for e in at.error] == [ui.plain(PermissionDenied(setup_token.WRONG_TOKEN))]
        assert [t.value for t in at.title] == ["Create the first admin account"]
    assert not accounts.admin_exists(engine)
    _create_admin(at, token)
    assert [t.value for t in at.title] == ["Log in"]
    admin = authentication.authenticate(engine, "root", PASSWORD)
    refused = audit.list_entries(engine, admin, action=audit.SETUP_REFUSED)
    assert [(e.target, e.detail) for e in refused] == [("store", {"reason": "wrong_token"})] * 3
    with pytest.raises(PermissionDenied):  # used up
        setup_token.create_first_admin(engine, token, username="root2", password=PASSWORD)


@pytest.mark.parametrize("make", ["new", "old"])
def test_the_app_says_the_database_needs_an_upgrade_and_changes_nothing(
    sqlite_url, monkeypatch, caplog, make
) -> None:
    from migration_support import old_store

    from quiz_app import store
    from quiz_app.store import migrations

    engine = store.get_engine(sqlite_url)
    if make == "old":
        old_store(engine)
    before = migrations.current_version(engine)
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_url)
    at = AppTest.from_file(str(APP), default_timeout=60)
    for _ in range(2):  # on every run, whichever page it was asked for
        at.run()
        assert not at.exception
        assert [e.value for e in at.error] == [
            "The database needs `python -m quiz_app db upgrade` "
            f"(schema version {before or 'none'}, this app needs {migrations.head_version()})."
        ]
        assert not at.title
    assert migrations.current_version(engine) == before
    assert "needs `python -m quiz_app db upgrade`" in caplog.text
