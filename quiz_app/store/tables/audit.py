"""The audit log. It is append-only: triggers made by the migrations (the baseline revision)
reject UPDATE and DELETE on both backends, and TRUNCATE on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

from quiz_app.store.tables.base import metadata

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor_account_id", Integer),
    Column("action", String(50), nullable=False),
    Column("target", String(100), nullable=False),
    Column("detail", Text),
    Index("ix_audit_log_at", "at"),
)
