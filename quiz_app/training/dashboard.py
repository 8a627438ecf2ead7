"""The trainer dashboard's figures: status counts, the overdue list, completion rates,
completions over time, and the departments and job roles to filter or assign by.

Counts are made by the database (a row per person would not scale to 100,000 records);
they give what counting :func:`quiz_app.training.status.status_rows` gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, cast, func, or_, select
from sqlalchemy.engine import Engine

from quiz_app.authz import Action, Actor, require
from quiz_app.core import schedule
from quiz_app.core.schedule import TrainingStatus
from quiz_app.store import people, training_assignments, training_attempts, transaction
from quiz_app.training.catalogue import moment
from quiz_app.training.filters import DashboardFilter, attempt_filters, where_filters
from quiz_app.training.status import (
    StatusRow,
    has_open_assignment,
    latest_pass,
    status_case,
)


@dataclass(frozen=True)
class StatusCount:
    """How many people of one department stand at ``status`` for one module."""

    department: str | None
    module_id: str
    status: TrainingStatus
    count: int


def _bytewise(engine: Engine):
    """Group text byte by byte on PostgreSQL (collation "C"): grouping 100,000 rows by
    department, module and status under the database's locale collation took most of the
    dashboard's time there. SQLite compares bytes already. The caller sorts the result."""
    if engine.dialect.name == "postgresql":
        return lambda column: column.collate("C")
    return lambda column: column


def status_counts(
    engine: Engine, actor: Actor, filters: DashboardFilter = DashboardFilter(), *, now=None
) -> list[StatusCount]:
    """How many stand at each status, per department and module, counted by the database:
    the figures of counting :func:`status_rows`, without fetching a row per person.

    Two grouped queries: the open assignments (at most one per person and module), each
    with the validity it was opened with (``held_until``), and the passes still valid with
    no open assignment (completed).

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    at = moment(now)
    a, t, p = training_assignments, training_attempts, people
    status = status_case(a.c.due_on, a.c.held_until, at)
    bytewise = _bytewise(engine)
    assigned = where_filters(
        select(
            bytewise(p.c.department).label("department"),
            bytewise(a.c.module_id).label("module_id"),
            bytewise(status).label("status"),
        )
        .select_from(a.join(p, p.c.id == a.c.person_id))
        .where(a.c.closed_at.is_(None), p.c.erased_at.is_(None)),
        filters,
        a.c.module_id,
    ).subquery("assigned")
    open_counts = select(
        assigned.c.department, assigned.c.module_id, assigned.c.status, func.count()
    ).group_by(assigned.c.department, assigned.c.module_id, assigned.c.status)
    held = where_filters(
        select(p.c.department, t.c.person_id, t.c.module_id)
        .join(p, p.c.id == t.c.person_id)
        .where(
            t.c.passed.is_(True),
            t.c.valid_until > at,
            p.c.erased_at.is_(None),
            ~has_open_assignment(t.c.person_id, t.c.module_id),
        )
        .distinct(),
        filters,
        t.c.module_id,
    ).subquery("held")
    held_counts = select(held.c.department, held.c.module_id, func.count()).group_by(
        held.c.department, held.c.module_id
    )
    counts: Counter = Counter()
    with transaction(engine) as conn:
        for department, module_id, status_value, n in conn.execute(open_counts):
            counts[(department, module_id, TrainingStatus(status_value))] += n
        for department, module_id, n in conn.execute(held_counts):
            counts[(department, module_id, TrainingStatus.COMPLETED)] += n
    wanted = set(filters.statuses) or set(TrainingStatus)
    return [
        StatusCount(department, module_id, status, n)
        for (department, module_id, status), n in sorted(
            counts.items(), key=lambda item: (item[0][0] or "", item[0][1], item[0][2].value)
        )
        if status in wanted
    ]


def overdue_rows(
    engine: Engine,
    actor: Actor,
    filters: DashboardFilter = DashboardFilter(),
    *,
    limit: int | None = None,
    now=None,
) -> list[StatusRow]:
    """The overdue rows (names included), most overdue first, at most ``limit`` of them;
    only those rows are fetched. Overdue: an open assignment past its due date and no
    valid pass.

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    if filters.statuses and TrainingStatus.OVERDUE not in filters.statuses:
        return []
    at = moment(now)
    a, t, p = training_assignments, training_attempts, people
    query = where_filters(
        select(
            p.c.id,
            p.c.external_id,
            p.c.name,
            p.c.department,
            a.c.module_id,
            a.c.due_on,
            a.c.held_until,
            latest_pass(t.c.completed_at, a.c.person_id, a.c.module_id),
        )
        .join(p, p.c.id == a.c.person_id)
        .where(
            a.c.closed_at.is_(None),
            a.c.due_on < at.date(),
            p.c.erased_at.is_(None),
            or_(a.c.held_until.is_(None), a.c.held_until <= at),
        )
        .order_by(a.c.due_on, p.c.external_id, a.c.module_id),
        filters,
        a.c.module_id,
    )
    if limit is not None:
        query = query.limit(limit)
    with transaction(engine) as conn:
        return [
            StatusRow(
                person_id=pid,
                external_id=ext,
                name=name,
                department=department,
                module_id=module_id,
                status=TrainingStatus.OVERDUE,
                due_on=due_on,
                valid_until=valid,
                last_completed_at=completed,
                days_overdue=schedule.days_overdue(due_on, at),
            )
            for pid, ext, name, department, module_id, due_on, valid, completed in conn.execute(
                query
            )
        ]


@dataclass(frozen=True)
class CompletionRate:
    """Completed out of assigned for one group (a department or a module)."""

    group: str
    completed: int
    total: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Completed share, 0 when nobody is assigned."""
        return self.completed / self.total if self.total else 0.0


def completion_rates(
    rows: Sequence[StatusRow] | Sequence[StatusCount], by: str
) -> list[CompletionRate]:
    """Completion rate per ``department`` or per ``module`` (status counts included), from
    status rows (one each) or from :func:`status_counts` (``count`` each).

    Raises:
        ValueError: ``by`` is neither ``department`` nor ``module``.
    """
    if by not in ("department", "module"):
        raise ValueError(f"by must be 'department' or 'module', not {by!r}")
    groups: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        key = (row.department or "(none)") if by == "department" else row.module_id
        groups[key][row.status.value] += getattr(row, "count", 1)
    return [
        CompletionRate(
            group=key,
            completed=counts[TrainingStatus.COMPLETED.value],
            total=sum(counts.values()),
            counts={s.value: counts[s.value] for s in TrainingStatus},
        )
        for key, counts in sorted(groups.items())
    ]


def overdue(rows: Sequence[StatusRow]) -> list[StatusRow]:
    """The overdue rows, most overdue first."""
    late = [r for r in rows if r.status is TrainingStatus.OVERDUE]
    return sorted(late, key=lambda r: (-r.days_overdue, r.external_id, r.module_id))


def completions_over_time(
    engine: Engine, actor: Actor, filters: DashboardFilter = DashboardFilter()
) -> list[tuple[date, str, int]]:
    """Attempts per day and outcome (``passed``/``failed``), oldest first.

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    t, p = training_attempts, people
    # Counted per day by the database (SQLite keeps timestamps as ISO text: date() is its
    # day; PostgreSQL casts), not per attempt in Python.
    if engine.dialect.name == "sqlite":
        day = func.date(t.c.completed_at)
    else:
        day = cast(t.c.completed_at, Date)
    query = select(day.label("day"), t.c.passed, func.count()).select_from(t)
    if filters.departments:
        query = query.join(p, p.c.id == t.c.person_id)
    query = attempt_filters(query, filters).group_by(day, t.c.passed)
    counts: Counter = Counter()
    with transaction(engine) as conn:
        for on, was_passed, n in conn.execute(query):
            on = date.fromisoformat(on) if isinstance(on, str) else on
            counts[(on, "passed" if was_passed else "failed")] += n
    return [(day, outcome, n) for (day, outcome), n in sorted(counts.items())]


def _distinct_of(engine: Engine, column) -> list[str]:
    query = (
        select(column)
        .where(column.is_not(None), people.c.erased_at.is_(None))
        .distinct()
        .order_by(column)
    )
    with transaction(engine) as conn:
        return [value for value in conn.execute(query).scalars() if value]


def departments(engine: Engine, actor: Actor) -> list[str]:
    """Distinct departments of people (for filters and assignment).

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    return _distinct_of(engine, people.c.department)


def job_roles(engine: Engine, actor: Actor) -> list[str]:
    """Distinct job roles of people (for assignment).

    Raises:
        PermissionDenied: the actor may not assign training.
    """
    require(actor, Action.ASSIGN_TRAINING)
    return _distinct_of(engine, people.c.job_role)
