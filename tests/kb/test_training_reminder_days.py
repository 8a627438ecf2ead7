"""The reminder days of training modules: defaults, values from data/, and their limits."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kb.load import load
from kb.model import TrainingModule

BASE = {
    "id": "m",
    "title": "A module",
    "version": "1.0",
    "audience": "all",
    "description": "Read and answer.",
    "reading": ["articles/20"],
    "quiz": ["a", "b", "c"],
    "pass_mark": 0.8,
    "validity_months": 12,
}


def test_a_module_without_reminder_days_gets_seven_and_fourteen():
    module = TrainingModule(**BASE)
    assert (module.remind_before_days, module.escalate_after_days) == (7, 14)


def test_the_data_sets_the_days_per_module():
    modules = {m.id: m for m in load().training}
    board = modules["management-body"]
    assert (board.remind_before_days, board.escalate_after_days) == (14, 7)
    assert modules["cyber-hygiene"].remind_before_days == 7


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("remind_before_days", 0, "greater than or equal to 1"),
        ("escalate_after_days", 181, "less than or equal to 180"),
        ("escalate_after_days", "soon", "valid integer"),
    ],
)
def test_days_out_of_range_are_refused(field, value, message):
    with pytest.raises(ValidationError, match=message):
        TrainingModule(**BASE, **{field: value})
