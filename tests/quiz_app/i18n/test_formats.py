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


@pytest.mark.parametrize(
    ("language", "column", "chart"),
    [
        ("en", "YYYY-MM-DD", "%Y-%m-%d"),
        ("de", "DD.MM.YYYY", "%d.%m.%Y"),
        ("fr", "DD/MM/YYYY", "%d/%m/%Y"),
        ("xx", "YYYY-MM-DD", "%Y-%m-%d"),
    ],
)
def test_a_table_and_a_chart_write_dates_as_the_readers_dates_read(
    language: str, column: str, chart: str
) -> None:
    """A due date in a German table reads 01.12.2026 like every other German date of the
    app (``format_date``), not 2026-12-01; the history chart's axis likewise."""
    from datetime import date

    from quiz_app.i18n import chart_date_format, date_column_format, format_date

    assert date_column_format(language) == column
    assert chart_date_format(language) == chart
    day = date(2026, 12, 1)
    if language == "de":  # the table's digits are those the rest of the page shows
        assert format_date(day, language) == day.strftime(chart)
