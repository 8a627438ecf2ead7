"""The learner's counters on My training, in each interface language (singular and plural)."""

from __future__ import annotations

from datetime import date

from quiz_app import training
from quiz_app.core.schedule import TrainingStatus
from quiz_app.training.status import StatusRow


def _row(module_id: str, status: TrainingStatus) -> StatusRow:
    return StatusRow(1, "P-1", "Ann", "IT", module_id, status, date(2026, 12, 1), None)


ROWS = [_row("a", TrainingStatus.OVERDUE), _row("b", TrainingStatus.OVERDUE)]
ROWS += [_row("c", TrainingStatus.DUE)]


def test_the_counters_in_english_stay_as_they_were():
    assert training.counter_lines(ROWS) == [
        "2 modules overdue (past the due date)",
        "1 module due within 14 days",
        "0 modules due later",
        "0 modules completed and still valid",
        "3 modules assigned to you in total",
    ]


def test_the_counters_in_german_and_french():
    assert training.counter_lines(ROWS, "de") == [
        "2 Module überfällig (Fälligkeitsdatum überschritten)",
        "1 Modul innerhalb von 14 Tagen fällig",
        "0 Module später fällig",
        "0 Module abgeschlossen und noch gültig",
        "3 Module Ihnen insgesamt zugewiesen",
    ]
    french = training.counter_lines(ROWS, "fr")
    assert french[0] == "2 modules en retard (échéance dépassée)"
    assert french[1] == "1 module à terminer dans les 14 jours"
    assert french[2] == "0 module à terminer plus tard"
