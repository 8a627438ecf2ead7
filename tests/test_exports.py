"""Completion exports: ISO durations and formula-injection neutralising in CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from quiz_app.core.exports import COLUMNS, HEADER, INDEX, iso_duration, write_csv


def _row(name: str) -> list:
    values = {
        "text": "x",
        "int": 1,
        "float": 0.5,
        "bool": True,
        "date": date(2026, 3, 1),
        "datetime": datetime(2026, 3, 1, 9, 30),
    }
    row = [values[c.kind] for c in COLUMNS]
    row[INDEX["name"]] = name
    return row


def test_iso_duration() -> None:
    assert iso_duration(750) == "PT12M30S"
    assert iso_duration(0) == "PT0S"
    assert iso_duration(3600) == "PT1H"
    assert iso_duration(None) is None


def test_csv_has_bom_header_and_neutralised_formula() -> None:
    out = io.BytesIO()
    assert write_csv([_row("=1+1"), _row("Ann")], out) == 2
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 3
    assert not rows[1][INDEX["name"]].startswith("=")
    assert rows[2][INDEX["name"]] == "Ann"
