"""Login accounts (password or SSO) and the failed-login throttle."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
)

from quiz_app.store.tables.base import metadata

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(150), nullable=False, unique=True),
    Column("password_hash", String(200)),
    Column("role", String(20), nullable=False),
    Column("person_id", Integer, ForeignKey("people.id")),
    Column("sso_subject", String(255), unique=True),
    Column("sso_email", String(320)),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    # The interface language the person chose (en, de, fr); none: the browser's preference.
    Column("locale", String(10)),
    CheckConstraint("role IN ('staff', 'manager', 'trainer', 'admin')", name="ck_accounts_role"),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key_hash", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime, nullable=False),
    Column("locked_until", DateTime),
)
