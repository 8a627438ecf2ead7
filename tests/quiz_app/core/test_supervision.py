"""Art. 32 for essential entities, Art. 33 for important ones, both when the class is unknown."""

from __future__ import annotations

import pytest

from kb.load import load
from quiz_app.core.scoring import score_assessment
from quiz_app.core.supervision import for_entity_class


@pytest.fixture(scope="module")
def score():
    kb = load()
    return score_assessment([q for q in kb.questions if q.track == "management"], {})


def _articles(score) -> set[str]:
    return {a.ref for a in score.areas if a.kind == "article"}


def test_unknown_class_shows_both(score):
    assert {"32", "33"} <= _articles(for_entity_class(score, None))


@pytest.mark.parametrize(
    ("entity_class", "shown", "hidden"), [("essential", "32", "33"), ("important", "33", "32")]
)
def test_the_class_shows_its_own_article_only(score, entity_class, shown, hidden):
    articles = _articles(for_entity_class(score, entity_class))
    assert shown in articles and hidden not in articles
    assert [a for a in for_entity_class(score, entity_class).areas if a.kind == "measure"] == [
        a for a in score.areas if a.kind == "measure"
    ]


def test_an_unknown_class_is_refused(score):
    with pytest.raises(ValueError, match="unknown entity class"):
        for_entity_class(score, "critical")
