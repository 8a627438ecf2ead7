"""A table on screen shows an empty cell where a value is missing, never Streamlit's "None"."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from quiz_app.ui import i18n
from quiz_app.ui.tables import without_gaps


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Sam", None],
            "valid_until": [datetime(2026, 12, 1, 8, 30), None],
            "due": [date(2026, 12, 1), date(2026, 12, 2)],
            "score": [0.9, None],
        }
    )


def test_missing_text_and_dates_read_as_empty_cells_and_dates_as_the_reader_writes_them():
    st.session_state[i18n.LANGUAGE_KEY] = "de"
    try:
        shown = without_gaps(_frame(), dates=("valid_until",))
    finally:
        del st.session_state[i18n.LANGUAGE_KEY]
    assert list(shown["name"]) == ["Sam", ""]
    assert list(shown["valid_until"]) == ["01.12.2026", ""]
    assert list(shown["due"]) == [date(2026, 12, 1), date(2026, 12, 2)]  # no gap: kept as is
    assert pd.isna(shown["score"][1])  # numbers keep their column type (the caller's choice)


def test_the_frame_given_is_left_as_it_was():
    frame = _frame()
    without_gaps(frame, dates=("valid_until",))
    assert pd.isna(frame["name"][1]) and isinstance(frame["valid_until"][0], pd.Timestamp)
