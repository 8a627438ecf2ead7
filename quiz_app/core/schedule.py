"""Training schedule: due dates, validity, renewal and status. Pure functions, no store.

A person's state for one module is described by two facts: the due date of their *open*
assignment (if any) and the ``valid_until`` of their latest pass (if any). Passing closes the
open assignment and opens a renewal that is due on the day the new completion expires, so
renewal needs no background job: it is already scheduled when the completion expires.

Times are naive UTC, as in the store; ``now`` is always passed in, never read from a clock.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum

DUE_SOON_DAYS = 14
"""An open assignment (or a renewal) this close to its due date counts as due."""

DEFAULT_DUE_DAYS = 30
"""Days from assignment to due date when the trainer gives none."""


class TrainingStatus(StrEnum):
    """Where a person stands with one module."""

    ASSIGNED = "assigned"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def valid_until(completed_at: datetime, validity_months: int) -> datetime:
    """When a completion at ``completed_at`` stops counting: ``validity_months`` later."""
    return add_months(completed_at, validity_months)


def renewal_due_on(valid_until_at: datetime) -> date:
    """The due date of the renewal scheduled by a completion valid until ``valid_until_at``."""
    return valid_until_at.date()


def default_due_on(now: datetime, days: int = DEFAULT_DUE_DAYS) -> date:
    """A due date ``days`` after ``now``."""
    return (now + timedelta(days=days)).date()


def assignment_due_on(requested: date, valid_until_at: datetime | None, now: datetime) -> date:
    """The due date for a new assignment: ``requested``, but not before a still-valid
    completion expires (assigning a module someone holds schedules its renewal)."""
    if valid_until_at is not None and valid_until_at > now:
        return max(requested, renewal_due_on(valid_until_at))
    return requested


def module_status(
    *,
    due_on: date | None,
    valid_until_at: datetime | None,
    now: datetime,
    due_soon_days: int = DUE_SOON_DAYS,
) -> TrainingStatus | None:
    """The status of one person for one module, or None when it is neither assigned nor held.

    Args:
        due_on: due date of the open assignment (None when there is none).
        valid_until_at: end of validity of the latest pass (None when never passed).
        now: the moment to judge at.
        due_soon_days: how close to the due date an assignment counts as due.

    A valid completion counts as completed until its renewal comes within ``due_soon_days``
    (then due). Without one, the open assignment is overdue after its due date, due within
    ``due_soon_days`` of it, and assigned before that.
    """
    today = now.date()
    if valid_until_at is not None and valid_until_at > now:
        if due_on is not None and (due_on - today).days <= due_soon_days:
            return TrainingStatus.DUE
        return TrainingStatus.COMPLETED
    if due_on is None:
        return None
    if today > due_on:
        return TrainingStatus.OVERDUE
    if (due_on - today).days <= due_soon_days:
        return TrainingStatus.DUE
    return TrainingStatus.ASSIGNED


def days_overdue(due_on: date, now: datetime) -> int:
    """Whole days past ``due_on`` (0 when not yet past)."""
    return max(0, (now.date() - due_on).days)


def passed(score_raw: int, score_max: int, pass_mark: float) -> bool:
    """Whether ``score_raw`` out of ``score_max`` reaches ``pass_mark`` (a share, 0 < x <= 1)."""
    if score_max <= 0:
        return False
    # Compare as integers where possible so 8/10 against 0.8 is exactly a pass.
    return score_raw * 1000 >= round(pass_mark * 1000) * score_max
