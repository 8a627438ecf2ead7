"""The optional ``manager`` column of the people import: set, kept when absent, checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz_app import people_import
from quiz_app.people_import import ImportFailed
from quiz_app.store import people, transaction

HEADER = "id,name,email,department,role,is_management_body"


def managers(engine) -> dict[str, str | None]:
    with transaction(engine) as conn:
        rows = conn.execute(select(people.c.external_id, people.c.manager_external_id))
        return {
            external_id: manager for external_id, manager in rows if external_id.startswith("E")
        }


def load(s, text: str):
    return people_import.import_people(s.engine, s.admin, text.encode(), "hr.csv")


def test_managers_are_set_changed_and_kept_by_a_file_without_the_column(people_store):
    s = people_store
    first = load(
        s,
        f"{HEADER},manager\n"
        "E1,Ana Boss,ana@example.org,IT,Head,no,\n"
        "E2,Ben Dev,ben@example.org,IT,Dev,no,E1\n",
    )
    assert first.describe() == "2 created, 0 updated, 0 unchanged"
    assert managers(s.engine) == {"E1": None, "E2": "E1"}

    moved = load(s, f"manager,{HEADER}\nE1,E2,Ben Dev,ben@example.org,IT,Dev,no\n")
    assert moved.describe() == "0 created, 0 updated, 1 unchanged"  # any column order
    assert managers(s.engine) == {"E1": None, "E2": "E1"}

    without = load(s, f"{HEADER}\nE2,Ben Dev,ben@example.org,IT,Dev,no\n")
    assert without.describe() == "0 created, 0 updated, 1 unchanged"
    assert managers(s.engine)["E2"] == "E1"

    cleared = load(s, f"{HEADER},manager\nE2,Ben Dev,ben@example.org,IT,Dev,no,\n")
    assert cleared.describe() == "0 created, 1 updated, 0 unchanged"
    assert managers(s.engine)["E2"] is None


def test_a_bad_manager_is_reported_with_its_line(sqlite_people_store):
    s = sqlite_people_store
    with pytest.raises(ImportFailed) as failed:
        load(
            s,
            f"{HEADER},manager\n"
            "E1,Ana Boss,,IT,Head,no,E 9\n"
            "E2,Ben Dev,,IT,Dev,no,E2\n"
            f"E3,Cy,,IT,Dev,no,{'x' * 101}\n",
        )
    assert failed.value.problems == [
        "hr.csv:2: manager: contains a space: 'E 9'",
        "hr.csv:3: manager: a person cannot be their own manager",
        "hr.csv:4: manager: longer than 100 characters",
    ]
    assert managers(s.engine) == {}


def test_the_example_file_names_managers(sqlite_people_store):
    from support import ROOT

    s = sqlite_people_store
    result = people_import.import_people_file(
        s.engine, s.admin, ROOT / "docs" / "people-example.csv"
    )
    assert result.created > 0
    with transaction(s.engine) as conn:
        named = (
            conn.execute(
                select(people.c.manager_external_id).where(
                    people.c.manager_external_id.is_not(None)
                )
            )
            .scalars()
            .all()
        )
    assert named
