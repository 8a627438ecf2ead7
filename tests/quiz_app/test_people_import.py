"""People CSV import: create then update by HR id, every bad row reported, all or nothing."""

from __future__ import annotations

import pytest
from store_support import PASSWORD, run_cli
from support import FIXTURES, ROOT

from quiz_app import audit, cli, people, people_import
from quiz_app.errors import PermissionDenied
from quiz_app.people_import import ImportFailed

FIXTURE = FIXTURES / "people-20.csv"
EXAMPLE = ROOT / "docs" / "people-example.csv"
HEADER = "id,name,email,department,role,is_management_body\n"


def _ids(engine, actor) -> dict[str, people.Person]:
    return {p.external_id: p for p in people.list_people(engine, actor)}


def test_import_creates_then_updates_without_duplicates(people_store):
    s = people_store
    first = people_import.import_people_file(s.engine, s.admin, FIXTURE)
    assert first == people_import.ImportResult(created=20, updated=0, unchanged=0)
    everyone = _ids(s.engine, s.admin)
    assert len(everyone) == 24
    anna = everyone["E001"]
    assert (anna.name, anna.email, anna.department, anna.job_role, anna.is_management_body) == (
        "Anna Schmidt",
        "anna.schmidt@example.org",
        "Management",
        "Chief Executive Officer",
        True,
    )
    assert everyone["E011"].name == "Katarzyna Wiśniewska"  # UTF-8 with a BOM

    again = people_import.import_people_file(s.engine, s.admin, FIXTURE)
    assert again == people_import.ImportResult(created=0, updated=0, unchanged=20)
    changed = (
        FIXTURE.read_text(encoding="utf-8-sig").replace(
            "E003,Chiara Rossi,chiara.rossi@example.org,IT",
            "E003,Chiara Rossi,chiara.rossi@example.org,Security",
        )
        + "E021,Uma Patel,,Operations,Contractor,0\n"
    )
    third = people_import.import_people(s.engine, s.admin, changed.encode(), "hr.csv")
    assert third.describe() == "1 created, 1 updated, 19 unchanged"
    everyone = _ids(s.engine, s.admin)
    assert len(everyone) == 25 and everyone["E003"].department == "Security"
    assert everyone["E021"].email is None
    details = [e.detail for e in audit.list_entries(s.engine, s.admin, action=audit.IMPORT)]
    assert details[0] == {"created": 1, "rows": 21, "unchanged": 19, "updated": 1}


def test_example_file_imports(sqlite_people_store):
    s = sqlite_people_store
    result = people_import.import_people_file(s.engine, s.admin, EXAMPLE)
    assert result.created == 5
    assert _ids(s.engine, s.admin)["E021"].job_role == "Contractor, night shift"


def test_every_bad_row_is_reported_and_nothing_is_imported(sqlite_people_store):
    s = sqlite_people_store
    text = (
        HEADER
        + "E1,Ann,ann@example.org,IT,Engineer,yes\n"
        + "E2,Bob,bob(at)example.org,IT,Engineer,no\n"
        + "E3,Cid,cid@example.org,IT,Engineer,maybe\n"
        + "E1,Ann again,ann2@example.org,IT,Engineer,no\n"
        + "\n"
        + "E4,,dee@example.org,IT,Engineer,0\n"
        + "E5,Eve,eve@example.org,IT\n"
        + 'E6,"Fay\nFox",fay@example.org,IT,Engineer,TRUE\n'
        + "E 7,Gil,gil@example.org,IT,Engineer,1\n"
    )
    before = _ids(s.engine, s.admin)
    with pytest.raises(ImportFailed) as caught:
        people_import.import_people(s.engine, s.admin, text.encode(), "hr.csv")
    assert caught.value.problems == [
        "hr.csv:3: email: not an e-mail address: 'bob(at)example.org'",
        "hr.csv:4: is_management_body: 'maybe' is not one of: true, false, yes, no, 1, 0",
        "hr.csv:5: id: duplicate id 'E1' (first on line 2)",
        "hr.csv:7: name: empty (required)",
        "hr.csv:8: row: 4 fields, but the header has 6",
        "hr.csv:11: id: contains a space: 'E 7'",
    ]
    assert str(caught.value).splitlines()[0] == "nothing imported from hr.csv: 6 problems"
    assert _ids(s.engine, s.admin) == before
    assert audit.list_entries(s.engine, s.admin, action=audit.IMPORT) == []


def test_length_limits_are_those_of_the_people_table(monkeypatch):
    """The limits come from the column types: widen a column and the import follows."""
    from quiz_app.store import people as people_table

    monkeypatch.setattr(people_table.c.department.type, "length", 10)
    row = "E1," + "N" * 200 + ",a@example.org," + "D" * 11 + "," + "R" * 201 + ",no\n"
    with pytest.raises(ImportFailed) as caught:
        people_import.parse_people_csv((HEADER + row).encode(), "hr.csv")
    assert caught.value.problems == [
        "hr.csv:2: department: longer than 10 characters",
        "hr.csv:2: role: longer than 200 characters",
    ]


@pytest.mark.parametrize(
    ("header", "problems"),
    [
        (
            "id,name,email,department\n",
            [
                "f.csv:1: header: missing column(s): role, is_management_body (expected exactly: "
                "id, name, email, department, role, is_management_body)"
            ],
        ),
        (
            "ID,Name,Email,Department,Role,Is_Management_Body,Cost Centre\n",
            [
                "f.csv:1: header: unknown column(s): 'cost centre' (expected exactly: "
                "id, name, email, department, role, is_management_body)"
            ],
        ),
        (
            "",
            [
                "f.csv:1: header: the file is empty (expected: id, name, email, department, "
                "role, is_management_body)"
            ],
        ),
    ],
)
def test_header_problems_name_the_expected_columns(header, problems):
    with pytest.raises(ImportFailed) as caught:
        people_import.parse_people_csv(header.encode(), "f.csv")
    assert caught.value.problems == problems


def test_bom_semicolons_and_encoding():
    data = (
        "\ufeffid;name;email;department;role;is_management_body\nE1;Zoë;z@example.org;IT;Dev;No\n"
    )
    (row,) = people_import.parse_people_csv(data.encode("utf-8"), "excel.csv")
    assert (row.line, row.external_id, row.name, row.is_management_body) == (2, "E1", "Zoë", False)
    with pytest.raises(ImportFailed) as caught:
        people_import.parse_people_csv((HEADER + "E1,Zo\xeb,,,,no\n").encode("latin-1"), "l1.csv")
    assert caught.value.problems == ["l1.csv:2: file: not UTF-8 text; save it as 'CSV UTF-8'"]


def test_only_admins_import(sqlite_people_store):
    s = sqlite_people_store
    with pytest.raises(PermissionDenied, match="^the trainer role may not import people$"):
        people_import.import_people_file(s.engine, s.trainer, FIXTURE)


def _cli(s, monkeypatch, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    return run_cli(["--as", "admin", *argv])


def test_cli_import_reports_counts_and_every_problem(sqlite_people_store, monkeypatch, tmp_path):
    s = sqlite_people_store
    assert _cli(s, monkeypatch, "people", "import", str(FIXTURE)) == (
        0,
        f"imported {FIXTURE}: 20 created, 0 updated, 0 unchanged\n",
        "",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "E1,A,a@x,IT,Dev,no\nE2,B,b@example.org,IT,Dev,nah\n", encoding="utf-8")
    assert _cli(s, monkeypatch, "people", "import", str(bad)) == (
        1,
        "",
        f"error: nothing imported from {bad}: 2 problems\n"
        f"{bad}:2: email: not an e-mail address: 'a@x'\n"
        f"{bad}:3: is_management_body: 'nah' is not one of: true, false, yes, no, 1, 0\n",
    )
    missing = tmp_path / "missing.csv"
    assert _cli(s, monkeypatch, "people", "import", str(missing)) == (
        1,
        "",
        f"error: cannot read {missing}: No such file or directory\n",
    )


def test_a_nul_byte_or_control_character_is_refused_with_its_line(people_store):
    s = people_store
    data = (HEADER + "E1,Nu\x00ll Byte,,IT,,0\nE2,Bell\x07,,IT,,0\n").encode()
    with pytest.raises(ImportFailed) as caught:
        people_import.import_people(s.engine, s.admin, data, "hr.csv")
    assert caught.value.problems == [
        "hr.csv:2: name: contains a control character (U+0000); remove it",
        "hr.csv:3: name: contains a control character (U+0007); remove it",
    ]
    assert "E1" not in _ids(s.engine, s.admin)
