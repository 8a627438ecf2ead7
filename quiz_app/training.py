"""Training as the app tracks it: assignments, quiz attempts, status, dashboards and exports.

Store functions (no Streamlit). A *completion* is a passing attempt; it stays valid for the
module's ``validity_months`` and closes the person's open assignment, opening a renewal due
on the day it expires (see :mod:`quiz_app.core.schedule`). A failing attempt is recorded too
and leaves the assignment open. Every function takes ``now`` so tests can fix the clock.

Who may do what (``quiz_app.authz``): everyone takes their own training (``TAKE_TRAINING``);
trainers assign (``ASSIGN_TRAINING``), see completions with names (``VIEW_COMPLETIONS``) and
export them (``EXPORT_COMPLETIONS``). Nothing here reads assessment answers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import (
    Date,
    and_,
    case,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase, TrainingModule
from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.config import get_settings
from quiz_app.core import exports, schedule
from quiz_app.core.schedule import TrainingStatus
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.links import site_base
from quiz_app.store import (
    accounts,
    people,
    training_assignments,
    training_attempts,
    transaction,
    utcnow,
)

EXPORT_TARGET = "training_completions"
TARGET_KINDS = ("audience", "department", "role", "person")


def app_home_page() -> str:
    """The app's URL (``NIS2_APP_URL``), the home page of learners' xAPI accounts."""
    return get_settings().app_url


def _now(now: datetime | None) -> datetime:
    return (now or utcnow()).replace(microsecond=0)


def module_by_id(kb: KnowledgeBase, module_id: str) -> TrainingModule:
    """The training module with this id.

    Raises:
        NotFound: no such module (the message lists the known ids).
    """
    for module in kb.training:
        if module.id == module_id:
            return module
    known = ", ".join(m.id for m in kb.training)
    raise NotFound(f"no training module {module_id!r} (known: {known})")


# --- assigning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignTarget:
    """Whom to assign to: the module's audience, a department, a job role, or one person (HR id)."""

    kind: str
    value: str | None = None

    def describe(self) -> str:
        """``audience``, ``department:IT``, ... (kept with each assignment)."""
        return self.kind if self.kind == "audience" else f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class AssignResult:
    """What an assignment run did: people newly assigned and people already assigned."""

    assigned: int
    already_assigned: int


def _target_filter(module: TrainingModule, target: AssignTarget):
    if target.kind not in TARGET_KINDS:
        raise InvalidInput(
            f"unknown assignment target {target.kind!r} (expected one of: {', '.join(TARGET_KINDS)})"
        )
    if target.kind == "audience":
        if module.audience == "management":
            return people.c.is_management_body.is_(True)
        if module.audience == "staff":
            return people.c.is_management_body.is_(False)
        return None
    if not (target.value or "").strip():
        raise InvalidInput(f"name the {target.kind} to assign {module.id!r} to")
    column = {
        "department": people.c.department,
        "role": people.c.job_role,
        "person": people.c.external_id,
    }[target.kind]
    return column == target.value.strip()


def assign(
    engine: Engine,
    actor: Actor,
    module: TrainingModule,
    target: AssignTarget,
    *,
    due_on: date | None = None,
    now: datetime | None = None,
) -> AssignResult:
    """Assign ``module`` to everyone ``target`` selects (erased people excepted).

    People with an open assignment for the module keep it. Someone whose completion is still
    valid gets the assignment as a renewal, due when the completion expires.

    Raises:
        PermissionDenied: the actor may not assign training.
        InvalidInput: unknown target kind, empty target value, or a due date in the past.
    """
    require(actor, Action.ASSIGN_TRAINING)
    now = _now(now)
    due_on = due_on or schedule.default_due_on(now)
    if due_on < now.date():
        raise InvalidInput(f"the due date {due_on.isoformat()} is in the past")
    where = _target_filter(module, target)
    query = select(people.c.id).where(people.c.erased_at.is_(None))
    if where is not None:
        query = query.where(where)
    with transaction(engine) as conn:
        person_ids = list(conn.execute(query).scalars())
        open_ids = set(
            conn.execute(
                select(training_assignments.c.person_id).where(
                    training_assignments.c.module_id == module.id,
                    training_assignments.c.closed_at.is_(None),
                )
            ).scalars()
        )
        valid = _latest_valid_until(conn, module_id=module.id)
        new = [
            {
                "person_id": pid,
                "module_id": module.id,
                "assigned_at": now,
                "due_on": schedule.assignment_due_on(due_on, valid.get((pid, module.id)), now),
                "assigned_by": actor.account_id,
                "reason": "assigned",
                "target": target.describe()[:250],
                "held_until": valid.get((pid, module.id)),
            }
            for pid in person_ids
            if pid not in open_ids
        ]
        if new:
            conn.execute(training_assignments.insert(), new)
        audit.record(
            conn,
            actor.account_id,
            "training_assign",
            f"module:{module.id}",
            {
                "target_kind": target.kind,
                "due_on": due_on.isoformat(),
                "assigned": len(new),
                "already_assigned": len(person_ids) - len(new),
            },
        )
    return AssignResult(assigned=len(new), already_assigned=len(person_ids) - len(new))


def _latest_valid_until(
    conn: Connection, *, module_id: str | None = None, person_id: int | None = None
) -> dict[tuple[int, str], datetime]:
    t = training_attempts
    query = (
        select(t.c.person_id, t.c.module_id, func.max(t.c.valid_until))
        .where(t.c.passed.is_(True))
        .group_by(t.c.person_id, t.c.module_id)
    )
    if module_id is not None:
        query = query.where(t.c.module_id == module_id)
    if person_id is not None:
        query = query.where(t.c.person_id == person_id)
    return {(p, m): v for p, m, v in conn.execute(query)}


# --- taking a module ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizResult:
    """A graded quiz: correct answers out of questions, and whether that passes."""

    score_raw: int
    score_max: int
    passed: bool

    @property
    def scaled(self) -> float:
        """The score as a share between 0 and 1."""
        return self.score_raw / self.score_max if self.score_max else 0.0


def grade(
    kb: KnowledgeBase, module: TrainingModule, answers: Mapping[str, int | None]
) -> QuizResult:
    """Grade ``answers`` (question id -> chosen option index) against ``module``'s quiz.

    Unanswered questions count as wrong.

    Raises:
        InvalidInput: an answer names a question outside the quiz or an option it lacks.
    """
    questions = {q.id: q for q in kb.questions if q.id in set(module.quiz)}
    for qid, choice in answers.items():
        if qid not in questions:
            raise InvalidInput(f"question {qid!r} is not part of the quiz of {module.id!r}")
        if choice is not None and not 0 <= choice < len(questions[qid].options):
            raise InvalidInput(f"question {qid!r} has no option {choice}")
    correct = sum(
        1
        for qid in module.quiz
        if answers.get(qid) is not None and questions[qid].options[answers[qid]].correct
    )
    total = len(module.quiz)
    return QuizResult(correct, total, schedule.passed(correct, total, module.pass_mark))


@dataclass(frozen=True)
class AttemptRecord:
    """A stored attempt: its id and number, the grade, and (if passed) the validity."""

    id: int
    attempt_no: int
    result: QuizResult
    valid_until: datetime | None
    renewal_due_on: date | None


def record_attempt(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    module: TrainingModule,
    answers: Mapping[str, int | None],
    *,
    started_at: datetime,
    now: datetime | None = None,
) -> AttemptRecord:
    """Grade and store the actor's own attempt at ``module``.

    A pass records a completion valid for ``validity_months``, closes the open assignment (if
    any) and schedules its renewal, due when the completion expires. A fail is recorded as
    an attempt and leaves the assignment open. The attempt number counts attempts since the
    person's previous pass.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
        InvalidInput: answers outside the quiz, or ``started_at`` after ``now``.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    now = _now(now)
    started_at = started_at.replace(microsecond=0)
    if started_at > now:
        raise InvalidInput("the attempt cannot start after it ends")
    result = grade(kb, module, answers)
    person_id = actor.person_id
    t, a = training_attempts, training_assignments
    with transaction(engine) as conn:
        last_pass = conn.execute(
            select(func.max(t.c.id)).where(
                t.c.person_id == person_id, t.c.module_id == module.id, t.c.passed.is_(True)
            )
        ).scalar()
        since_pass = select(func.count()).where(
            t.c.person_id == person_id, t.c.module_id == module.id
        )
        if last_pass is not None:
            since_pass = since_pass.where(t.c.id > last_pass)
        attempt_no = conn.execute(since_pass).scalar_one() + 1
        open_assignment = conn.execute(
            select(a.c.id).where(
                a.c.person_id == person_id, a.c.module_id == module.id, a.c.closed_at.is_(None)
            )
        ).scalar()
        valid_until = schedule.valid_until(now, module.validity_months) if result.passed else None
        attempt_id = conn.execute(
            t.insert().values(
                person_id=person_id,
                module_id=module.id,
                module_version=module.version,
                assignment_id=open_assignment,
                attempt_no=attempt_no,
                started_at=started_at,
                completed_at=now,
                duration_seconds=int((now - started_at).total_seconds()),
                score_raw=result.score_raw,
                score_max=result.score_max,
                pass_mark=module.pass_mark,
                passed=result.passed,
                valid_until=valid_until,
            )
        ).inserted_primary_key[0]
        renewal = None
        if result.passed and open_assignment is not None:
            conn.execute(
                a.update()
                .where(a.c.id == open_assignment)
                .values(closed_at=now, closed_by_attempt=attempt_id)
            )
            renewal = schedule.renewal_due_on(valid_until)
            held = _latest_valid_until(conn, module_id=module.id, person_id=person_id)
            conn.execute(
                a.insert().values(
                    person_id=person_id,
                    module_id=module.id,
                    assigned_at=now,
                    due_on=renewal,
                    assigned_by=None,
                    reason="renewal",
                    target=f"renewal of attempt:{attempt_id}",
                    held_until=held.get((person_id, module.id)),
                )
            )
        audit.record(
            conn,
            actor.account_id,
            "training_attempt",
            f"person:{person_id}",
            {"module": module.id, "attempt": attempt_no, "passed": result.passed},
        )
    return AttemptRecord(attempt_id, attempt_no, result, valid_until, renewal)


# --- status ---------------------------------------------------------------------------------


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


def _status_rows(
    conn: Connection,
    now: datetime,
    *,
    person_id: int | None = None,
    departments: Sequence[str] = (),
    module_ids: Sequence[str] = (),
) -> list[StatusRow]:
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
        return _status_rows(conn, _now(now), person_id=actor.person_id)


@dataclass(frozen=True)
class AttemptSummary:
    """One of the actor's own attempts, for their history."""

    module_id: str
    completed_at: datetime
    attempt_no: int
    score_raw: int
    score_max: int
    passed: bool
    valid_until: datetime | None


def my_attempts(engine: Engine, actor: Actor) -> list[AttemptSummary]:
    """The actor's own attempts, newest first.

    Raises:
        PermissionDenied: the actor may not take training or has no linked person.
    """
    require(actor, Action.TAKE_TRAINING, owner_person_id=actor.person_id)
    t = training_attempts
    query = (
        select(
            t.c.module_id,
            t.c.completed_at,
            t.c.attempt_no,
            t.c.score_raw,
            t.c.score_max,
            t.c.passed,
            t.c.valid_until,
        )
        .where(t.c.person_id == actor.person_id)
        .order_by(t.c.id.desc())
    )
    with transaction(engine) as conn:
        return [AttemptSummary(*row) for row in conn.execute(query)]


@dataclass(frozen=True)
class DashboardFilter:
    """Filters of the trainer views; empty means all."""

    departments: tuple[str, ...] = ()
    module_ids: tuple[str, ...] = ()
    statuses: tuple[TrainingStatus, ...] = ()
    since: date | None = None
    until: date | None = None  # inclusive


def status_rows(
    engine: Engine, actor: Actor, filters: DashboardFilter = DashboardFilter(), *, now=None
) -> list[StatusRow]:
    """Everyone's standing per module (names included), filtered.

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    with transaction(engine) as conn:
        rows = _status_rows(
            conn, _now(now), departments=filters.departments, module_ids=filters.module_ids
        )
    if filters.statuses:
        rows = [r for r in rows if r.status in filters.statuses]
    return rows


@dataclass(frozen=True)
class StatusCount:
    """How many people of one department stand at ``status`` for one module."""

    department: str | None
    module_id: str
    status: TrainingStatus
    count: int


def _latest_pass(column, person, module):
    """The latest ``column`` of the passes of ``person`` for ``module`` (a scalar subquery,
    answered from the covering index of migration 3)."""
    t = training_attempts
    return (
        select(func.max(column))
        .where(t.c.person_id == person, t.c.module_id == module, t.c.passed.is_(True))
        .scalar_subquery()
    )


def _status_case(due_on, valid, now: datetime):
    """:func:`schedule.module_status` written in SQL (tests/test_training.py checks that
    both agree): the status from the open assignment's due date and the latest validity."""
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


def _bytewise(engine: Engine):
    """Group text byte by byte on PostgreSQL (collation "C"): grouping 100,000 rows by
    department, module and status under the database's locale collation took most of the
    dashboard's time there. SQLite compares bytes already. The caller sorts the result."""
    if engine.dialect.name == "postgresql":
        return lambda column: column.collate("C")
    return lambda column: column


def _where_filters(query, filters: DashboardFilter | ExportFilter, module_column):
    """``query`` narrowed to the filters' departments (of people) and modules."""
    if filters.departments:
        query = query.where(people.c.department.in_(list(filters.departments)))
    if filters.module_ids:
        query = query.where(module_column.in_(list(filters.module_ids)))
    return query


def _open_assignment(person, module):
    a = training_assignments
    return (
        select(a.c.id)
        .where(a.c.person_id == person, a.c.module_id == module, a.c.closed_at.is_(None))
        .exists()
    )


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
    moment = _now(now)
    a, t, p = training_assignments, training_attempts, people
    status = _status_case(a.c.due_on, a.c.held_until, moment)
    bytewise = _bytewise(engine)
    assigned = _where_filters(
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
    held = _where_filters(
        select(p.c.department, t.c.person_id, t.c.module_id)
        .join(p, p.c.id == t.c.person_id)
        .where(
            t.c.passed.is_(True),
            t.c.valid_until > moment,
            p.c.erased_at.is_(None),
            ~_open_assignment(t.c.person_id, t.c.module_id),
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
    moment = _now(now)
    a, t, p = training_assignments, training_attempts, people
    query = _where_filters(
        select(
            p.c.id,
            p.c.external_id,
            p.c.name,
            p.c.department,
            a.c.module_id,
            a.c.due_on,
            a.c.held_until,
            _latest_pass(t.c.completed_at, a.c.person_id, a.c.module_id),
        )
        .join(p, p.c.id == a.c.person_id)
        .where(
            a.c.closed_at.is_(None),
            a.c.due_on < moment.date(),
            p.c.erased_at.is_(None),
            or_(a.c.held_until.is_(None), a.c.held_until <= moment),
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
                days_overdue=schedule.days_overdue(due_on, moment),
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


def _attempt_filters(query, filters: DashboardFilter | ExportFilter):
    t = training_attempts
    query = _where_filters(query, filters, t.c.module_id)
    if filters.since is not None:
        query = query.where(t.c.completed_at >= _midnight(filters.since))
    if filters.until is not None:
        query = query.where(t.c.completed_at < _midnight(filters.until + timedelta(days=1)))
    return query


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


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
    query = _attempt_filters(query, filters).group_by(day, t.c.passed)
    counts: Counter = Counter()
    with transaction(engine) as conn:
        for on, was_passed, n in conn.execute(query):
            on = date.fromisoformat(on) if isinstance(on, str) else on
            counts[(on, "passed" if was_passed else "failed")] += n
    return [(day, outcome, n) for (day, outcome), n in sorted(counts.items())]


def departments(engine: Engine, actor: Actor) -> list[str]:
    """Distinct departments of people (for filters and assignment).

    Raises:
        PermissionDenied: the actor may not view completions.
    """
    require(actor, Action.VIEW_COMPLETIONS)
    query = (
        select(people.c.department)
        .where(people.c.department.is_not(None), people.c.erased_at.is_(None))
        .distinct()
        .order_by(people.c.department)
    )
    with transaction(engine) as conn:
        return [d for d in conn.execute(query).scalars() if d]


def job_roles(engine: Engine, actor: Actor) -> list[str]:
    """Distinct job roles of people (for assignment).

    Raises:
        PermissionDenied: the actor may not assign training.
    """
    require(actor, Action.ASSIGN_TRAINING)
    query = (
        select(people.c.job_role)
        .where(people.c.job_role.is_not(None), people.c.erased_at.is_(None))
        .distinct()
        .order_by(people.c.job_role)
    )
    with transaction(engine) as conn:
        return [d for d in conn.execute(query).scalars() if d]


# --- exports --------------------------------------------------------------------------------


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


def _export_query(filters: ExportFilter):
    t, p, a = training_attempts, people, training_assignments
    query = (
        select(
            t.c.id,
            p.c.external_id,
            p.c.name,
            p.c.email,
            p.c.department,
            p.c.job_role,
            p.c.is_management_body,
            t.c.module_id,
            t.c.module_version,
            a.c.assigned_at,
            a.c.due_on,
            t.c.completed_at,
            t.c.passed,
            t.c.score_raw,
            t.c.score_max,
            t.c.pass_mark,
            t.c.attempt_no,
            t.c.duration_seconds,
            t.c.valid_until,
        )
        .select_from(t.join(p, p.c.id == t.c.person_id).outerjoin(a, a.c.id == t.c.assignment_id))
        .order_by(t.c.id)
    )
    query = _attempt_filters(query, filters)
    if filters.outcome in ("passed", "failed"):
        query = query.where(t.c.passed.is_(filters.outcome == "passed"))
    elif filters.outcome:
        raise InvalidInput(f"unknown outcome {filters.outcome!r} (expected passed or failed)")
    return query


def export_rows(
    conn: Connection,
    titles: Mapping[str, str],
    filters: ExportFilter,
    *,
    exported_at: datetime,
    exported_by: str,
) -> Iterator[tuple]:
    """Completion records as tuples in ``exports.COLUMNS`` order, streamed from one query."""
    query = _export_query(filters).execution_options(stream_results=True, yield_per=2000)
    result = conn.execute(query)
    for (
        rid,
        ext,
        name,
        email,
        dept,
        role,
        mgmt,
        module_id,
        version,
        assigned_at,
        due_on,
        completed_at,
        was_passed,
        raw,
        maximum,
        pass_mark,
        attempt_no,
        duration,
        valid,
    ) in result:
        yield (
            rid,
            ext,
            name,
            email,
            dept,
            role,
            bool(mgmt),
            module_id,
            titles.get(module_id, module_id),
            version,
            assigned_at,
            due_on,
            completed_at,
            "completed",
            "passed" if was_passed else "failed",
            raw,
            maximum,
            raw / maximum if maximum else 0.0,
            pass_mark,
            attempt_no,
            duration,
            valid,
            exported_at,
            exported_by,
        )


def export_completions(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    fmt: str,
    out: Path | BinaryIO,
    filters: ExportFilter = ExportFilter(),
    *,
    now: datetime | None = None,
) -> int:
    """Write the completion records ``filters`` selects to ``out``; return how many.

    A path is written atomically (a temporary file renamed into place only on success).
    The export is audited: who, format, filters and count -- no names.

    Raises:
        PermissionDenied: the actor may not export completions.
        InvalidInput: unknown format, or ``out`` cannot be written.
    """
    require(actor, Action.EXPORT_COMPLETIONS)
    if fmt not in exports.FORMATS:
        raise InvalidInput(
            f"unknown export format {fmt!r} (expected one of: {', '.join(exports.FORMATS)})"
        )
    now = _now(now)
    titles = {m.id: m.title for m in kb.training}
    with transaction(engine) as conn:
        username = conn.execute(
            select(accounts.c.username).where(accounts.c.id == actor.account_id)
        ).scalar()
        rows = export_rows(
            conn, titles, filters, exported_at=now, exported_by=username or str(actor.account_id)
        )
        options = {"site_base": site_base(), "home_page": app_home_page()}
        if isinstance(out, Path):
            try:
                with exports.atomic_file(out) as handle:
                    count = exports.write_export(fmt, rows, handle, **options)
                    _audit_export(conn, actor, fmt, filters, count)
            except OSError as exc:
                raise InvalidInput(f"cannot write {out}: {exc.strerror or exc}") from None
        else:
            count = exports.write_export(fmt, rows, out, **options)
            _audit_export(conn, actor, fmt, filters, count)
    return count


def _audit_export(
    conn: Connection, actor: Actor, fmt: str, filters: ExportFilter, count: int
) -> None:
    audit.record(
        conn,
        actor.account_id,
        audit.EXPORT,
        EXPORT_TARGET,
        {"format": fmt, "filters": filters.describe(), "count": count},
    )
