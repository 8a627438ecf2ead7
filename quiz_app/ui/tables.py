"""Tables as a reader sees them: a missing value is an empty cell, not Streamlit's grey "None".

Only the frame handed to ``st.dataframe`` goes through here; exports keep their own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from quiz_app.ui.i18n import date_text, percent_text


def _date_cell(value: Any) -> str:
    return date_text(value.date() if isinstance(value, pd.Timestamp) else value)


def _percent_cell(value: Any) -> str:
    return percent_text(float(value) * 100)


def _as_text(column: pd.Series, write: Callable[[Any], str]) -> list[str]:
    """Each value of ``column`` written by ``write``, an empty string where it is missing."""
    return ["" if v is None or pd.isna(v) else write(v) for v in column]


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def without_gaps(
    frame: pd.DataFrame, dates: Iterable[str] = (), percents: Iterable[str] = ()
) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns show an empty cell where a value is missing.

    The ``dates`` columns (a date that may be missing, such as *valid until*) become text written
    the reader's way (:func:`quiz_app.ui.i18n.date_text`), empty where missing; show them with a
    ``TextColumn``. The ``percents`` columns (a score from 0 to 1 that may be missing) become
    text too, ``90,0 %`` as the reader writes it, empty where missing. Other number columns are
    left as they are.
    """
    shown = frame.copy()
    for column in dates:
        shown[column] = _as_text(shown[column], _date_cell)
    for column in percents:
        shown[column] = _as_text(shown[column], _percent_cell)
    text = [c for c in shown.columns if _is_text(shown[c])]
    return shown.fillna(dict.fromkeys(text, "")) if text else shown
