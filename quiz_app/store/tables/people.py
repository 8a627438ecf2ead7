"""The people whose training and assessments are tracked (imported from HR or added by hand)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Table

from quiz_app.store.tables.base import metadata

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("external_id", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("department", String(200)),
    Column("job_role", String(200)),
    Column("is_management_body", Boolean, nullable=False, default=False),
    # The HR id of the person's manager (``people.external_id``), when HR gives one: the
    # escalation of an overdue training reminder goes to that person.
    Column("manager_external_id", String(100)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("erased_at", DateTime),
)
