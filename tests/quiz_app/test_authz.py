"""Role x action matrix: every role against every action, page and CLI command."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from store_support import PASSWORD, log_in, run_cli
from streamlit.testing.v1 import AppTest
from support import FIXTURES, ROOT

from quiz_app import accounts, cli, sessions, store, ui
from quiz_app.authz import Action, Actor, Role, require
from quiz_app.errors import PermissionDenied
from quiz_app.store import backup, migrations
from quiz_app.ui import navigation

APP = str(ROOT / "quiz_app" / "app.py")
PAGES_DIR = Path(APP).parent
ALL = set(Role)
ADMIN = {Role.ADMIN}

# The intended matrix, written out independently of quiz_app.authz.PERMISSIONS.
EXPECTED: dict[Action, set[Role]] = {
    Action.VIEW_HOME: ALL,
    Action.TAKE_ASSESSMENT: ALL,
    Action.TAKE_MANAGEMENT_TRACK: {Role.MANAGER},
    Action.VIEW_OWN_RESULTS: ALL,
    Action.TAKE_TRAINING: ALL,
    Action.VIEW_TEAM_AGGREGATES: {Role.MANAGER},
    Action.VIEW_COMPLETIONS: {Role.TRAINER},
    Action.EXPORT_COMPLETIONS: {Role.TRAINER},
    Action.ASSIGN_TRAINING: {Role.TRAINER},
    Action.VIEW_PERSON_TRAINING: {Role.TRAINER, Role.ADMIN},
    Action.SEND_REMINDERS: {Role.TRAINER},
    Action.MANAGE_PEOPLE: ADMIN,
    Action.IMPORT_PEOPLE: ADMIN,
    Action.MANAGE_ACCOUNTS: ADMIN,
    Action.MANAGE_SESSIONS: ADMIN,
    Action.VIEW_AUDIT: ADMIN,
    Action.EXPORT_PERSON: ADMIN,
    Action.ERASE_PERSON: ADMIN,
    Action.DB_ADMIN: ADMIN,
    Action.MANAGE_ORGANISATION: ADMIN,
    Action.RUN_ROUNDS: {Role.MANAGER, Role.ADMIN},
    Action.RECORD_APPROVAL: {Role.MANAGER},
    Action.VIEW_APPROVALS: {Role.MANAGER},
    Action.WORK_ON_ACTIONS: ALL,
    Action.MANAGE_ACTIONS: {Role.MANAGER, Role.ADMIN},
    Action.SET_TARGETS: {Role.MANAGER, Role.ADMIN},
}


def test_expected_matrix_covers_every_action():
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_require(role, action):
    actor = Actor(1, role, person_id=7)
    if role in EXPECTED[action]:
        require(actor, action, owner_person_id=7)
    else:
        with pytest.raises(PermissionDenied, match=f"^the {role} role may not "):
            require(actor, action, owner_person_id=7)


@pytest.mark.parametrize("action", [Action.TAKE_ASSESSMENT, Action.VIEW_OWN_RESULTS])
@pytest.mark.parametrize("role", list(Role))
def test_own_records_only_even_for_admins(role, action):
    with pytest.raises(PermissionDenied, match="only see and change your own records"):
        require(Actor(1, role, person_id=7), action, owner_person_id=8)
    with pytest.raises(PermissionDenied, match="not linked to a person"):
        require(Actor(1, role, person_id=None), action, owner_person_id=8)


def test_nobody_logged_in_may_do_nothing():
    for action in Action:
        with pytest.raises(PermissionDenied, match="please log in first"):
            require(None, action)


# --- pages, through the entry point -----------------------------------------------------


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    return sqlite_people_store


def _app(account_id: int | None, path: str = APP) -> AppTest:
    at = AppTest.from_file(path, default_timeout=30)
    if account_id is not None:
        log_in(at, store.database_url(), account_id)
    return at.run()


@pytest.mark.parametrize("role", list(Role))
def test_every_page_for_every_role(app_store, role):
    actor = app_store.actor(role)
    at = _app(actor.account_id)
    assert not at.exception
    for page in navigation.PAGES:
        path = str(PAGES_DIR / page.path)
        if role in EXPECTED[page.action]:
            at.switch_page(path).run()
            assert not at.exception, page.path
            assert [t.value for t in at.title] == [
                page.title if page.title != "Home" else "NIS 2 self-assessment"
            ]
            assert not at.error, page.path
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(path)
            direct = _app(actor.account_id, path)  # reached by URL: error and nothing else
            assert [e.value for e in direct.error] == [
                f"Not allowed: the {role} role may not {page.action.value.replace('_', ' ')}."
            ]
            assert not direct.title and not direct.dataframe and not direct.exception


def test_pages_without_login_show_only_the_login_page(app_store):
    at = _app(None)
    assert [t.value for t in at.title] == ["Log in"]
    for page in navigation.PAGES:
        direct = _app(None, str(PAGES_DIR / page.path))
        assert [e.value for e in direct.error] == ["Not allowed: please log in first."]


def test_login_form_logs_in_and_wrong_password_does_not(app_store):
    at = _app(None)
    at.text_input(key="login_username").input("trainer")
    at.text_input(key="login_password").input("wrong password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Wrong username or password"]
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    token = at.session_state[ui.TOKEN_KEY]
    assert sessions.resolve(app_store.engine, token) == app_store.trainer
    assert [t.value for t in at.title] == ["NIS 2 self-assessment"]


def test_fresh_store_offers_only_first_admin_creation(sqlite_url, monkeypatch, caplog):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_url)
    migrations.upgrade(store.get_engine(sqlite_url))  # as `make run` does before the app
    with caplog.at_level(logging.WARNING, logger="quiz_app.setup"):
        at = _app(None)
    assert [t.value for t in at.title] == ["Create the first admin account"]
    token = caplog.records[-1].getMessage().rsplit(" ", 1)[-1]  # printed to the log at start
    at.text_input(key="setup_token").input(token)
    at.text_input(key="setup_username").input("root")
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_repeat").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Log in"]
    assert [m.value for m in at.success] == ["Admin **root** created: log in with it."]
    at.run()
    assert not at.success  # shown once


def test_disabled_account_is_logged_out_at_next_run(app_store):
    at = _app(app_store.staff.account_id)
    accounts.set_disabled(app_store.engine, app_store.admin, app_store.staff.account_id, True)
    at.run()
    assert [t.value for t in at.title] == ["Log in"]


# --- CLI commands -----------------------------------------------------------------------

CLI_COMMANDS: dict[tuple[str, str], tuple[list[str], Action]] = {
    ("db", "upgrade"): (["db", "upgrade"], Action.DB_ADMIN),
    ("db", "backup"): (["db", "backup", "{tmp}/b.db"], Action.DB_ADMIN),
    ("db", "restore"): (["db", "restore", "{tmp}/ready.db"], Action.DB_ADMIN),
    ("users", "add"): (
        ["users", "add", "--username", "new", "--role", "staff", "--password-stdin"],
        Action.MANAGE_ACCOUNTS,
    ),
    ("users", "list"): (["users", "list"], Action.MANAGE_ACCOUNTS),
    ("users", "set-role"): (
        ["users", "set-role", "--username", "trainer", "--role", "staff"],
        Action.MANAGE_ACCOUNTS,
    ),
    ("users", "disable"): (["users", "disable", "--username", "trainer"], Action.MANAGE_ACCOUNTS),
    ("users", "enable"): (["users", "enable", "--username", "trainer"], Action.MANAGE_ACCOUNTS),
    ("users", "link"): (
        ["users", "link", "--username", "trainer", "--person", "P-staff"],
        Action.MANAGE_ACCOUNTS,
    ),
    ("person", "export"): (["person", "export", "P-staff"], Action.EXPORT_PERSON),
    ("person", "erase"): (["person", "erase", "P-staff", "--yes"], Action.ERASE_PERSON),
    ("sessions", "list"): (["sessions", "list"], Action.MANAGE_SESSIONS),
    ("sessions", "revoke"): (
        ["sessions", "revoke", "--username", "trainer"],
        Action.MANAGE_SESSIONS,
    ),
    ("audit", "list"): (["audit", "list"], Action.VIEW_AUDIT),
    ("people", "import"): (
        ["people", "import", str(FIXTURES / "people-20.csv")],
        Action.IMPORT_PEOPLE,
    ),
    ("training", "assign"): (
        ["training", "assign", "--module", "cyber-hygiene", "--due", "2099-01-31"],
        Action.ASSIGN_TRAINING,
    ),
    ("reminders", "send"): (["reminders", "send", "--dry-run"], Action.SEND_REMINDERS),
    ("export", ""): (
        ["export", "--format", "csv", "--out", "{tmp}/c.csv"],
        Action.EXPORT_COMPLETIONS,
    ),
    ("organisation", "show"): (["organisation", "show"], Action.VIEW_HOME),
    ("organisation", "set"): (
        ["organisation", "set", "--name", "Acme SA", "--member-states", "PL,DE"],
        Action.MANAGE_ORGANISATION,
    ),
    ("rounds", "list"): (["rounds", "list"], Action.RUN_ROUNDS),
    ("rounds", "open"): (
        ["rounds", "open", "--title", "Review", "--track", "management"]
        + ["--deadline", "2099-01-31", "--board"],
        Action.RUN_ROUNDS,
    ),
    ("approvals", "list"): (["approvals", "list"], Action.VIEW_APPROVALS),
}


def test_matrix_covers_every_cli_command():
    # `config` reads only the environment, `db verify` only a file: they act as nobody and
    # touch no store. `rounds close` needs a round: its matrix is in test_governance_cli.py.
    # `certificate verify` answers anyone who holds a code (its own tests).
    untested = {("config", ""), ("db", "verify"), ("rounds", "close"), ("certificate", "verify")}
    assert set(CLI_COMMANDS) == set(cli.commands()) - untested


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("command", list(CLI_COMMANDS), ids="-".join)
def test_every_cli_command_for_every_role(
    sqlite_people_store, monkeypatch, tmp_path, role, command
):
    s = sqlite_people_store
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    backup.backup(s.engine, tmp_path / "ready.db")
    argv, action = CLI_COMMANDS[command]
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, _, err = run_cli(["--as", role.value, *argv], stdin=PASSWORD + "\n")
    if role in EXPECTED[action]:
        assert (code, err) == (0, "")
    else:
        assert code == cli.EXIT_DENIED
        assert err == (f"error: the {role} role may not {action.value.replace('_', ' ')}\n")
