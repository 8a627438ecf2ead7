"""Formats a date picker and a table use for each language."""

from __future__ import annotations

import pytest

from quiz_app.i18n import date_input_format

STREAMLIT_ACCEPTS = {
    f"{a}{sep}{b}{sep}{c}"
    for a, b, c in [("YYYY", "MM", "DD"), ("DD", "MM", "YYYY"), ("MM", "DD", "YYYY")]
    for sep in "/-."
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "YYYY/MM/DD"), ("de", "DD.MM.YYYY"), ("fr", "DD/MM/YYYY"), ("xx", "YYYY/MM/DD")],
)
def test_a_date_picker_writes_dates_the_readers_way(language: str, expected: str) -> None:
    assert date_input_format(language) == expected
    assert expected in STREAMLIT_ACCEPTS
