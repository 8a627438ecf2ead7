"""Training schedule: validity with month-end clamping, due/overdue status, renewal dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from quiz_app.core import schedule
from quiz_app.core.schedule import TrainingStatus as S

NOW = datetime(2025, 3, 3, 9, 0)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2025, 1, 15, 8, 30), 12, datetime(2026, 1, 15, 8, 30)),
        (datetime(2024, 1, 31, 10), 1, datetime(2024, 2, 29, 10)),
        (datetime(2025, 1, 31, 10), 1, datetime(2025, 2, 28, 10)),
        (datetime(2024, 2, 29), 12, datetime(2025, 2, 28)),
        (datetime(2025, 11, 30), 3, datetime(2026, 2, 28)),
        (datetime(2025, 12, 1), 1, datetime(2026, 1, 1)),
    ],
)
def test_valid_until_adds_calendar_months_clamped_to_month_end(start, months, expected):
    assert schedule.valid_until(start, months) == expected


@pytest.mark.parametrize(
    ("due_on", "valid_until", "expected"),
    [
        (None, None, None),  # neither assigned nor held
        (date(2025, 6, 1), None, S.ASSIGNED),  # 90 days away
        (date(2025, 3, 17), None, S.DUE),  # exactly 14 days away
        (date(2025, 3, 18), None, S.ASSIGNED),  # 15 days away
        (date(2025, 3, 3), None, S.DUE),  # due today
        (date(2025, 3, 2), None, S.OVERDUE),  # due yesterday
        (date(2026, 3, 1), datetime(2026, 3, 1, 9), S.COMPLETED),  # renewal far away
        (date(2025, 3, 10), datetime(2025, 3, 10, 9), S.DUE),  # renewal within 14 days
        (None, datetime(2025, 3, 10), S.COMPLETED),  # held without assignment
        (date(2025, 3, 1), datetime(2025, 3, 1, 9), S.OVERDUE),  # expired, renewal not taken
        (None, datetime(2025, 3, 1), None),  # expired and nothing asked any more
        (date(2025, 3, 3), datetime(2025, 3, 3, 9, 0), S.DUE),  # expires at this very moment
    ],
)
def test_module_status(due_on, valid_until, expected):
    assert schedule.module_status(due_on=due_on, valid_until_at=valid_until, now=NOW) == expected


def test_renewal_falls_due_when_the_completion_expires():
    completed = datetime(2025, 1, 31, 14, 5)
    until = schedule.valid_until(completed, 12)
    due = schedule.renewal_due_on(until)
    assert (until, due) == (datetime(2026, 1, 31, 14, 5), date(2026, 1, 31))

    def at(moment):
        return schedule.module_status(due_on=due, valid_until_at=until, now=moment)

    assert at(datetime(2025, 2, 1)) is S.COMPLETED
    assert at(datetime(2026, 1, 17)) is S.DUE
    assert at(datetime(2026, 1, 31, 14, 6)) is S.DUE  # expired today: due, not yet overdue
    assert at(datetime(2026, 2, 1)) is S.OVERDUE
    assert schedule.days_overdue(due, datetime(2026, 2, 11, 23)) == 11


def test_assigning_a_held_module_is_due_when_it_expires():
    assert schedule.assignment_due_on(date(2025, 4, 1), None, NOW) == date(2025, 4, 1)
    held = datetime(2025, 9, 30, 12)
    assert schedule.assignment_due_on(date(2025, 4, 1), held, NOW) == date(2025, 9, 30)
    assert schedule.assignment_due_on(date(2025, 4, 1), datetime(2025, 1, 1), NOW) == date(
        2025, 4, 1
    )
    assert schedule.default_due_on(NOW) == date(2025, 4, 2)


@pytest.mark.parametrize(
    ("raw", "maximum", "mark", "expected"),
    [
        (8, 10, 0.8, True),
        (7, 10, 0.8, False),
        (10, 10, 1.0, True),
        (2, 3, 0.66, True),
        (0, 0, 0.5, False),
    ],
)
def test_pass_mark_is_compared_exactly(raw, maximum, mark, expected):
    assert schedule.passed(raw, maximum, mark) is expected
