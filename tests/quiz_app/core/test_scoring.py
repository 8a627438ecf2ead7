"""Scoring, maturity and gap ranking against hand-computed cases."""

from __future__ import annotations

import pytest

from kb.load import load
from kb.model import Option, Question
from quiz_app.core.scoring import (
    NOT_APPLICABLE,
    check_choices,
    maturity_for,
    rank_gaps,
    score_assessment,
)
from quiz_app.errors import InvalidInput


def _q(qid: str, weight: int, scores: list[float], *, na=False, measures=(), articles=()):
    return Question(
        id=qid,
        track="management",
        section="S",
        kind="maturity",
        text=f"Question {qid}?",
        options=[Option(text=f"option {i}", score=s) for i, s in enumerate(scores)],
        weight=weight,
        not_applicable=na,
        measures=list(measures),
        articles=list(articles),
        page="measures/21-2-a",
    )


Q1 = _q("q1", 3, [0, 0.5, 1], measures=["21-2-a", "21-2-b"])
Q2 = _q("q2", 2, [0, 1], na=True, measures=["21-2-b"])
Q3 = _q("q3", 1, [0, 1], na=True, articles=[23])
Q4 = _q("q4", 4, [0, 0.33, 0.67, 1], measures=["21-2-a"], articles=[20])
BANK = [Q1, Q2, Q3, Q4]
# q1 half marks (1.5 of 3), q2 not applicable (left out), q3 full (1 of 1), q4 unanswered (0 of 4)
CHOICES = {"q1": 1, "q2": NOT_APPLICABLE, "q3": 1}


def test_overall_counts_weights_excludes_not_applicable_and_zeroes_unanswered():
    score = score_assessment(BANK, CHOICES)
    assert (score.earned, score.possible) == (2.5, 8.0)
    assert score.percent == pytest.approx(31.25)
    assert score.maturity.name == "developing"
    assert [score.count(s) for s in ("answered", "not_applicable", "unanswered")] == [2, 1, 1]


def test_a_question_naming_two_areas_counts_in_both():
    areas = {
        a.key: (a.earned, a.possible, a.questions) for a in score_assessment(BANK, CHOICES).areas
    }
    assert areas == {
        "measures/21-2-a": (1.5, 7.0, 2),  # q1 1.5/3 + q4 0/4
        "measures/21-2-b": (1.5, 3.0, 1),  # q1 only: q2 is not applicable
        "articles/20": (0.0, 4.0, 1),
        "articles/23": (1.0, 1.0, 1),
    }
    percents = [a.percent for a in score_assessment(BANK, CHOICES).areas]
    assert percents == pytest.approx([100 * 1.5 / 7, 50.0, 0.0, 100.0])


def test_area_order_is_measures_by_id_then_articles_by_number():
    bank = [_q("x", 1, [0, 1], articles=[23, 3]), _q("y", 1, [0, 1], measures=["21-2-j", "21-2-c"])]
    keys = [a.key for a in score_assessment(bank, {}).areas]
    assert keys == ["measures/21-2-c", "measures/21-2-j", "articles/3", "articles/23"]


def test_area_with_only_not_applicable_questions_has_no_percent():
    areas = {a.key: a for a in score_assessment([Q2], {"q2": NOT_APPLICABLE}).areas}
    assert areas["measures/21-2-b"].percent is None
    assert areas["measures/21-2-b"].questions == 0


def test_gaps_rank_by_weight_times_shortfall_then_id():
    # q1 at half marks is below "managed" (75 %), so with that target both are gaps
    score = score_assessment(BANK, CHOICES, {"21-2-a": "managed"})
    assert [(g.question.id, g.shortfall) for g in score.gaps] == [("q4", 4.0), ("q1", 1.5)]
    assert [g.target for g in score.gaps] == ["managed", "managed"]
    assert score.gaps[0].status == "unanswered"
    assert score.gaps[0].page_keys == ["measures/21-2-a"]
    tied = [
        _q("b", 2, [0, 0.5, 1], measures=["21-2-c"]),
        _q("a", 1, [0, 1], measures=["21-2-c"]),
        _q("c", 2, [0, 0.5, 1], measures=["21-2-c"]),
    ]
    results = score_assessment(tied, {"b": 1, "a": 0, "c": 1}).results
    # shortfalls: b 2*0.5 = 1, a 1*1 = 1, c 2*0.5 = 1 -> all equal, so by id
    assert [g.question.id for g in rank_gaps(results, {"21-2-c": "managed"})] == ["a", "b", "c"]


def test_a_gap_is_an_answer_below_its_target_level_defined_by_default():
    bank = [_q(f"m{i}", 1, [0, 0.33, 0.67, 1], measures=["21-2-d"]) for i in range(4)]
    choices = {f"m{i}": i for i in range(4)}  # one answer at each option
    # default "defined" (50 %): 0 and 0.33 fall short, 0.67 and 1 reach it
    assert [g.question.id for g in score_assessment(bank, choices).gaps] == ["m0", "m1"]
    managed = score_assessment(bank, choices, {"21-2-d": "managed"})
    assert [g.question.id for g in managed.gaps] == ["m0", "m1", "m2"]
    assert score_assessment(bank, choices, {"21-2-d": "initial"}).gaps == ()
    assert score_assessment(bank, {}, {"21-2-d": "initial"}).gaps == ()  # nothing aimed for


def test_a_question_naming_two_measures_is_held_to_the_higher_target():
    score = score_assessment([Q1], {"q1": 1}, {"21-2-a": "developing", "21-2-b": "managed"})
    assert [(g.question.id, g.target) for g in score.gaps] == [("q1", "managed")]
    assert score_assessment([Q1], {"q1": 1}, {"21-2-b": "developing"}).gaps == ()


def test_measures_below_target_compare_the_measure_score_with_its_target():
    # 21-2-a scores 1.5/7 (21 %), 21-2-b 1.5/3 (50 %)
    score = score_assessment(BANK, CHOICES)
    assert [a.ref for a in score.below_target()] == ["21-2-a"]
    strict = score_assessment(BANK, CHOICES, {"21-2-b": "managed"})
    assert [a.ref for a in strict.below_target()] == ["21-2-a", "21-2-b"]
    assert [strict.target_of(a).name for a in strict.measure_areas()] == ["defined", "managed"]


def test_an_unknown_target_level_is_refused():
    with pytest.raises(InvalidInput, match="unknown maturity level 'perfect'"):
        score_assessment(BANK, CHOICES, {"21-2-a": "perfect"})


def test_full_marks_have_no_gaps_and_not_applicable_is_never_a_gap():
    score = score_assessment(BANK, {"q1": 2, "q2": NOT_APPLICABLE, "q3": 1, "q4": 3})
    assert score.percent == 100.0 and score.gaps == ()
    assert score.maturity.name == "managed"


def test_everything_not_applicable_is_not_rated():
    score = score_assessment([Q2, Q3], {"q2": NOT_APPLICABLE, "q3": NOT_APPLICABLE})
    assert score.percent is None and score.maturity is None and score.gaps == ()


@pytest.mark.parametrize(
    ("percent", "level"),
    [
        (0, "initial"),
        (24.99, "initial"),
        (25, "developing"),
        (49.99, "developing"),
        (50, "defined"),
        (74.99, "defined"),
        (75, "managed"),
        (100, "managed"),
    ],
)
def test_maturity_levels(percent, level):
    assert maturity_for(percent).name == level


def test_maturity_of_nothing_is_none():
    assert maturity_for(None) is None


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"nope": 0}, "question 'nope' is not part of this assessment"),
        ({"q1": 3}, "question 'q1' has no option 3"),
        ({"q1": -1}, "question 'q1' has no option -1"),
        ({"q1": NOT_APPLICABLE}, "question 'q1' cannot be not applicable"),
    ],
)
def test_invalid_choices_are_refused(choices, message):
    with pytest.raises(InvalidInput, match=f"^{message}$"):
        check_choices(BANK, choices)
    with pytest.raises(InvalidInput):
        score_assessment(BANK, choices)


@pytest.mark.parametrize("track", ["management", "staff"])
def test_real_bank_best_answers_score_full_and_nothing_scores_zero(track):
    questions = [q for q in load().questions if q.track == track]
    best = {q.id: max(range(len(q.options)), key=lambda i: q.options[i].score) for q in questions}
    assert score_assessment(questions, best).percent == 100.0
    empty = score_assessment(questions, {})
    assert empty.percent == 0.0 and len(empty.gaps) == len(questions)
