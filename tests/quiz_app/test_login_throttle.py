"""Login throttling under concurrency: counted before the password check, per username and
per address, decaying, and never locking one admin out because another is attacked."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from store_support import PASSWORD

from quiz_app import accounts, audit, authentication, store, throttle
from quiz_app.authz import Role
from quiz_app.errors import AuthenticationFailed, LoginThrottled

LIMIT = throttle.USERNAME_RULE.limit
ATTACKER = "203.0.113.7"


def _concurrently(attempts) -> dict[str, list]:
    """Run each zero-argument callable in its own thread, all released at once."""
    barrier = threading.Barrier(len(attempts))
    outcomes: dict[str, list] = {"ok": [], "checked": [], "throttled": [], "other": []}

    def run(attempt) -> None:
        barrier.wait()
        try:
            attempt()
        except LoginThrottled:
            outcomes["throttled"].append(1)
        except AuthenticationFailed:
            outcomes["checked"].append(1)
        except Exception as exc:  # noqa: BLE001 - any other exception is the failure
            outcomes["other"].append(repr(exc))
        else:
            outcomes["ok"].append(1)

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


def _wrong(engine, username="staff", address=ATTACKER):
    return lambda: authentication.authenticate(engine, username, "wrong password", address=address)


@pytest.mark.timeout(180)
def test_forty_concurrent_wrong_guesses_check_at_most_the_limit(people_store):
    engine = people_store.engine
    outcomes = _concurrently([_wrong(engine) for _ in range(40)])
    assert outcomes["other"] == []
    assert len(outcomes["checked"]) <= LIMIT
    assert len(outcomes["checked"]) + len(outcomes["throttled"]) == 40
    with pytest.raises(LoginThrottled):
        authentication.authenticate(engine, "staff", PASSWORD, address="198.51.100.1")


def _locked(engine, key: str) -> bool:
    with store.transaction(engine) as conn:
        until = conn.execute(
            select(store.login_throttle.c.locked_until).where(
                store.login_throttle.c.key_hash == key
            )
        ).scalar_one_or_none()
    return until is not None


@pytest.mark.timeout(180)
def test_the_right_password_among_concurrent_guesses_fails_once_the_lock_is_reached(
    people_store,
):
    engine = people_store.engine

    def right_password_after_the_lock():
        deadline = time.monotonic() + 60
        while not _locked(engine, throttle.username_key("staff")):
            assert time.monotonic() < deadline, "the guesses never locked the username"
            time.sleep(0.01)
        authentication.authenticate(engine, "staff", PASSWORD, address=ATTACKER)

    outcomes = _concurrently([_wrong(engine) for _ in range(29)] + [right_password_after_the_lock])
    assert outcomes["other"] == [] and outcomes["ok"] == []
    assert len(outcomes["checked"]) <= LIMIT
    with pytest.raises(LoginThrottled):  # the lock follows the attack
        authentication.authenticate(engine, "staff", PASSWORD, address=ATTACKER)


def test_failures_decay_with_time(people_store):
    engine, now = people_store.engine, store.utcnow()
    quiet = throttle.USERNAME_RULE.window + timedelta(seconds=LIMIT)  # after the last failure
    for at in (now, now + quiet):
        for n in range(LIMIT - 1):
            with pytest.raises(AuthenticationFailed) as caught:
                authentication.authenticate(engine, "staff", "wrong", now=at + timedelta(seconds=n))
            assert not isinstance(caught.value, LoginThrottled)
    later = now + quiet + timedelta(seconds=LIMIT)  # 2 * (LIMIT - 1) failures: no lock
    assert authentication.authenticate(engine, "staff", PASSWORD, now=later).role is Role.STAFF


def test_a_locked_admin_does_not_lock_out_another_admin_and_gets_back_in(people_store):
    s, now = people_store, store.utcnow()
    accounts.create_account(s.engine, s.admin, username="admin2", role="admin", password=PASSWORD)
    for n in range(60):  # a guesser spread over many addresses
        with pytest.raises(AuthenticationFailed):
            authentication.authenticate(s.engine, "admin", "wrong", address=f"10.0.{n}.1", now=now)
    with pytest.raises(LoginThrottled):
        authentication.authenticate(s.engine, "admin", PASSWORD, address="192.0.2.1", now=now)
    other = authentication.authenticate(s.engine, "admin2", PASSWORD, address="10.0.0.1", now=now)
    assert other.role is Role.ADMIN
    after = now + throttle.USERNAME_RULE.max_lock + timedelta(seconds=1)
    assert authentication.authenticate(s.engine, "admin", PASSWORD, address="192.0.2.1", now=after)


def test_one_address_is_throttled_across_usernames(people_store):
    engine, now = people_store.engine, store.utcnow()
    for n in range(throttle.ADDRESS_RULE.limit):
        with pytest.raises(AuthenticationFailed):
            authentication.authenticate(engine, f"user{n}", "wrong", address=ATTACKER, now=now)
    one_later = now + timedelta(seconds=1)
    with pytest.raises(LoginThrottled, match="try again in 300 s$"):
        authentication.authenticate(engine, "staff", PASSWORD, address=ATTACKER, now=one_later)
    assert authentication.authenticate(engine, "staff", PASSWORD, address="192.0.2.1", now=now)


def test_logins_failures_lockouts_and_logouts_are_audited_by_id(people_store):
    s = people_store
    for _ in range(LIMIT):
        with pytest.raises(AuthenticationFailed):
            authentication.authenticate(s.engine, "trainer", "wrong", address=ATTACKER)
    actor = authentication.authenticate(s.engine, "staff", PASSWORD, address=ATTACKER)
    authentication.log_out(s.engine, actor.account_id)
    entries = audit.list_entries(s.engine, s.admin)
    actions = [(e.action, e.target) for e in entries[:4]]
    trainer = f"account:{s.trainer.account_id}"
    staff = f"account:{s.staff.account_id}"
    assert actions == [
        ("logout", staff),
        ("login", staff),
        ("login_failed", trainer),  # the attempt that reached the limit was still checked
        ("lockout", trainer),
    ]
    assert entries[3].detail == {"scope": "username", "attempts": LIMIT, "seconds": 30}
    assert sum(e.action == "login_failed" and e.target == trainer for e in entries) == LIMIT
    logins = [e for e in entries if e.action in {"login", "login_failed", "lockout", "logout"}]
    assert not any(ATTACKER in str(e.detail) or "trainer" in str(e.detail) for e in logins)
