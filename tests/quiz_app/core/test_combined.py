"""The round's combined view: median, spread and the order of disagreement."""

from __future__ import annotations

import pytest

from quiz_app.core.combined import combine


def test_median_and_range_per_measure():
    [spread] = combine([{"21-2-a": 20.0}, {"21-2-a": 80.0}, {"21-2-a": 50.0}])
    assert (spread.members, spread.median, spread.low, spread.high) == (3, 50.0, 20.0, 80.0)
    assert spread.spread == 60.0
    assert (spread.q1, spread.q3) == (35.0, 65.0)


def test_measures_where_members_disagree_most_come_first():
    members = [
        {"21-2-a": 50.0, "21-2-b": 0.0, "21-2-c": 70.0},
        {"21-2-a": 50.0, "21-2-b": 100.0, "21-2-c": 40.0},
        {"21-2-a": 60.0, "21-2-b": 50.0, "21-2-c": 70.0},
    ]
    assert [s.measure for s in combine(members)] == ["21-2-b", "21-2-c", "21-2-a"]


def test_equal_range_is_ordered_by_quartiles_then_measure():
    members = [{"x": 0.0, "y": 0.0, "z": 0.0}, {"x": 0.0, "y": 100.0, "z": 0.0}]
    members.append({"x": 100.0, "y": 100.0, "z": 100.0})
    members.append({"x": 100.0, "y": 100.0, "z": 100.0})
    assert [s.measure for s in combine(members)] == ["x", "z", "y"]


def test_a_measure_not_rated_by_a_member_counts_only_the_others():
    [spread] = combine([{"m": None}, {"m": 40.0}, {"m": 60.0}])
    assert spread.members == 2
    assert spread.median == pytest.approx(50.0)


def test_one_member_has_no_spread_and_no_members_no_rows():
    [spread] = combine([{"m": 40.0}])
    assert (spread.spread, spread.iqr) == (0.0, 0.0)
    assert combine([]) == []
