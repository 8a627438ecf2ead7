"""Login sessions in the store: create, resolve, expire, revoke (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from quiz_app import accounts, audit, sessions, store
from quiz_app.authz import Role
from quiz_app.errors import NotFound, PermissionDenied, SessionEnded

T0 = datetime(2026, 3, 2, 9, 0)
MINUTE = timedelta(minutes=1)


def rows(engine):
    with store.transaction(engine) as conn:
        return conn.execute(select(store.sessions).order_by(store.sessions.c.id)).all()


def ended(engine, token: str, at: datetime) -> str:
    with pytest.raises(SessionEnded) as caught:
        sessions.resolve(engine, token, now=at)
    return caught.value.reason


def test_a_token_resolves_to_its_account_and_only_its_hash_is_stored(people_store):
    s = people_store
    token = sessions.create(s.engine, s.staff.account_id, client_hint="Firefox " * 40, now=T0)
    assert sessions.resolve(s.engine, token, now=T0 + MINUTE / 2) == s.staff
    [row] = rows(s.engine)
    assert token not in {str(v) for v in row}
    assert row.token_hash == sessions.token_hash(token) != token
    assert (row.created_at, row.idle_expires_at) == (T0, T0 + 30 * MINUTE)
    assert row.absolute_expires_at == T0 + timedelta(hours=12)
    assert len(row.client_hint) == sessions.CLIENT_HINT_LENGTH
    assert ended(s.engine, token + "x", T0) == sessions.UNKNOWN


def test_last_seen_moves_on_at_most_once_a_minute(people_store):
    s = people_store
    token = sessions.create(s.engine, s.staff.account_id, now=T0)
    for seconds in (10, 30, 59):
        sessions.resolve(s.engine, token, now=T0 + timedelta(seconds=seconds))
    assert rows(s.engine)[0].last_seen_at == T0
    sessions.resolve(s.engine, token, now=T0 + MINUTE)
    assert rows(s.engine)[0].last_seen_at == T0 + MINUTE
    assert rows(s.engine)[0].idle_expires_at == T0 + 31 * MINUTE


def test_a_session_idle_for_the_timeout_expires_and_the_expiry_is_audited_once(people_store):
    s = people_store
    token = sessions.create(s.engine, s.staff.account_id, now=T0)
    sessions.resolve(s.engine, token, now=T0 + 29 * MINUTE)  # in use: pushes the expiry on
    sessions.resolve(s.engine, token, now=T0 + 58 * MINUTE)
    assert ended(s.engine, token, T0 + 89 * MINUTE) == sessions.IDLE
    assert ended(s.engine, token, T0 + 90 * MINUTE) == sessions.IDLE
    [entry] = audit.list_entries(s.engine, s.admin, action=audit.SESSION_EXPIRE)
    assert entry.target == f"account:{s.staff.account_id}"
    assert entry.detail == {"session": rows(s.engine)[0].id, "reason": "idle"}
    with pytest.raises(SessionEnded, match=r"^Your session expired; log in again\.$"):
        sessions.resolve(s.engine, token, now=T0 + 91 * MINUTE)


def test_a_session_in_constant_use_still_ends_at_its_absolute_expiry(people_store, monkeypatch):
    monkeypatch.setenv("NIS2_SESSION_ABSOLUTE_SECONDS", "3600")
    s = people_store
    token = sessions.create(s.engine, s.staff.account_id, now=T0)
    for minutes in range(5, 60, 5):
        sessions.resolve(s.engine, token, now=T0 + minutes * MINUTE)
    assert rows(s.engine)[0].idle_expires_at == T0 + 60 * MINUTE  # never past the absolute
    assert ended(s.engine, token, T0 + 60 * MINUTE) == sessions.ABSOLUTE


def test_a_logout_ends_that_session_only_and_is_audited(people_store):
    s = people_store
    first = sessions.create(s.engine, s.staff.account_id, now=T0)
    second = sessions.create(s.engine, s.staff.account_id, now=T0)
    sessions.log_out(s.engine, first, now=T0 + MINUTE)
    sessions.log_out(s.engine, first, now=T0 + 2 * MINUTE)  # twice: once in the log
    assert ended(s.engine, first, T0 + 2 * MINUTE) == sessions.LOGOUT
    assert sessions.resolve(s.engine, second, now=T0 + 2 * MINUTE) == s.staff
    [entry] = audit.list_entries(s.engine, s.admin, action=audit.LOGOUT)
    assert entry.actor_account_id == s.staff.account_id


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda s: accounts.set_password(s.engine, s.admin, s.staff.account_id, "n" * 12),
            "password_change",
        ),
        (lambda s: accounts.set_disabled(s.engine, s.admin, s.staff.account_id, True), "disabled"),
        (
            lambda s: accounts.change_role(s.engine, s.admin, s.staff.account_id, Role.TRAINER),
            "role_change",
        ),
    ],
    ids=["password", "disable", "role"],
)
def test_an_account_change_ends_every_session_of_that_account_at_once(people_store, change, reason):
    s = people_store
    tokens = [sessions.create(s.engine, s.staff.account_id, now=T0) for _ in range(2)]
    other = sessions.create(s.engine, s.manager.account_id, now=T0)
    change(s)
    now = T0 + MINUTE
    assert [ended(s.engine, t, now) for t in tokens] == [reason, reason]
    assert sessions.resolve(s.engine, other, now=now) == s.manager
    [entry] = audit.list_entries(s.engine, s.admin, action=audit.SESSION_REVOKE)
    assert (entry.actor_account_id, entry.detail) == (
        s.admin.account_id,
        {"reason": reason, "sessions": 2},
    )


def test_a_disabled_account_is_refused_even_when_its_sessions_were_not_revoked(people_store):
    s = people_store
    token = sessions.create(s.engine, s.staff.account_id, now=T0)
    with store.transaction(s.engine) as conn:  # as `person erase` disables an account
        conn.execute(
            store.accounts.update()
            .where(store.accounts.c.id == s.staff.account_id)
            .values(disabled=True)
        )
    assert ended(s.engine, token, T0 + MINUTE) == sessions.DISABLED


def test_an_admin_lists_active_sessions_and_revokes_one_or_all_of_an_account(people_store):
    s = people_store
    staff = [
        sessions.create(s.engine, s.staff.account_id, client_hint="tab", now=T0) for _ in range(2)
    ]
    manager = sessions.create(s.engine, s.manager.account_id, now=T0 + MINUTE)
    expired = sessions.create(s.engine, s.trainer.account_id, now=T0 - timedelta(hours=1))
    now = T0 + 2 * MINUTE
    active = sessions.list_active(s.engine, s.admin, now=now)
    assert [(a.username, a.client_hint) for a in active] == [
        ("manager", None),
        ("staff", "tab"),
        ("staff", "tab"),
    ]
    sessions.revoke(s.engine, s.admin, active[0].id, now=now)
    assert ended(s.engine, manager, now) == sessions.ADMIN
    assert sessions.revoke_all(s.engine, s.admin, s.staff.account_id, now=now) == 2
    assert [ended(s.engine, t, now) for t in staff] == ["admin", "admin"]
    assert sessions.list_active(s.engine, s.admin, now=now) == []
    assert ended(s.engine, expired, now) == sessions.IDLE
    with pytest.raises(NotFound, match="no open session with id"):
        sessions.revoke(s.engine, s.admin, active[0].id, now=now)
    revokes = audit.list_entries(s.engine, s.admin, action=audit.SESSION_REVOKE)
    assert [e.detail for e in revokes] == [
        {"reason": "admin", "sessions": 2},
        {"reason": "admin", "session": active[0].id},
    ]
    for call in (
        lambda: sessions.list_active(s.engine, s.trainer),
        lambda: sessions.revoke(s.engine, s.staff, active[1].id),
        lambda: sessions.revoke_all(s.engine, s.manager, s.staff.account_id),
    ):
        with pytest.raises(PermissionDenied):
            call()
