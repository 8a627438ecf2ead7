"""A round's combined view: per measure, the median and spread of the members' scores.

Pure: takes each member's per-measure percentages and returns one :class:`MeasureSpread` per
measure, the measures where members disagree most (widest range, then widest interquartile
range) first, then by measure id. A member who rated none of a measure's questions (all not
applicable) does not count for that measure.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureSpread:
    """How the members scored one measure (percent): middle value, extremes and quartiles."""

    measure: str
    members: int
    median: float
    low: float
    high: float
    q1: float
    q3: float

    @property
    def spread(self) -> float:
        """The range (highest minus lowest score), in percentage points."""
        return self.high - self.low

    @property
    def iqr(self) -> float:
        """The interquartile range, in percentage points."""
        return self.q3 - self.q1


def _quartiles(values: Sequence[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def combine(scores: Sequence[Mapping[str, float | None]]) -> list[MeasureSpread]:
    """The spread per measure over members' ``{measure: percent}``; disagreement first."""
    by_measure: dict[str, list[float]] = {}
    for member in scores:
        for measure, percent in member.items():
            if percent is not None:
                by_measure.setdefault(measure, []).append(float(percent))
    spreads = []
    for measure, values in by_measure.items():
        values.sort()
        q1, q3 = _quartiles(values)
        spreads.append(
            MeasureSpread(
                measure=measure,
                members=len(values),
                median=statistics.median(values),
                low=values[0],
                high=values[-1],
                q1=q1,
                q3=q3,
            )
        )
    return sorted(spreads, key=lambda s: (-s.spread, -s.iqr, s.measure))
