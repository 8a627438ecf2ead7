"""What the trainer views and the exports select: their filters and the SQL that applies them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select

from quiz_app.core.schedule import TrainingStatus
from quiz_app.store import people, training_attempts


@dataclass(frozen=True)
class DashboardFilter:
    """Filters of the trainer views; empty means all."""

    departments: tuple[str, ...] = ()
    module_ids: tuple[str, ...] = ()
    statuses: tuple[TrainingStatus, ...] = ()
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class ExportFilter:
    """Which completion records to export; empty means all. ``until`` is inclusive."""

    departments: tuple[str, ...] = ()
    module_ids: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    outcome: str | None = None  # passed | failed

    def describe(self) -> dict:
        """The filters in use, for the audit log (departments, module ids, dates only)."""
        described = {
            "departments": list(self.departments),
            "modules": list(self.module_ids),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "outcome": self.outcome,
        }
        return {k: v for k, v in described.items() if v}


def where_filters(query: Select, filters: DashboardFilter | ExportFilter, module_column) -> Select:
    """``query`` narrowed to the filters' departments (of people) and modules."""
    if filters.departments:
        query = query.where(people.c.department.in_(list(filters.departments)))
    if filters.module_ids:
        query = query.where(module_column.in_(list(filters.module_ids)))
    return query


def attempt_filters(query: Select, filters: DashboardFilter | ExportFilter) -> Select:
    """A query of attempts narrowed to the filters' departments, modules and completion days
    (``since`` and ``until`` inclusive)."""
    t = training_attempts
    query = where_filters(query, filters, t.c.module_id)
    if filters.since is not None:
        query = query.where(t.c.completed_at >= _midnight(filters.since))
    if filters.until is not None:
        query = query.where(t.c.completed_at < _midnight(filters.until + timedelta(days=1)))
    return query


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
