"""Which supervision article applies: Art. 32 to essential entities, Art. 33 to important ones.

Pure: the organisation's class (from its profile) selects the article a result shows.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from quiz_app.core.scoring import AssessmentScore

EntityClass = Literal["essential", "important"]
SUPERVISION_ARTICLE: dict[str, str] = {"essential": "32", "important": "33"}


def for_entity_class(score: AssessmentScore, entity_class: EntityClass | None) -> AssessmentScore:
    """``score`` without the supervision article that does not apply to ``entity_class``.

    ``None`` (class not known) keeps both Art. 32 and Art. 33.
    """
    if entity_class is None:
        return score
    if entity_class not in SUPERVISION_ARTICLE:
        raise ValueError(f"unknown entity class {entity_class!r} (essential or important)")
    other = {ref for cls, ref in SUPERVISION_ARTICLE.items() if cls != entity_class}
    areas = tuple(a for a in score.areas if not (a.kind == "article" and a.ref in other))
    return dataclasses.replace(score, areas=areas)
