"""Open-data exports: produced from the real data, read back, checked against their schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import openpyxl
import pandas as pd
import pytest
from support import DATA, MINIMAL

from generator.cli import main
from generator.export import entity_tables, mapping_rows, to_csv, to_xlsx
from generator.oscal import oscal_catalog, oscal_component_definition
from kb.load import load
from kb.model import KnowledgeBase
from kb.spreadsheet import safe_cell


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(DATA)


def test_json_export_validates_against_its_schema(kb, tmp_path: Path) -> None:
    assert (
        main(
            ["export", "--data", str(DATA), "--format", "json", "--out", str(tmp_path / "kb.json")]
        )
        == 0
    )
    document = json.loads((tmp_path / "kb.json").read_text(encoding="utf-8"))
    schema = json.loads((tmp_path / "kb.schema.json").read_text(encoding="utf-8"))
    assert document["$schema"] == "./kb.schema.json"
    jsonschema.Draft202012Validator(schema).validate(document)
    assert len(document["measures"]) == 10
    assert KnowledgeBase.model_validate({k: v for k, v in document.items() if k != "$schema"}) == kb


def test_json_schema_rejects_a_broken_document(kb, tmp_path: Path) -> None:
    main(["export", "--data", str(DATA), "--format", "json", "--out", str(tmp_path / "kb.json")])
    document = json.loads((tmp_path / "kb.json").read_text(encoding="utf-8"))
    schema = json.loads((tmp_path / "kb.schema.json").read_text(encoding="utf-8"))
    document["measures"][0]["letter"] = "z"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(document)


def test_csv_has_one_row_per_measure_and_service(kb, tmp_path: Path) -> None:
    out = tmp_path / "map.csv"
    assert main(["export", "--data", str(DATA), "--format", "csv", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert len(frame) == sum(len(m.services) for m in kb.measures)
    assert set(frame["measure_id"]) == {m.id for m in kb.measures}
    row = frame[(frame.measure_id == "21-2-b") & (frame.service_id == "cloudtrail")]
    assert len(row) == 1
    assert row.iloc[0]["aws_secures"] and row.iloc[0]["customer_must"]


def test_xlsx_has_one_sheet_per_entity_with_typed_cells(kb, tmp_path: Path) -> None:
    out = tmp_path / "kb.xlsx"
    assert main(["export", "--data", str(DATA), "--format", "xlsx", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert set(book.sheetnames) == set(entity_tables(kb))
    mapping = book["mapping"]
    assert mapping.freeze_panes == "A2"
    assert mapping.auto_filter.ref
    assert mapping.max_row - 1 == len(mapping_rows(kb))
    articles = book["articles"]
    numbers = [c.value for c in articles["A"][1:]]
    assert all(isinstance(n, int) for n in numbers) and 23 in numbers


def test_oscal_files_load_in_compliance_trestle(kb, tmp_path: Path) -> None:
    from trestle.oscal.catalog import Catalog
    from trestle.oscal.component import ComponentDefinition

    assert main(["export", "--data", str(DATA), "--format", "oscal", "--out", str(tmp_path)]) == 0
    catalog = Catalog.oscal_read(tmp_path / "nis2-catalog.json")
    components = ComponentDefinition.oscal_read(tmp_path / "aws-component-definition.json")
    control_ids = {c.id for g in catalog.groups for c in g.controls}
    assert {f"nis2-21-2-{x}" for x in "abcdefghij"} <= control_ids
    assert any(cid.startswith("nis2-20-") for cid in control_ids)
    assert "nis2-23-early-warning" in control_ids
    by_title = {c.title: c for c in components.components}
    trail = by_title[kb.service("cloudtrail").name]
    reqs = trail.control_implementations[0].implemented_requirements
    assert {r.control_id for r in reqs} <= control_ids
    roles = {r.role_id: r.remarks for r in reqs[0].responsible_roles}
    assert roles["provider"] and roles["customer"]
    assert len(components.components) == len(kb.services)


def test_oscal_is_stable_between_builds() -> None:
    kb = load(MINIMAL)
    first = oscal_component_definition(kb)["component-definition"]["components"]
    second = oscal_component_definition(kb)["component-definition"]["components"]
    assert first == second
    assert oscal_catalog(kb)["catalog"]["uuid"] == oscal_catalog(kb)["catalog"]["uuid"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain text", "plain text"),
        ("Bob;=1+2", "Bob;'=1+2"),
        ("x,=cmd", "x,'=cmd"),
        ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
        ("Bob;  -2+3", "Bob;  '-2+3"),
        ("=a;+b", "'=a;'+b"),
        ("Smith, Jane; IT", "Smith, Jane; IT"),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_formula_injection_is_neutralised_numbers_stay_numbers(given, expected) -> None:
    assert safe_cell(given) == expected


def test_injected_text_in_data_is_neutralised_in_csv_and_xlsx(tmp_path: Path) -> None:
    kb = load(MINIMAL)
    measure = kb.measures[0]
    use = measure.services[0].model_copy(update={"how": "=cmd|' /C calc'!A0"})
    evil = kb.model_copy(update={"measures": [measure.model_copy(update={"services": [use]})]})
    frame = pd.read_csv(io.BytesIO(to_csv(evil)), encoding="utf-8-sig")
    assert frame.iloc[0]["how_it_helps"].startswith("'=")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(evil)))
    cell = book["mapping"]["H2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_unknown_format_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "--format", "pdf", "--out", "x"])
    assert caught.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err
