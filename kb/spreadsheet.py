"""Cells that are safe to open in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
can be run as a formula by Excel, LibreOffice or Google Sheets (CSV/formula
injection). Such text is prefixed with an apostrophe, which spreadsheets show as
text; numbers, dates and booleans are never touched, so they stay typed.

A spreadsheet told to split a CSV file on ``;`` (or ``,`` or a tab) starts a new
cell after each separator, whatever the quoting: ``Bob;=1+2`` becomes the cells
``Bob`` and ``=1+2``. So an apostrophe also goes in front of a formula character
that follows a separator (after any spaces): ``Bob;'=1+2``.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t")
_AFTER_SEPARATOR = re.compile(r"([,;\t] *)(?=[=+\-@\t\r])")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged (the same object) unless it is text a spreadsheet could run as a
    formula, whether the file is split on ``,``, ``;`` or a tab."""
    if not isinstance(value, str):
        return value
    safe = _AFTER_SEPARATOR.sub(r"\1'", value)
    if value.startswith(FORMULA_STARTS):
        safe = "'" + safe
    return value if safe == value else safe


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` made safe with :func:`safe_cell`."""
    return {key: safe_cell(value) for key, value in row.items()}
