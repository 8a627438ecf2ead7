"""Scoring a self-assessment: overall and per-area scores, maturity level and ranked gaps.

Pure functions over the question bank (``kb.model.Question``); no Streamlit, no store.

Rules
-----
* A choice is an option index, or :data:`NOT_APPLICABLE`; a question missing from the
  choices is *unanswered*.
* An answered question earns ``option.score * weight`` out of ``weight``.
* A not-applicable question is left out of both the earned and the possible points.
* An unanswered question counts as 0 out of ``weight`` (the app says so before submitting).
* Per-area scores are kept for every measure (``measures/21-2-x``) and every article
  (``articles/<n>``) a question names; a question naming two areas counts in both.
* The overall percentage is ``100 * earned / possible``; ``None`` when every question is
  not applicable (nothing to rate).
* Maturity level from the overall percentage (:data:`MATURITY_LEVELS`):
  below 25 initial, below 50 developing, below 75 defined, 75 and above managed.
* Each Art. 21(2) measure has a *target* maturity level the organisation sets (``targets``:
  measure id -> level name; a measure not named, or a question naming no measure, gets
  :data:`DEFAULT_TARGET`, "defined"). A question's target is the highest of its measures'.
* A gap is a question (answered or not, but applicable) whose score, as a percentage, is
  below its target's floor: with the default target "defined" (50 %) an answer scoring 0.33
  is a gap and one scoring 0.67 is not; with the target "initial" nothing is a gap. Gaps are
  ranked by ``weight * (1 - score)`` descending, then by question id.
* A measure is below its target when its per-measure percentage is below the target's floor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kb.model import Question
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_

NOT_APPLICABLE = "n/a"
Choice = int | Literal["n/a"]
Status = Literal["answered", "not_applicable", "unanswered"]


@dataclass(frozen=True)
class MaturityLevel:
    """A maturity level: its name, the lowest overall percentage that reaches it, meaning."""

    name: str
    floor: float
    description: str


MATURITY_LEVELS: tuple[MaturityLevel, ...] = (
    MaturityLevel("initial", 0, "ad hoc: little is in place or known"),
    MaturityLevel("developing", 25, "some practices exist but are incomplete"),
    MaturityLevel("defined", 50, "most practices are set down and followed"),
    MaturityLevel("managed", 75, "practices are in place, measured and reviewed"),
)


DEFAULT_TARGET = "defined"
Targets = Mapping[str, str]  # measure id -> maturity level name


def level_named(name: str) -> MaturityLevel:
    """The maturity level called ``name``.

    Raises:
        InvalidInput: no level has that name.
    """
    for level in MATURITY_LEVELS:
        if level.name == name:
            return level
    names = ", ".join(level.name for level in MATURITY_LEVELS)
    raise InvalidInput(
        N_("unknown maturity level {name!r} (expected one of: {names})"), name=name, names=names
    )


def measure_target(measure_id: str, targets: Targets | None = None) -> MaturityLevel:
    """The target level set for a measure, else the default ("defined")."""
    return level_named((targets or {}).get(measure_id, DEFAULT_TARGET))


def question_target(question: Question, targets: Targets | None = None) -> MaturityLevel:
    """The highest target among the question's measures (the default without measures)."""
    levels = [measure_target(m, targets) for m in question.measures] or [
        level_named(DEFAULT_TARGET)
    ]
    return max(levels, key=lambda level: level.floor)


def maturity_for(percent: float | None) -> MaturityLevel | None:
    """The maturity level reached by an overall percentage (None: nothing rated)."""
    if percent is None:
        return None
    reached = [level for level in MATURITY_LEVELS if percent >= level.floor]
    return reached[-1] if reached else MATURITY_LEVELS[0]


@dataclass(frozen=True)
class QuestionResult:
    """How one question was answered and what it earned."""

    question: Question
    status: Status
    option_index: int | None
    score: float
    earned: float
    possible: float


@dataclass(frozen=True)
class AreaScore:
    """Points for one measure or article, over the applicable questions naming it."""

    key: str
    kind: Literal["measure", "article"]
    ref: str
    earned: float
    possible: float
    questions: int

    @property
    def percent(self) -> float | None:
        """Score in percent, or None when no applicable question names this area."""
        return 100 * self.earned / self.possible if self.possible else None


@dataclass(frozen=True)
class Gap:
    """A question scoring below its target level; ``shortfall`` is ``weight * (1 - score)``."""

    question: Question
    status: Status
    option_index: int | None
    score: float
    shortfall: float
    target: str = DEFAULT_TARGET

    @property
    def page_keys(self) -> list[str]:
        """Site pages to close the gap: its measures' pages, else the question's page."""
        if self.question.measures:
            return [f"measures/{m}" for m in self.question.measures]
        return [self.question.page]


@dataclass(frozen=True)
class AssessmentScore:
    """The whole result of one assessment."""

    results: tuple[QuestionResult, ...]
    earned: float
    possible: float
    areas: tuple[AreaScore, ...]
    gaps: tuple[Gap, ...]
    targets: Mapping[str, str] = field(default_factory=dict)

    @property
    def percent(self) -> float | None:
        """Overall score in percent, or None when every question was not applicable."""
        return 100 * self.earned / self.possible if self.possible else None

    @property
    def maturity(self) -> MaturityLevel | None:
        """Maturity level of the overall score."""
        return maturity_for(self.percent)

    def count(self, status: Status) -> int:
        """How many questions have this status."""
        return sum(1 for r in self.results if r.status == status)

    def knowledge_tally(self) -> tuple[int, int]:
        """Knowledge questions: ``(correct, asked)``, leaving out the not applicable ones."""
        asked = [r for r in self.results if r.question.kind == "knowledge" and r.possible]
        correct = sum(
            1
            for r in asked
            if r.option_index is not None and r.question.options[r.option_index].correct
        )
        return correct, len(asked)

    def measure_areas(self) -> list[AreaScore]:
        """Per-measure scores, by measure id."""
        return [a for a in self.areas if a.kind == "measure"]

    def article_areas(self) -> list[AreaScore]:
        """Per-article scores, by article number."""
        return [a for a in self.areas if a.kind == "article"]

    def target_of(self, area: AreaScore) -> MaturityLevel:
        """The target level of a measure area."""
        return measure_target(area.ref, self.targets)

    def below_target(self) -> list[AreaScore]:
        """Measures whose score is below their target level, by measure id."""
        return [
            a
            for a in self.measure_areas()
            if a.percent is not None and a.percent < self.target_of(a).floor
        ]


def check_choices(questions: Sequence[Question], choices: Mapping[str, Choice]) -> None:
    """Raise if a choice names an unknown question, a missing option or a refused n/a.

    Raises:
        InvalidInput: with the first problem found.
    """
    by_id = {q.id: q for q in questions}
    for question_id, choice in choices.items():
        question = by_id.get(question_id)
        if question is None:
            raise InvalidInput(
                N_("question {question_id!r} is not part of this assessment"),
                question_id=question_id,
            )
        if choice == NOT_APPLICABLE:
            if not question.not_applicable:
                raise InvalidInput(
                    N_("question {question_id!r} cannot be not applicable"), question_id=question_id
                )
        elif not isinstance(choice, int) or not 0 <= choice < len(question.options):
            raise InvalidInput(
                N_("question {question_id!r} has no option {choice!r}"),
                question_id=question_id,
                choice=choice,
            )


def _result(question: Question, choice: Choice | None) -> QuestionResult:
    if choice == NOT_APPLICABLE:
        return QuestionResult(question, "not_applicable", None, 0.0, 0.0, 0.0)
    if choice is None:
        return QuestionResult(question, "unanswered", None, 0.0, 0.0, float(question.weight))
    score = question.options[choice].score
    return QuestionResult(
        question, "answered", choice, score, score * question.weight, float(question.weight)
    )


def _areas(results: Sequence[QuestionResult]) -> tuple[AreaScore, ...]:
    totals: dict[tuple[int, str, str], list[float]] = {}
    for r in results:
        names = [(0, "measure", m) for m in r.question.measures]
        names += [(1, "article", f"{a:04d}") for a in r.question.articles]
        for name in names:
            bucket = totals.setdefault(name, [0.0, 0.0, 0])
            if r.status != "not_applicable":
                bucket[0] += r.earned
                bucket[1] += r.possible
                bucket[2] += 1
    areas = []
    for (_, kind, ref), (earned, possible, count) in sorted(totals.items()):
        ref = ref if kind == "measure" else str(int(ref))
        key = f"measures/{ref}" if kind == "measure" else f"articles/{ref}"
        areas.append(AreaScore(key, kind, ref, earned, possible, int(count)))
    return tuple(areas)


def rank_gaps(results: Sequence[QuestionResult], targets: Targets | None = None) -> tuple[Gap, ...]:
    """Applicable questions below their target level, heaviest shortfall first, then by id.

    Raises:
        InvalidInput: a target names an unknown level.
    """
    gaps = []
    for r in results:
        target = question_target(r.question, targets)
        if r.status != "not_applicable" and 100 * r.score < target.floor:
            shortfall = r.question.weight * (1 - r.score)
            gaps.append(Gap(r.question, r.status, r.option_index, r.score, shortfall, target.name))
    return tuple(sorted(gaps, key=lambda g: (-g.shortfall, g.question.id)))


def score_assessment(
    questions: Sequence[Question],
    choices: Mapping[str, Choice],
    targets: Targets | None = None,
) -> AssessmentScore:
    """Score the choices made on ``questions`` (one track) against the measures' ``targets``
    (measure id -> level name; the default "defined" for any not named).

    Raises:
        InvalidInput: a choice names an unknown question, option or a refused n/a, or a
            target an unknown level.
    """
    check_choices(questions, choices)
    results = tuple(_result(q, choices.get(q.id)) for q in questions)
    return AssessmentScore(
        results=results,
        earned=sum(r.earned for r in results),
        possible=sum(r.possible for r in results),
        areas=_areas(results),
        gaps=rank_gaps(results, targets),
        targets=dict(targets or {}),
    )
