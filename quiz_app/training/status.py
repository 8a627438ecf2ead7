"""Where each person stands with each module, in Python (per row) and in SQL (for counting).

The rule itself is :func:`quiz_app.core.schedule.module_status`; :func:`status_case` writes
the same rule as a SQL expression so the dashboard can count in the database
(tests/quiz_app/training/test_training_status.py checks that both agree on every status and boundary).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase, TrainingModule
from quiz_app.authz import Action, Actor, require
from quiz_app.core import schedule
from quiz_app.core.schedule import TrainingStatus
from quiz_app.i18n import DEFAULT_LANGUAGE, translator
from quiz_app.people import get_person
from quiz_app.store import people, training_assignments, training_attempts, transaction
from quiz_app.training.catalogue import in_audience, moment
from quiz_app.training.filters import DashboardFilter

URGENCY = (
    TrainingStatus.OVERDUE,
    TrainingStatus.DUE,
    TrainingStatus.ASSIGNED,
    TrainingStatus.COMPLETED,
)
"""The statuses, most urgent first (the order a learner sees their modules in)."""


@dataclass(frozen=True)
class StatusRow:
    """One person's standing with one module."""

    person_id: int
    external_id: str
    name: str
    department: str | None
    module_id: str
    status: TrainingStatus
    due_on: date | None
    valid_until: datetime | None
    last_completed_at: datetime | None = None
    days_overdue: int = 0


def status_rows_in(
    conn: Connection,
    now: datetime,
    *,
    person_id: int | None = None,
    departments: Sequence[str] = (),
    module_ids: Sequence[str] = (),
) -> list[StatusRow]:
    """The status rows at ``now`` (by HR id, then module), optionally of one person, some
    departments or some modules; no permission check (callers check)."""
    a, t, p = training_assignments, training_attempts, people
    open_query = (
        select(p.c.id, p.c.external_id, p.c.name, p.c.department, a.c.module_id, a.c.due_on)
        .join(a, and_(a.c.person_id == p.c.id, a.c.closed_at.is_(None)))
        .where(p.c.erased_at.is_(None))
    )
    pass_query = (
        select(
            p.c.id,
            p.c.external_id,
            p.c.name,
            p.c.department,
            t.c.module_id,
            func.max(t.c.valid_until),
            func.max(t.c.completed_at),
        )
        .join(t, t.c.person_id == p.c.id)
        .where(t.c.passed.is_(True), p.c.erased_at.is_(None))
        .group_by(p.c.id, p.c.external_id, p.c.name, p.c.department, t.c.module_id)
    )
    for column, wanted in (
        (p.c.id, [person_id] if person_id is not None else []),
        (p.c.department, list(departments)),
    ):
        if wanted:
            open_query = open_query.where(column.in_(wanted))
            pass_query = pass_query.where(column.in_(wanted))
    if module_ids:
        open_query = open_query.where(a.c.module_id.in_(list(module_ids)))
        pass_query = pass_query.where(t.c.module_id.in_(list(module_ids)))
    facts: dict[tuple[int, str], dict] = defaultdict(dict)
    for pid, ext, name, dept, module_id, due_on in conn.execute(open_query):
        facts[(pid, module_id)].update(ext=ext, name=name, dept=dept, due_on=due_on)
    for pid, ext, name, dept, module_id, valid, completed in conn.execute(pass_query):
        facts[(pid, module_id)].update(
            ext=ext, name=name, dept=dept, valid=valid, completed=completed
        )
    rows = []
    for (pid, module_id), f in facts.items():
        due_on, valid = f.get("due_on"), f.get("valid")
        status = schedule.module_status(due_on=due_on, valid_until_at=valid, now=now)
        if status is None:  # only an expired pass and no open assignment: nothing asked
            continue
        rows.append(
            StatusRow(
                person_id=pid,
                external_id=f["ext"],
                name=f["name"],
                department=f["dept"],
                module_id=module_id,
                status=status,
                due_on=due_on,
                valid_until=valid,
                last_completed_at=f.get("completed"),
                days_overdue=schedule.days_overdue(due_on, now)
                if status is TrainingStatus.OVERDUE
                else 0,
            )
        )
    rows.sort(key=lambda r: (r.external_id, r.module_id))
    return rows


def my_training(engine: Engine, actor: Actor, *, now: datetime | None = None) -> list[StatusRow]:
    """The actor's own modules (assigned, due, overdue or completed), by module id.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    with transaction(engine) as conn:
        return status_rows_in(conn, moment(now), person_id=actor.person_id)


def offered_modules(
    engine: Engine, actor: Actor, kb: KnowledgeBase, *, now: datetime | None = None
) -> list[TrainingModule]:
    """The modules the actor may take: those they are assigned or hold, whatever their
    audience, and those whose audience takes them in; most urgent first (see ``URGENCY``;
    modules they have no status with last), by module id within each.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    with transaction(engine) as conn:
        rows = status_rows_in(conn, moment(now), person_id=actor.person_id)
        member = get_person(conn, actor.person_id).is_management_body
    status_of = {r.module_id: r.status for r in rows}

    def urgency(module: TrainingModule) -> tuple[int, str]:
        status = status_of.get(module.id)
        return (URGENCY.index(status) if status else len(URGENCY), module.id)

    offered = [
        m for m in kb.training if m.id in status_of or in_audience(m, is_management_body=member)
    ]
    return sorted(offered, key=urgency)


def status_rows(
    engine: Engine, actor: Actor, filters: DashboardFilter = DashboardFilter(), *, now=None
) -> list[StatusRow]:
    """Everyone's standing per module (names included), filtered.

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    with transaction(engine) as conn:
        rows = status_rows_in(
            conn, moment(now), departments=filters.departments, module_ids=filters.module_ids
        )
    if filters.statuses:
        rows = [r for r in rows if r.status in filters.statuses]
    return rows


def status_case(due_on, valid, now: datetime):
    """:func:`schedule.module_status` written in SQL, for an open assignment: the status
    (its text value) from the assignment's due date and the validity it holds."""
    today = now.date()
    soon = today + timedelta(days=schedule.DUE_SOON_DAYS)
    return case(
        (
            valid > now,
            case((due_on <= soon, TrainingStatus.DUE.value), else_=TrainingStatus.COMPLETED.value),
        ),
        (due_on < today, TrainingStatus.OVERDUE.value),
        (due_on <= soon, TrainingStatus.DUE.value),
        else_=TrainingStatus.ASSIGNED.value,
    )


def latest_pass(column, person, module):
    """The latest ``column`` of the passes of ``person`` for ``module`` (a scalar subquery,
    answered from the covering index of migration 3)."""
    t = training_attempts
    return (
        select(func.max(column))
        .where(t.c.person_id == person, t.c.module_id == module, t.c.passed.is_(True))
        .scalar_subquery()
    )


def has_open_assignment(person, module):
    """SQL: whether ``person`` has an open assignment for ``module`` (an EXISTS clause)."""
    a = training_assignments
    return (
        select(a.c.id)
        .where(a.c.person_id == person, a.c.module_id == module, a.c.closed_at.is_(None))
        .exists()
    )


def counter_lines(rows: Sequence[StatusRow], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The learner's counters as sentences that cannot be misread, e.g. ``3 modules due
    within 14 days``, in ``language``; "assigned in total" counts every module in ``rows``."""
    t = translator(language)
    count = {s: sum(1 for r in rows if r.status is s) for s in TrainingStatus}
    lines = [
        (
            t.ngettext(
                "{n} module overdue (past the due date)",
                "{n} modules overdue (past the due date)",
                count[TrainingStatus.OVERDUE],
            ),
            count[TrainingStatus.OVERDUE],
        ),
        (
            t.ngettext(
                "{n} module due within {days} days",
                "{n} modules due within {days} days",
                count[TrainingStatus.DUE],
            ),
            count[TrainingStatus.DUE],
        ),
        (
            t.ngettext(
                "{n} module due later", "{n} modules due later", count[TrainingStatus.ASSIGNED]
            ),
            count[TrainingStatus.ASSIGNED],
        ),
        (
            t.ngettext(
                "{n} module completed and still valid",
                "{n} modules completed and still valid",
                count[TrainingStatus.COMPLETED],
            ),
            count[TrainingStatus.COMPLETED],
        ),
        (
            t.ngettext(
                "{n} module assigned to you in total",
                "{n} modules assigned to you in total",
                len(rows),
            ),
            len(rows),
        ),
    ]
    return [line.format(n=n, days=schedule.DUE_SOON_DAYS) for line, n in lines]
