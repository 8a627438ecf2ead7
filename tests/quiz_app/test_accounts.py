"""Accounts: hashing, bootstrap, throttling, roles, SSO role rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from store_support import PASSWORD

from quiz_app import accounts, audit, authentication, sso, store
from quiz_app.authz import Role
from quiz_app.config import get_settings
from quiz_app.errors import (
    AuthenticationFailed,
    ConfigError,
    DuplicateUsername,
    InvalidInput,
    LastAdmin,
    LoginThrottled,
    NotFound,
    PermissionDenied,
    UnknownRole,
)


def test_passwords_are_stored_as_argon2_hashes(people_store):
    with store.transaction(people_store.engine) as conn:
        hashes = conn.execute(select(store.accounts.c.password_hash)).scalars().all()
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_first_admin_only_once(store_engine):
    assert not accounts.admin_exists(store_engine)
    accounts.create_first_admin(store_engine, username="root", password=PASSWORD)
    assert accounts.admin_exists(store_engine)
    with pytest.raises(PermissionDenied, match="an admin already exists"):
        accounts.create_first_admin(store_engine, username="root2", password=PASSWORD)


def test_login_returns_the_actor_and_role(people_store):
    actor = authentication.authenticate(people_store.engine, "Manager", PASSWORD)
    assert actor == people_store.manager


@pytest.mark.parametrize("username", ["staff", "nobody"])
def test_failed_logins_are_throttled(people_store, username):
    engine, now = people_store.engine, store.utcnow()
    for _ in range(authentication.THROTTLE_AFTER):
        with pytest.raises(AuthenticationFailed, match="^wrong username or password$"):
            authentication.authenticate(engine, username, "wrong password", now=now)
    with pytest.raises(LoginThrottled, match=r"^too many failed logins; try again in 30 s$"):
        authentication.authenticate(engine, username, PASSWORD, now=now + timedelta(seconds=1))
    if username == "staff":
        later = now + timedelta(seconds=31)
        assert authentication.authenticate(engine, username, PASSWORD, now=later).role is Role.STAFF


def test_disabled_account_cannot_log_in(people_store):
    s = people_store
    accounts.set_disabled(s.engine, s.admin, s.staff.account_id, True)
    with pytest.raises(AuthenticationFailed):
        authentication.authenticate(s.engine, "staff", PASSWORD)
    with pytest.raises(AuthenticationFailed):
        authentication.load_actor(s.engine, s.staff.account_id)


def test_bad_account_input_changes_nothing(people_store):
    s = people_store
    before = accounts.list_accounts(s.engine, s.admin)
    with pytest.raises(UnknownRole, match=r"^unknown role 'boss' \(expected one of: staff, "):
        accounts.create_account(s.engine, s.admin, username="x", role="boss", password=PASSWORD)
    with pytest.raises(DuplicateUsername, match="^username 'staff' is already taken$"):
        accounts.create_account(
            s.engine, s.admin, username="STAFF", role="staff", password=PASSWORD
        )
    with pytest.raises(InvalidInput, match="password too short"):
        accounts.create_account(s.engine, s.admin, username="y", role="staff", password="short")
    with pytest.raises(LastAdmin):
        accounts.change_role(s.engine, s.admin, s.admin.account_id, Role.STAFF)
    assert accounts.list_accounts(s.engine, s.admin) == before


def test_accounts_and_people_named_by_username_and_hr_id_only_after_authorization(
    people_store,
):
    s = people_store
    for change in (
        lambda actor: accounts.change_role(s.engine, actor, "nobody", Role.STAFF),
        lambda actor: accounts.set_disabled(s.engine, actor, "nobody", True),
        lambda actor: accounts.link_person(s.engine, actor, "nobody", "P-staff"),
        lambda actor: accounts.link_person(s.engine, actor, "trainer", "P-nobody"),
    ):
        with pytest.raises(PermissionDenied, match="^the staff role may not manage accounts$"):
            change(s.staff)
        with pytest.raises(
            NotFound, match="^no (account named 'nobody'|person with id 'P-nobody')$"
        ):
            change(s.admin)
    accounts.change_role(s.engine, s.admin, " Trainer", Role.MANAGER)
    accounts.link_person(s.engine, s.admin, "trainer", "P-staff")
    created = accounts.create_account(
        s.engine, s.admin, username="sam2", role=Role.STAFF, password=PASSWORD, person_id="P-staff"
    )
    by_name = {a.username: a for a in accounts.list_accounts(s.engine, s.admin)}
    assert (by_name["trainer"].role, by_name["trainer"].person_id) == (
        Role.MANAGER,
        s.staff.person_id,
    )
    assert by_name["sam2"].id == created and by_name["sam2"].person_id == s.staff.person_id


def test_role_change_applies_at_next_request(people_store):
    s = people_store
    accounts.change_role(s.engine, s.admin, s.staff.account_id, "trainer")
    assert authentication.load_actor(s.engine, s.staff.account_id).role is Role.TRAINER


def test_sso_login_by_rule_creates_account_then_reuses_it(store_engine):
    rules = sso.load_rules(
        {
            "nis2_sso": {
                "emails": {"@board.example.org": "manager"},
                "claim": "groups",
                "claim_roles": {"nis2-trainers": "trainer"},
            }
        }
    )
    claims = {"sub": "abc", "email": "Chair@Board.example.org", "email_verified": True}
    role = sso.role_for(claims, rules)
    assert role is Role.MANAGER
    first = accounts.authenticate_sso(store_engine, subject="abc", email=claims["email"], role=role)
    again = accounts.authenticate_sso(store_engine, subject="abc", email=None, role=None)
    assert first == again and first.role is Role.MANAGER
    assert sso.role_for({"email": "t@x.org", "groups": ["NIS2-Trainers"]}, rules) is Role.TRAINER
    with pytest.raises(AuthenticationFailed, match="no enabled account for this identity"):
        accounts.authenticate_sso(store_engine, subject="zzz", email="a@x.org", role=None)


ISSUER = "https://login.example.org/"
RULES = {"nis2_sso": {"emails": {"ciso@example.org": "admin", "@example.org": "staff"}}}


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"email": "ciso@example.org", "email_verified": True}, Role.ADMIN),
        ({"email": "ciso@example.org", "email_verified": "true"}, Role.ADMIN),
        ({"email": "ciso@example.org", "email_verified": False}, None),
        ({"email": "ciso@example.org", "email_verified": "false"}, None),
        ({"email": "ciso@example.org"}, None),
        ({"email": "new@example.org", "email_verified": True}, Role.STAFF),
        ({"email": "new@example.org"}, None),
    ],
)
def test_sso_e_mail_rules_need_a_verified_e_mail(claims, role):
    assert sso.role_for(claims, sso.load_rules(RULES)) is role


def test_sso_accepts_only_the_configured_issuer(monkeypatch):
    claims = {"iss": ISSUER, "sub": "s1", "email": "A@example.org", "email_verified": True}
    monkeypatch.setenv("NIS2_SSO_ISSUER", ISSUER.rstrip("/"))
    assert sso.verified_identity(claims) == sso.SsoIdentity("s1", "a@example.org")
    unverified = {**claims, "email_verified": False}
    assert sso.verified_identity(unverified) == sso.SsoIdentity("s1", None)
    with pytest.raises(AuthenticationFailed, match="not the one configured"):
        sso.verified_identity({**claims, "iss": "https://evil.example.net/"})
    with pytest.raises(AuthenticationFailed, match="no subject"):
        sso.verified_identity({**claims, "sub": ""})
    monkeypatch.delenv("NIS2_SSO_ISSUER")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="NIS2_SSO_ISSUER"):
        sso.verified_identity(claims)


def test_an_unverified_e_mail_never_reaches_a_pre_provisioned_admin(people_store, monkeypatch):
    s = people_store
    monkeypatch.setenv("NIS2_SSO_ISSUER", ISSUER)
    admin_id = accounts.create_account(
        s.engine, s.admin, username="ciso", role="admin", sso_email="ciso@example.org"
    )
    claims = {"iss": ISSUER, "sub": "attacker", "email": "ciso@example.org"}
    for verified in (False, None):
        spoofed = sso.verified_identity({**claims, "email_verified": verified})
        with pytest.raises(AuthenticationFailed, match="no enabled account"):
            accounts.authenticate_sso(
                s.engine,
                subject=spoofed.subject,
                email=spoofed.email,
                role=sso.role_for(claims, sso.load_rules(RULES)),
            )
    real = sso.verified_identity({**claims, "sub": "ciso-sub", "email_verified": True})
    first = accounts.authenticate_sso(s.engine, subject=real.subject, email=real.email, role=None)
    assert first.account_id == admin_id and first.role is Role.ADMIN
    # linked by subject at the first login: found by subject alone from then on
    again = accounts.authenticate_sso(s.engine, subject="ciso-sub", email=None, role=None)
    assert again == first
    links = audit.list_entries(s.engine, s.admin, action=audit.ACCOUNT_LINK)
    assert (links[0].target, links[0].detail) == (f"account:{admin_id}", {"sso": "subject"})
