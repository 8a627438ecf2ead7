"""People CSV parsing: the shipped fixture parses; every bad row is reported, located."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz_app.people_import import ImportFailed, parse_people_csv

FIXTURE = Path(__file__).parent / "fixtures" / "people-20.csv"


def test_fixture_with_bom_parses_twenty_people() -> None:
    rows = parse_people_csv(FIXTURE.read_bytes(), "people-20.csv")
    assert len(rows) == 20
    assert rows[0].external_id == "E001" and rows[0].is_management_body
    assert rows[0].line == 2


def test_bad_rows_are_all_reported_with_file_and_line() -> None:
    data = (
        b"id,name,email,department,role,is_management_body\n"
        b"E1,Ann,ann@example.org,IT,Admin,no\n"
        b",Bob,bob@example.org,IT,Admin,no\n"
        b"E3,Cid,cid@example.org,IT,Admin,perhaps\n"
    )
    with pytest.raises(ImportFailed) as caught:
        parse_people_csv(data, "hr.csv")
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("hr.csv:3: id: ")
    assert problems[1].startswith("hr.csv:4: is_management_body: ")
