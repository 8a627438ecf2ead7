"""Training schedule: month arithmetic, validity, status at a fixed clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from quiz_app.core.schedule import (
    TrainingStatus,
    add_months,
    assignment_due_on,
    days_overdue,
    module_status,
    passed,
    valid_until,
)

NOW = datetime(2026, 3, 15, 12, 0)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 1, 31), 1, datetime(2026, 2, 28)),
        (datetime(2028, 1, 31), 1, datetime(2028, 2, 29)),
        (datetime(2026, 11, 30), 3, datetime(2027, 2, 28)),
        (datetime(2026, 5, 10), 12, datetime(2027, 5, 10)),
    ],
)
def test_add_months_clamps_to_month_end(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected
    assert valid_until(start, months) == expected


@pytest.mark.parametrize(
    ("due_on", "valid", "expected"),
    [
        (None, None, None),
        (date(2026, 5, 1), None, TrainingStatus.ASSIGNED),
        (date(2026, 3, 20), None, TrainingStatus.DUE),
        (date(2026, 3, 14), None, TrainingStatus.OVERDUE),
        (date(2027, 3, 15), datetime(2027, 3, 15), TrainingStatus.COMPLETED),
        (date(2026, 3, 20), datetime(2026, 3, 20), TrainingStatus.DUE),
        (date(2026, 3, 1), datetime(2026, 3, 1), TrainingStatus.OVERDUE),
    ],
)
def test_module_status(
    due_on: date | None, valid: datetime | None, expected: TrainingStatus | None
) -> None:
    assert module_status(due_on=due_on, valid_until_at=valid, now=NOW) == expected


def test_assigning_a_held_module_schedules_its_renewal() -> None:
    assert assignment_due_on(date(2026, 4, 1), datetime(2026, 9, 1), NOW) == date(2026, 9, 1)
    assert assignment_due_on(date(2026, 4, 1), datetime(2026, 1, 1), NOW) == date(2026, 4, 1)


def test_days_overdue_and_pass_mark() -> None:
    assert days_overdue(date(2026, 3, 10), NOW) == 5
    assert days_overdue(date(2026, 3, 20), NOW) == 0
    assert passed(8, 10, 0.8) and not passed(7, 10, 0.8) and not passed(0, 0, 0.5)
