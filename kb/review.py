"""Which entries of the knowledge base are due for another review.

Every article, measure, service and certification carries the day it was last checked
against its source (``reviewed``). An entry older than the allowed age is not an error
(the data still loads and builds) but a warning, located like the loader's errors so a
maintainer can jump to the line: ``data/services.yaml:61: services[0].reviewed: ...``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kb.load import DEFAULT_DATA_DIR, Problem, _line_of, _parse
from kb.model import FILES, KnowledgeBase

DEFAULT_MAX_AGE_DAYS = 365
REVIEWED_SECTIONS = ("articles", "measures", "services", "certifications")


def stale_entries(
    kb: KnowledgeBase,
    today: date,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    data_dir: Path | str | None = None,
) -> list[Problem]:
    """Every entry last reviewed more than ``max_age_days`` before ``today``, in file order.

    Args:
        kb: the knowledge base loaded from ``data_dir``.
        today: the day the age is counted to (the CLI passes the real date).
        max_age_days: the oldest review still considered current.
        data_dir: the folder ``kb`` was loaded from; its files give the line numbers.
    """
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    found: list[Problem] = []
    for section in REVIEWED_SECTIONS:
        old = [
            (index, entry.reviewed)
            for index, entry in enumerate(getattr(kb, section))
            if (today - entry.reviewed).days > max_age_days
        ]
        if not old:
            continue
        doc = _parse(base, FILES[section], [])
        for index, reviewed in old:
            loc = (section, index, "reviewed")
            line = _line_of(doc.node, loc) if doc else None
            age = (today - reviewed).days
            message = (
                f"last reviewed {reviewed.isoformat()}, {age} days ago "
                f"(more than {max_age_days}); check it against its source"
            )
            found.append(Problem(doc.display if doc else FILES[section], line, _path(loc), message))
    return found


def content_date(kb: KnowledgeBase) -> date:
    """The newest review in the data: the day the knowledge base describes."""
    return max(entry.reviewed for section in REVIEWED_SECTIONS for entry in getattr(kb, section))


def _path(loc: tuple[str, int, str]) -> str:
    section, index, key = loc
    return f"{section}[{index}].{key}"
