"""Single sign-on (OIDC via Streamlit's ``st.login``): which role an identity gets.

Configuration lives outside the repository, in ``.streamlit/secrets.toml`` (see
``docs/sso.md``) or, for the role rules, in the environment variable ``NIS2_SSO_ROLES``
holding the same table as JSON::

    [nis2_sso]
    emails = { "ciso@example.org" = "admin", "@board.example.org" = "manager" }
    claim = "groups"
    claim_roles = { "nis2-trainers" = "trainer", "staff" = "staff" }

An existing account linked to the identity always wins; the rules only decide the role of an
account created at first SSO login. With no matching rule, the login is refused.

Trust: a login is accepted only from the issuer in ``NIS2_SSO_ISSUER`` (the ``iss`` claim must
equal it; with none configured, single sign-on refuses everyone), and the e-mail address is
used -- to find a pre-provisioned account, or for an e-mail rule -- only when the provider
says it is verified (``email_verified: true``). A pre-provisioned account found by e-mail is
bound to the provider's subject (``sub``) at its first login and found by subject after that.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quiz_app.authz import Role
from quiz_app.config import get_settings
from quiz_app.errors import AuthenticationFailed, ConfigError, InvalidInput
from quiz_app.i18n import N_

ENV_RULES = "NIS2_SSO_ROLES"
SECRETS_SECTION = "nis2_sso"


@dataclass(frozen=True)
class SsoRules:
    """E-mail (exact or ``@domain``) and claim-value to role mappings."""

    emails: dict[str, Role] = field(default_factory=dict)
    claim: str | None = None
    claim_roles: dict[str, Role] = field(default_factory=dict)


def _roles(mapping: Any, where: str) -> dict[str, Role]:
    if not isinstance(mapping, Mapping):
        raise ConfigError(N_("{where} must be a table of name = role"), where=where)
    try:
        return {str(k).strip().lower(): Role.parse(v) for k, v in mapping.items()}
    except InvalidInput as exc:
        raise ConfigError(N_("{where}: {exc}"), where=where, exc=exc) from None


def load_rules(secrets: Mapping[str, Any] | None = None) -> SsoRules:
    """Rules from ``secrets[nis2_sso]`` or, failing that, ``NIS2_SSO_ROLES`` (JSON).

    Raises:
        ConfigError: the rules are malformed.
    """
    raw: Any = (secrets or {}).get(SECRETS_SECTION)
    from_env = get_settings().sso_roles
    if raw is None and from_env:
        try:
            raw = json.loads(from_env)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                N_("{variable} is not valid JSON: {exc}"), variable=ENV_RULES, exc=exc
            ) from None
    if raw is None:
        return SsoRules()
    if not isinstance(raw, Mapping):
        raise ConfigError(N_("{section} must be a table"), section=SECRETS_SECTION)
    return SsoRules(
        emails=_roles(raw.get("emails", {}), f"{SECRETS_SECTION}.emails"),
        claim=raw.get("claim"),
        claim_roles=_roles(raw.get("claim_roles", {}), f"{SECRETS_SECTION}.claim_roles"),
    )


@dataclass(frozen=True)
class SsoIdentity:
    """Who the provider says logged in: its subject, and the e-mail only if verified."""

    subject: str
    email: str | None


def verified_email(claims: Mapping[str, Any]) -> str | None:
    """The lower-cased e-mail of the claims when ``email_verified`` is true, else None."""
    flag = claims.get("email_verified")
    verified = flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")
    email = str(claims.get("email") or "").strip().lower()
    return email if verified and email else None


def verified_identity(claims: Mapping[str, Any], issuer: str | None = None) -> SsoIdentity:
    """The identity in ``claims`` if they come from the configured issuer.

    Args:
        claims: the ID token's claims (``st.user``).
        issuer: the trusted issuer; defaults to ``NIS2_SSO_ISSUER``.

    Raises:
        ConfigError: no issuer configured.
        AuthenticationFailed: another issuer, or no subject.
    """
    issuer = issuer if issuer is not None else get_settings().sso_issuer
    if not issuer:
        raise ConfigError(N_("single sign-on needs NIS2_SSO_ISSUER (your provider's issuer URL)"))
    if str(claims.get("iss") or "").rstrip("/") != issuer.strip().rstrip("/"):
        raise AuthenticationFailed(N_("this identity provider is not the one configured here"))
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        raise AuthenticationFailed(N_("the identity provider sent no subject"))
    return SsoIdentity(subject, verified_email(claims))


def role_for(claims: Mapping[str, Any], rules: SsoRules) -> Role | None:
    """The role for an identity: exact e-mail, then claim value, then e-mail domain (e-mail
    rules apply only to a verified e-mail)."""
    email = verified_email(claims) or ""
    if email and email in rules.emails:
        return rules.emails[email]
    if rules.claim:
        values = claims.get(rules.claim)
        values = values if isinstance(values, list | tuple) else [values]
        for value in values:
            if value is not None and str(value).lower() in rules.claim_roles:
                return rules.claim_roles[str(value).lower()]
    if "@" in email:
        return rules.emails.get("@" + email.split("@", 1)[1])
    return None


def sso_configured(secrets: Mapping[str, Any] | None) -> bool:
    """Whether ``st.login`` has an OIDC provider configured (``[auth]`` in secrets)."""
    try:
        return bool(secrets) and "auth" in secrets
    except Exception:  # noqa: BLE001 - st.secrets raises when no secrets file exists
        return False
