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


def test_a_score_not_yet_taken_is_an_empty_cell_and_a_score_reads_as_the_reader_writes_it():
    """A person's assignment without a passed attempt showed a grey "None" under Score, and
    scores were written 90% in German too; now ``90 %`` / ``87,5 %`` and an empty cell."""
    frame = pd.DataFrame({"score": [0.9, 0.875, None]})
    st.session_state[i18n.LANGUAGE_KEY] = "de"
    try:
        shown = without_gaps(frame, percents=("score",))
    finally:
        del st.session_state[i18n.LANGUAGE_KEY]
    assert list(shown["score"]) == ["90,0 %", "87,5 %", ""]
    assert list(without_gaps(frame, percents=("score",))["score"]) == ["90.0 %", "87.5 %", ""]
