"""Targets of `make bench` judged as ratios to a baseline of the same run, and how the
report marks them."""

from __future__ import annotations

from bench.measure import Figure, Section, against
from bench.report import render_report


def test_a_time_within_its_ratio_is_met_and_keeps_both_absolute_figures():
    figure = against(Figure("status counts", 30.0, "ms"), 24.0, "bare SQL via sqlite3", 1.5)
    assert figure.ratio == 1.25
    assert figure.met is True
    assert figure.target == "≤ 1.5× baseline"
    assert figure.baseline == "bare SQL via sqlite3: 24 ms"
    assert figure.value == 30.0


def test_a_time_past_its_ratio_is_not_met():
    figure = against(Figure("overdue list", 40.0, "ms"), 20.0, "bare SQL", 1.5)
    assert figure.ratio == 2.0
    assert figure.met is False


def test_a_throughput_is_judged_from_below():
    slow = against(Figure("1 writer", 400.0, "/s"), 1000.0, "bare loop", 0.5, at_least=True)
    fast = against(Figure("1 writer", 600.0, "/s"), 1000.0, "bare loop", 0.5, at_least=True)
    assert (slow.ratio, slow.met) == (0.4, False)
    assert (fast.ratio, fast.met) == (0.6, True)
    assert fast.target == "≥ 0.5× baseline"


def test_without_a_baseline_the_target_is_not_judged():
    for baseline in (None, 0.0):
        figure = against(Figure("page", 0.2, "s"), baseline, "empty page", 20)
        assert figure.met is None and figure.ratio is None
        assert figure.baseline == "empty page: not measured"


def test_the_report_marks_each_ratio_target_and_lists_the_missed_ones():
    section = Section("3. Store: writers")
    section.add(against(Figure("status counts", 30.0, "ms"), 24.0, "bare SQL", 1.5))
    section.add(against(Figure("overdue list", 40.0, "ms"), 20.0, "bare SQL", 1.5))
    text = render_report({"date": "today"}, "quick", [section])
    assert "1 of 2 targets met." in text
    assert "| status counts | 30.0 ms |" in text and "| 1.25× | ≤ 1.5× baseline | **met** |" in text
    assert "| 2.00× | ≤ 1.5× baseline | **not met** |" in text
    assert "- 3. Store: overdue list = 40.0 ms (ratio 2.00×), target ≤ 1.5× baseline" in text
