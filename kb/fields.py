"""Field types the schema (kb/model.py) shares: how a value in data/ is read and checked."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _calendar_day(value: Any) -> date:
    """A review date as written in YAML: a calendar day, YYYY-MM-DD, nothing else."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a calendar day ({exc}), got {value!r}") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")


ReviewDate = Annotated[date, BeforeValidator(_calendar_day)]


def distinct_words(values: list[str]) -> list[str]:
    """Search words, each once: case and spacing do not make a second one."""
    seen: set[str] = set()
    for value in values:
        key = " ".join(value.casefold().split())
        if key in seen:
            raise ValueError(f"{value!r} is listed twice (case and spacing ignored)")
        seen.add(key)
    return values
