"""Cells that are safe to open in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
can be run as a formula by Excel, LibreOffice or Google Sheets (CSV/formula
injection). Such text is prefixed with an apostrophe, which spreadsheets show as
text; numbers, dates and booleans are never touched, so they stay typed.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet could run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` made safe with :func:`safe_cell`."""
    return {key: safe_cell(value) for key, value in row.items()}
