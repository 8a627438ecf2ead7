"""Login sessions: one row per browser login, found by the SHA-256 of its random token.

The token itself is never stored: a copy of this table (a backup, a leaked dump) cannot be
replayed as a cookie. A session ends when it is revoked (``revoked_at`` and why), when it was
not used for the idle timeout (``idle_expires_at``, pushed on at most once a minute) or at its
absolute expiry.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table

from quiz_app.store.tables.base import metadata

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("idle_expires_at", DateTime, nullable=False),
    Column("absolute_expires_at", DateTime, nullable=False),
    Column("client_hint", String(200)),
    Column("revoked_at", DateTime),
    Column("revoked_reason", String(30)),
    # Revoking every session of an account, and the admin's list per account.
    Index("ix_sessions_account", "account_id"),
)
