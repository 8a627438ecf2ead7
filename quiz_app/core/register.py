"""The assignment register: one row per assignment, whatever its state. Pure, no store.

An assignment's register status comes from the assignment itself (open or closed, and how it
was closed), the attempts recorded against it and the validity of the pass that closed it.
It refines :func:`quiz_app.core.schedule.module_status` (which judges a person's standing
with a module, not one assignment):

Open assignments (what the dashboard counts as assigned, due or overdue):

- ``not started``: no attempt against it, and not overdue.
- ``in progress``: attempted and not passed yet (every attempt failed), due date not passed:
  the person may still retry in time.
- ``failed``: past its due date, attempted and never passed.
- ``overdue``: past its due date with no attempt, and no valid completion held (the
  dashboard's *overdue* is ``overdue`` plus ``failed``).

Closed assignments:

- ``passed``: closed by a pass whose completion is still valid.
- ``expired``: closed by a pass whose validity has ended, and not passed again since.
- ``renewed``: closed by a pass, and the person passed the module again later.
- ``cancelled``: closed by a trainer without a pass.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from quiz_app.core.exports import ExportColumn


class RegisterStatus(StrEnum):
    """Where one assignment stands (see the module docstring for each definition)."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    PASSED = "passed"
    FAILED = "failed"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    RENEWED = "renewed"
    CANCELLED = "cancelled"


def register_status(
    *,
    closed: bool,
    closed_by_pass: bool,
    passed_again: bool,
    pass_valid_until: datetime | None,
    due_on: date,
    held_until: datetime | None,
    attempts: int,
    now: datetime,
) -> RegisterStatus:
    """The register status of one assignment at ``now``.

    Args:
        closed: the assignment is closed (by a pass or cancelled).
        closed_by_pass: it was closed by a passing attempt.
        passed_again: the person passed the module again after that pass.
        pass_valid_until: validity of the pass that closed it.
        due_on: its due date.
        held_until: validity of the person's latest pass when it opened (None: none held).
        attempts: attempts recorded against it.
        now: the moment to judge at.
    """
    if closed:
        if not closed_by_pass:
            return RegisterStatus.CANCELLED
        if passed_again:
            return RegisterStatus.RENEWED
        if pass_valid_until is not None and pass_valid_until > now:
            return RegisterStatus.PASSED
        return RegisterStatus.EXPIRED
    covered = held_until is not None and held_until > now
    if now.date() > due_on and not covered:
        return RegisterStatus.FAILED if attempts else RegisterStatus.OVERDUE
    return RegisterStatus.IN_PROGRESS if attempts else RegisterStatus.NOT_STARTED


class RegisterRow(NamedTuple):
    """One row of the register: an assignment with its person and its attempts."""

    assignment_id: int
    learner_id: str
    name: str
    department: str | None
    role: str | None
    manager: str | None  # the manager's name, from the person's manager HR id
    module_id: str
    module_title: str
    module_version: str
    reason: str  # assigned | renewal
    assigned_at: datetime
    assigned_by: str | None
    due_date: date
    status: str
    attempts: int
    last_attempt_at: datetime | None
    score_scaled: float | None
    valid_until: datetime | None


REGISTER_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("assignment_id", "int"),
    ExportColumn("learner_id", "text"),
    ExportColumn("name", "text"),
    ExportColumn("department", "text"),
    ExportColumn("role", "text"),
    ExportColumn("manager", "text"),
    ExportColumn("module_id", "text"),
    ExportColumn("module_title", "text"),
    ExportColumn("module_version", "text"),
    ExportColumn("reason", "text"),
    ExportColumn("assigned_at", "datetime"),
    ExportColumn("assigned_by", "text"),
    ExportColumn("due_date", "date"),
    ExportColumn("status", "text"),
    ExportColumn("attempts", "int"),
    ExportColumn("last_attempt_at", "datetime"),
    ExportColumn("score_scaled", "float"),
    ExportColumn("valid_until", "datetime"),
)
