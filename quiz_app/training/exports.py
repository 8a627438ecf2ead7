"""Exporting completion records (every attempt, passed or failed) as CSV, XLSX or xAPI.

The records come from one streamed query; :mod:`quiz_app.core.exports` writes them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from kb.model import KnowledgeBase
from quiz_app import audit, files
from quiz_app.authz import Action, Actor, require
from quiz_app.core import exports
from quiz_app.core.exports import CompletionRecord
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_
from quiz_app.links import site_base
from quiz_app.store import accounts, people, training_assignments, training_attempts, transaction
from quiz_app.training.catalogue import app_home_page, moment
from quiz_app.training.filters import ExportFilter, attempt_filters

EXPORT_TARGET = "training_completions"


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
    query = attempt_filters(query, filters)
    if filters.outcome in ("passed", "failed"):
        query = query.where(t.c.passed.is_(filters.outcome == "passed"))
    elif filters.outcome:
        raise InvalidInput(
            N_("unknown outcome {outcome!r} (expected passed or failed)"), outcome=filters.outcome
        )
    return query


def export_rows(
    conn: Connection,
    titles: Mapping[str, str],
    filters: ExportFilter,
    *,
    exported_at: datetime,
    exported_by: str,
) -> Iterator[CompletionRecord]:
    """The completion records ``filters`` selects, oldest first, streamed from one query.

    Args:
        titles: module id -> title (a module no longer in the data keeps its id as title).
        exported_at: when the export runs, written in every record.
        exported_by: who runs it (username), written in every record.

    Raises:
        InvalidInput: an unknown outcome in ``filters``.
    """
    query = _export_query(filters).execution_options(stream_results=True, yield_per=2000)
    for (
        record_id,
        learner_id,
        name,
        email,
        department,
        role,
        management_body,
        module_id,
        module_version,
        assigned_at,
        due_on,
        completed_at,
        passed,
        score_raw,
        score_max,
        pass_mark,
        attempt_no,
        duration_seconds,
        valid_until,
    ) in conn.execute(query):  # unpacked: reading a Row by attribute is 20 times slower
        yield CompletionRecord(
            record_id=record_id,
            learner_id=learner_id,
            name=name,
            email=email,
            department=department,
            role=role,
            management_body=bool(management_body),
            module_id=module_id,
            module_title=titles.get(module_id, module_id),
            module_version=module_version,
            assigned_at=assigned_at,
            due_date=due_on,
            completed_at=completed_at,
            completion_status="completed",
            success_status="passed" if passed else "failed",
            score_raw=score_raw,
            score_max=score_max,
            score_scaled=score_raw / score_max if score_max else 0.0,
            pass_mark=pass_mark,
            attempt=attempt_no,
            duration_seconds=duration_seconds,
            valid_until=valid_until,
            exported_at=exported_at,
            exported_by=exported_by,
        )


def export_file_name(fmt: str, *, now: datetime | None = None) -> str:
    """The file name to offer a download of an export in ``fmt`` made at ``now``, e.g.
    ``training-completions-20250401-120005.xlsx``.

    Raises:
        InvalidInput: unknown format.
    """
    if fmt not in exports.FORMATS:
        raise InvalidInput(
            N_("unknown export format {fmt!r} (expected one of: {formats})"),
            fmt=fmt,
            formats=", ".join(exports.FORMATS),
        )
    stamp = moment(now).strftime("%Y%m%d-%H%M%S")
    return f"training-completions-{stamp}{exports.SUFFIXES[fmt]}"


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
            N_("unknown export format {fmt!r} (expected one of: {formats})"),
            fmt=fmt,
            formats=", ".join(exports.FORMATS),
        )
    now = moment(now)
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
                with files.scratch_dir(out) as scratch, files.atomic_file(out) as handle:
                    count = exports.write_export(fmt, rows, handle, tmpdir=scratch, **options)
                    _audit_export(conn, actor, fmt, filters, count)
            except OSError as exc:
                raise InvalidInput(
                    N_("cannot write {out}: {reason}"), out=out, reason=exc.strerror or exc
                ) from None
        else:
            # A download: xlsxwriter's row files go to a private folder removed whatever
            # happens, never loose in the system's temporary folder (they hold e-mails).
            with tempfile.TemporaryDirectory(prefix="nis2-export-") as scratch:
                count = exports.write_export(fmt, rows, out, tmpdir=Path(scratch), **options)
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
