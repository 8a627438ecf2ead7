"""Sessions in the app (AppTest): the account comes from a valid session on every run."""

from __future__ import annotations

import time

import pytest
from store_support import PASSWORD, log_in
from streamlit.testing.v1 import AppTest
from support import ROOT

from quiz_app import accounts, preferences, sessions, ui
from quiz_app.authz import Role
from quiz_app.errors import SessionEnded
from quiz_app.i18n import translator

APP = ROOT / "quiz_app" / "app.py"


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    return sqlite_people_store


def _app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_a_session_token_resolves_to_its_account_and_a_bare_account_id_does_not(app_store):
    at = _app()
    log_in(at, app_store.engine, app_store.trainer.account_id)
    at.run()
    assert _titles(at) == ["NIS 2 self-assessment"]
    assert "Training dashboard" in [e.proto.label for e in at.get("page_link")]
    forged = _app()
    forged.session_state["nis2_account_id"] = app_store.admin.account_id  # the old identity key
    forged.session_state[ui.TOKEN_KEY] = "made-up-token"
    forged.run()
    assert _titles(forged) == ["Log in"]
    assert [w.value for w in forged.warning] == ["Your session is no longer valid; log in again."]


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        (
            lambda s, token: sessions.log_out(s.engine, token),
            "You logged out (in this or another tab or window); log in again.",
        ),
        (
            lambda s, token: accounts.set_password(s.engine, s.admin, s.staff.account_id, "n" * 12),
            "Your password was changed; log in again.",
        ),
        (
            lambda s, token: accounts.change_role(
                s.engine, s.admin, s.staff.account_id, Role.TRAINER
            ),
            "Your role was changed; log in again.",
        ),
        (
            lambda s, token: sessions.revoke_all(s.engine, s.admin, s.staff.account_id),
            "An administrator ended your session; log in again.",
        ),
    ],
    ids=["logout-elsewhere", "password", "role", "admin"],
)
def test_a_session_ended_elsewhere_shows_the_login_with_its_reason_at_the_next_action(
    app_store, end, reason
):
    at = _app()
    token = log_in(at, app_store.engine, app_store.staff.account_id)
    at.run()
    assert _titles(at) == ["NIS 2 self-assessment"]
    end(app_store, token)
    at.run()  # the user's next action
    assert _titles(at) == ["Log in"]
    assert [w.value for w in at.warning] == [reason]
    at.run()
    assert not at.warning  # said once


def test_an_idle_session_expires(app_store, monkeypatch):
    monkeypatch.setenv("NIS2_SESSION_IDLE_SECONDS", "2")
    at = _app().run()  # the first run loads what the app caches; then log in
    log_in(at, app_store.engine, app_store.staff.account_id)
    at.run()
    assert _titles(at) == ["NIS 2 self-assessment"]
    time.sleep(2.2)
    at.run()
    assert _titles(at) == ["Log in"]
    assert [w.value for w in at.warning] == ["Your session expired; log in again."]


def test_the_login_form_starts_a_session_and_log_out_ends_it(app_store):
    at = _app().run()
    at.text_input(key="login_username").input("staff")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    token = at.session_state[ui.TOKEN_KEY]
    assert sessions.resolve(app_store.engine, token) == app_store.staff
    [active] = sessions.list_active(app_store.engine, app_store.admin)
    assert (active.username, active.client_hint) == ("staff", None)
    at.sidebar.button(key="logout").click().run()
    assert _titles(at) == ["Log in"]
    assert not at.warning  # logging out here needs no explanation
    assert sessions.list_active(app_store.engine, app_store.admin) == []


SESSIONS_PAGE = str(APP.parent / "app_pages" / "sessions_admin.py")


def test_the_admin_lists_active_sessions_and_revokes_one_and_all_of_an_account(app_store):
    s = app_store
    staff_tab = _app()
    staff_token = log_in(staff_tab, s.engine, s.staff.account_id)
    staff_tab.run()
    [log_in(_app(), s.engine, s.manager.account_id) for _ in range(2)]
    admin = _app()
    log_in(admin, s.engine, s.admin.account_id)
    admin.run()
    admin.switch_page(SESSIONS_PAGE).run()
    assert _titles(admin) == ["Sessions"]
    assert [h.value for h in admin.subheader] == ["admin (1)", "manager (2)", "staff (1)"]
    staff_row = next(a for a in sessions.list_active(s.engine, s.admin) if a.username == "staff")
    admin.button(key=f"session_revoke_{staff_row.id}").click().run()
    assert [m.value for m in admin.success] == ["Session of staff revoked."]
    assert [h.value for h in admin.subheader] == ["admin (1)", "manager (2)"]
    staff_tab.run()
    assert [w.value for w in staff_tab.warning] == [
        "An administrator ended your session; log in again."
    ]
    manager = s.manager.account_id
    admin.button(key=f"session_revoke_all_{manager}").click().run()
    assert [m.value for m in admin.success] == ["All 2 sessions of manager revoked."]
    assert [h.value for h in admin.subheader] == ["admin (1)"]
    with pytest.raises(SessionEnded):
        sessions.resolve(s.engine, staff_token)


def test_only_admins_reach_the_sessions_page(app_store):
    direct = AppTest.from_file(SESSIONS_PAGE, default_timeout=60)
    log_in(direct, app_store.engine, app_store.trainer.account_id)
    direct.run()
    assert [e.value for e in direct.error] == [
        "Not allowed: the trainer role may not manage sessions."
    ]


def test_a_german_reader_is_told_in_german_why_the_session_ended(app_store):
    preferences.set_language(app_store.engine, app_store.staff, "de")
    at = _app()
    log_in(at, app_store.engine, app_store.staff.account_id)
    at.run()
    sessions.revoke_all(app_store.engine, app_store.admin, app_store.staff.account_id)
    at.run()
    german = translator("de").gettext("An administrator ended your session; log in again.")
    assert german != "An administrator ended your session; log in again."
    assert [w.value for w in at.warning] == [german]
