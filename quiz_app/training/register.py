"""The assignment register: one row per assignment whatever its state, for the dashboard, the
person page and the ``register`` export (CSV or XLSX).

The rows come from one streamed query (assignment, person, who assigned it, its attempts and
the pass that closed it); :func:`quiz_app.core.register.register_status` names each state.
Trainers see everyone; anyone else sees only their own assignments.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import and_, exists, func, select
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase
from quiz_app import audit, files
from quiz_app.authz import Action, Actor, allowed, require
from quiz_app.core import exports
from quiz_app.core.register import REGISTER_COLUMNS, RegisterRow, RegisterStatus, register_status
from quiz_app.errors import InvalidInput
from quiz_app.i18n import DEFAULT_LANGUAGE, N_, translator
from quiz_app.store import accounts, people, training_assignments, training_attempts, transaction
from quiz_app.training.catalogue import moment
from quiz_app.training.filters import DashboardFilter, where_filters

REGISTER_TARGET = "training_register"
REGISTER_FORMATS = ("csv", "xlsx")


def _register_query(filters: DashboardFilter, person_id: int | None):
    a, p, t = training_assignments, people, training_attempts
    stats = (
        select(
            t.c.assignment_id,
            func.count().label("attempts"),
            func.max(t.c.id).label("last_id"),
        )
        .where(t.c.assignment_id.is_not(None))
        .group_by(t.c.assignment_id)
        .subquery("stats")
    )
    last = t.alias("last_attempt")
    closing = t.alias("closing")
    later = t.alias("later")
    by_account = accounts.alias("by_account")
    by_person = p.alias("by_person")
    manager = p.alias("manager")
    passed_again = exists().where(
        later.c.person_id == a.c.person_id,
        later.c.module_id == a.c.module_id,
        later.c.passed.is_(True),
        later.c.id > a.c.closed_by_attempt,
    )
    query = (
        select(
            a.c.id,
            p.c.external_id,
            p.c.name,
            p.c.department,
            p.c.job_role,
            manager.c.name,
            a.c.module_id,
            func.coalesce(closing.c.module_version, last.c.module_version),
            a.c.reason,
            a.c.assigned_at,
            func.coalesce(by_person.c.name, by_account.c.username),
            a.c.due_on,
            a.c.held_until,
            a.c.closed_at,
            closing.c.passed,
            closing.c.valid_until,
            passed_again,
            func.coalesce(stats.c.attempts, 0),
            last.c.completed_at,
            last.c.score_raw,
            last.c.score_max,
        )
        .select_from(
            a.join(p, p.c.id == a.c.person_id)
            .outerjoin(stats, stats.c.assignment_id == a.c.id)
            .outerjoin(last, last.c.id == stats.c.last_id)
            .outerjoin(closing, closing.c.id == a.c.closed_by_attempt)
            .outerjoin(by_account, by_account.c.id == a.c.assigned_by)
            .outerjoin(
                manager,
                and_(
                    manager.c.external_id == p.c.manager_external_id,
                    manager.c.erased_at.is_(None),
                ),
            )
            .outerjoin(
                by_person,
                and_(by_person.c.id == by_account.c.person_id, by_person.c.erased_at.is_(None)),
            )
        )
        .where(p.c.erased_at.is_(None))
        .order_by(p.c.external_id, a.c.module_id, a.c.id)
    )
    if person_id is not None:
        query = query.where(a.c.person_id == person_id)
    return where_filters(query, filters, a.c.module_id)


def _scope(actor: Actor, person_id: int | None) -> int | None:
    """The person whose rows ``actor`` may read (None: everyone's), or raise."""
    if allowed(actor.role, Action.VIEW_COMPLETIONS):
        return person_id
    if person_id is not None and allowed(actor.role, Action.VIEW_PERSON_TRAINING):
        return person_id  # an admin on the person page: one person at a time
    require(actor, Action.TAKE_TRAINING, owner_person_id=person_id)
    return actor.person_id


def stream_register(
    conn: Connection,
    kb: KnowledgeBase | None,
    filters: DashboardFilter,
    *,
    now: datetime,
    statuses: Sequence[RegisterStatus] = (),
    person_id: int | None = None,
    limit: int | None = None,
) -> Iterator[RegisterRow]:
    """The register rows ``filters`` select (by HR id, module, assignment), streamed from one
    query (at most ``limit``, before any status filter); no permission check (callers check)."""
    modules: Mapping = {m.id: m for m in kb.training} if kb is not None else {}
    wanted = frozenset(statuses)
    query = _register_query(filters, person_id)
    if limit is not None:
        query = query.limit(limit)
    query = query.execution_options(stream_results=True, yield_per=2000)
    for (
        assignment_id,
        learner_id,
        name,
        department,
        role,
        manager_name,
        module_id,
        version,
        reason,
        assigned_at,
        assigned_by,
        due_on,
        held_until,
        closed_at,
        closing_passed,
        pass_valid_until,
        passed_again,
        attempts,
        last_at,
        score_raw,
        score_max,
    ) in conn.execute(query):
        status = register_status(
            closed=closed_at is not None,
            closed_by_pass=bool(closing_passed),
            passed_again=bool(passed_again),
            pass_valid_until=pass_valid_until,
            due_on=due_on,
            held_until=held_until,
            attempts=attempts,
            now=now,
        )
        if wanted and status not in wanted:
            continue
        module = modules.get(module_id)
        yield RegisterRow(
            assignment_id=assignment_id,
            learner_id=learner_id,
            name=name,
            department=department,
            role=role,
            manager=manager_name,
            module_id=module_id,
            module_title=module.title if module else module_id,
            module_version=version or (module.version if module else ""),
            reason=reason,
            assigned_at=assigned_at,
            assigned_by=assigned_by,
            due_date=due_on,
            status=status.value,
            attempts=attempts,
            last_attempt_at=last_at,
            score_scaled=score_raw / score_max if score_max else None,
            valid_until=pass_valid_until if closing_passed else None,
        )


@dataclass(frozen=True)
class RegisterView:
    """The first rows of the register, how many there are, and how many per status."""

    rows: list[RegisterRow]
    total: int
    by_status: dict[str, int] = field(default_factory=dict)


def register(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    filters: DashboardFilter = DashboardFilter(),
    *,
    statuses: Sequence[RegisterStatus] = (),
    person_id: int | None = None,
    limit: int | None = None,
    now: datetime | None = None,
) -> RegisterView:
    """The register: trainers see everyone's assignments (or ``person_id``'s), admins one
    person's at a time, anyone else only their own. Only the first ``limit`` rows are kept;
    all are counted (per status too, unless a ``limit`` without ``statuses`` lets the
    database count and stop early: then ``by_status`` is empty).

    Raises:
        PermissionDenied: the actor asks for someone else's rows without seeing completions.
    """
    person_id = _scope(actor, person_id)
    at = moment(now)
    with transaction(engine) as conn:
        if limit is not None and not statuses:
            # Without a status filter the database counts and stops at ``limit``: the
            # dashboard does not read 180,000 rows to show 1,000.
            total = conn.execute(_count_query(filters, person_id)).scalar_one()
            kept = list(
                stream_register(conn, kb, filters, now=at, person_id=person_id, limit=limit)
            )
            return RegisterView(kept, total)
        kept = []
        counts: Counter = Counter()
        for row in stream_register(
            conn, kb, filters, now=at, statuses=statuses, person_id=person_id
        ):
            counts[row.status] += 1
            if limit is None or len(kept) < limit:
                kept.append(row)
    return RegisterView(kept, sum(counts.values()), dict(counts))


def _count_query(filters: DashboardFilter, person_id: int | None):
    a, p = training_assignments, people
    query = (
        select(func.count())
        .select_from(a.join(p, p.c.id == a.c.person_id))
        .where(p.c.erased_at.is_(None))
    )
    if person_id is not None:
        query = query.where(a.c.person_id == person_id)
    return where_filters(query, filters, a.c.module_id)


def register_file_name(fmt: str, *, now: datetime | None = None) -> str:
    """The file name to offer for a register export, e.g. ``training-register-20250401-120005.csv``.

    Raises:
        InvalidInput: a format other than csv or xlsx.
    """
    _check_format(fmt)
    return f"training-register-{moment(now):%Y%m%d-%H%M%S}{exports.SUFFIXES[fmt]}"


def _check_format(fmt: str) -> None:
    if fmt not in REGISTER_FORMATS:
        raise InvalidInput(
            N_("the register exports as csv or xlsx, not {fmt!r} (xAPI holds attempts only)"),
            fmt=fmt,
        )


# What each register column holds, for the header row of a German or French export (an
# English export keeps the column names, which other tools read).
REGISTER_HEADINGS = {
    "assignment_id": N_("Assignment no."),
    "learner_id": N_("Learner id"),
    "name": N_("Name"),
    "department": N_("Department"),
    "role": N_("Job role"),
    "manager": N_("Manager"),
    "module_id": N_("Module id"),
    "module_title": N_("Module"),
    "module_version": N_("Module version"),
    "reason": N_("Reason"),
    "assigned_at": N_("Assigned at (UTC)"),
    "assigned_by": N_("Assigned by"),
    "due_date": N_("Due date"),
    "status": N_("Status"),
    "attempts": N_("Attempts"),
    "last_attempt_at": N_("Last attempt (UTC)"),
    "score_scaled": N_("Score (0-1)"),
    "valid_until": N_("Valid until (UTC)"),
}


def register_headers(language: str) -> list[str] | None:
    """The register's header row in ``language``; None for English (the column names)."""
    if language == DEFAULT_LANGUAGE:
        return None
    t = translator(language)
    return [t.gettext(REGISTER_HEADINGS[c.name]) for c in REGISTER_COLUMNS]


def _write(fmt: str, rows, out, tmpdir: Path, headers: list[str] | None) -> int:
    if fmt == "csv":
        return exports.write_csv(rows, out, columns=REGISTER_COLUMNS, headers=headers)
    return exports.write_xlsx(
        rows, out, tmpdir=tmpdir, columns=REGISTER_COLUMNS, sheet_name="register", headers=headers
    )


def export_register(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    fmt: str,
    out: Path | BinaryIO,
    filters: DashboardFilter = DashboardFilter(),
    *,
    statuses: Sequence[RegisterStatus] = (),
    now: datetime | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> int:
    """Write the register rows ``filters`` select to ``out`` as CSV or XLSX; return how many.

    ``language`` (``en``, ``de``, ``fr``) is the language of the header row only: the rows
    are the same in every language.

    Same safety as the completion export: UTF-8 with BOM, typed cells, formula
    neutralisation, atomic file writes, and an audit entry (format, filters, count; no names).

    Raises:
        PermissionDenied: the actor may not export completions.
        InvalidInput: a format other than csv or xlsx, or ``out`` cannot be written.
    """
    require(actor, Action.EXPORT_COMPLETIONS)
    _check_format(fmt)
    headers = register_headers(language)
    at = moment(now)
    with transaction(engine) as conn:
        rows = stream_register(conn, kb, filters, now=at, statuses=statuses)
        if isinstance(out, Path):
            try:
                with files.scratch_dir(out) as scratch, files.atomic_file(out) as handle:
                    count = _write(fmt, rows, handle, scratch, headers)
            except OSError as exc:
                raise InvalidInput(
                    N_("cannot write {out}: {reason}"), out=out, reason=exc.strerror or exc
                ) from None
        else:
            with tempfile.TemporaryDirectory(prefix="nis2-register-") as scratch:
                count = _write(fmt, rows, out, Path(scratch), headers)
        described = {
            "departments": list(filters.departments),
            "modules": list(filters.module_ids),
            "statuses": [s.value for s in statuses],
        }
        audit.record(
            conn,
            actor.account_id,
            audit.EXPORT,
            REGISTER_TARGET,
            {
                "format": fmt,
                "filters": {k: v for k, v in described.items() if v},
                "count": count,
                **({"language": language} if headers else {}),
            },
        )
    return count
