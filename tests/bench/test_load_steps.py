"""The load section's steps: p50/p95 per interaction and step, the targets marked per step,
and the steps chosen on the command line. Synthetic timings: no app is started."""

from __future__ import annotations

from bench.__main__ import _parser, conditions, settings_from
from bench.load import INTERACTIONS, LoadResult
from bench.measure import Section
from bench.sections.load import _curve, _figures, step_verdict


def _result(users: int, answer_ms: float, replicas: int = 1) -> LoadResult:
    result = LoadResult(users=users, replicas=replicas, seconds=10.0)
    for kind in INTERACTIONS:
        result.timings[kind] = [0.05] * 19 + [0.2]
    result.timings["answer"] = [0.05] * 18 + [answer_ms / 1000] * 2
    return result


def test_each_step_up_to_50_users_is_held_to_the_p95_targets():
    section = Section("7. Load")
    within = _figures(section, _result(10, 400))
    slow = _figures(section, _result(50, 900))
    beyond = _figures(section, _result(100, 900))
    assert within["answer"].met is True and within["answer"].target == "≤ 500 ms"
    assert within["answer"].value == 400 and within["answer"].note == "p50 50 ms"
    assert slow["answer"].met is False and slow["page"].met is True
    assert beyond["answer"].met is None and "not judged" in beyond["answer"].target
    assert within["login"].target == "≤ 2000 ms" and within["login"].met is True


def test_two_replicas_are_not_held_to_one_replicas_p95_targets():
    shown = _figures(Section("7. Load"), _result(50, 900, replicas=2))
    assert shown["answer"].met is None and shown["answer"].target == ""
    assert shown["errors"].met is True


def test_the_curve_shows_p50_and_p95_of_every_step_and_its_verdict():
    steps = [_result(10, 400), _result(25, 900), _result(100, 900), _result(10, 400, 2)]
    curve = _curve(steps)
    lines = curve.splitlines()
    assert "answer p50 / p95" in lines[0] and "p95 targets" in lines[0]
    assert lines[2].startswith("| 1 | 10 | 50 / 200 ms | 50 / 200 ms | 50 / 400 ms |")
    assert lines[2].endswith("| 8.0 | 0 | **met** |")
    assert lines[3].endswith("| **not met**: answer |")
    assert lines[4].endswith("| not judged (over 50 users) |")
    assert lines[5].endswith("| judged by the scaling ratio |")
    assert step_verdict(LoadResult(users=10, replicas=1, seconds=1.0)).startswith("**not met**")


def test_the_steps_come_from_the_command_line_and_quick_stays_small():
    quick = settings_from(_parser().parse_args(["--quick"]))
    assert max(quick.load_users) <= 10 and quick.load_seconds <= 15
    assert quick.load_soak_seconds == 0
    full = settings_from(_parser().parse_args([]))
    assert full.load_users == (10, 25, 50, 100)
    chosen = settings_from(
        _parser().parse_args(["--quick", "--load-users", "10,25,50,100", "--load-seconds", "30"])
    )
    assert (chosen.load_users, chosen.load_seconds) == ((10, 25, 50, 100), 30.0)


def test_the_conditions_line_says_what_ran_beside_the_bench():
    line = conditions("two other engineers' test suites on both cores")
    assert line.startswith("two other engineers' test suites on both cores; load average at")
    assert conditions("").startswith("not stated (--conditions)")
