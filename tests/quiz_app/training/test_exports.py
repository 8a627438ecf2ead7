"""Completion exports: CSV, XLSX and xAPI read back with the same records and types, safe
against formula injection, atomic, audited; and LibreOffice opens both spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from store_support import PASSWORD, run_cli
from test_training import correct_answers

from kb.load import load
from quiz_app import accounts, audit, authentication, cli, people, training
from quiz_app.authz import Role
from quiz_app.core import exports
from quiz_app.errors import PermissionDenied
from quiz_app.store import transaction

NOW = datetime(2025, 3, 3, 9, 0)
SITE = "https://kb.example.org/nis2/"
APP = "https://app.example.org/"
HOSTILE = {
    "X1": ("=1+1", "+SUM(1;1)"),
    "X2": ("@cmd|' /C calc'!A0", "-2+3"),
    "X3": ("+Plus Person", '=HYPERLINK("http://evil.example")'),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def exported(people_store, kb, monkeypatch):
    """A store with hostile names: each X-person fails once and passes once; staff passes."""
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    monkeypatch.setenv("NIS2_APP_URL", APP)
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    for ext, (name, dept) in HOSTILE.items():
        pid = people.create_person(
            s.engine,
            s.admin,
            external_id=ext,
            name=name,
            email=f"{ext}@example.org",
            department=dept,
            job_role="=cmd",
        )
        accounts.create_account(
            s.engine,
            s.admin,
            username=ext.lower(),
            role=Role.STAFF,
            password=PASSWORD,
            person_id=pid,
        )
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("audience"),
        due_on=date(2025, 3, 31),
        now=NOW,
    )
    for n, ext in enumerate(HOSTILE):
        me = authentication.load_actor(s.engine, accounts.account_id_for(s.engine, ext.lower()))
        start = NOW + timedelta(days=n)
        wrong = correct_answers(kb, module, wrong=4)
        training.record_attempt(
            s.engine, me, kb, module, wrong, started_at=start, now=start + timedelta(minutes=5)
        )
        training.record_attempt(
            s.engine,
            me,
            kb,
            module,
            correct_answers(kb, module),
            started_at=start,
            now=start + timedelta(minutes=12, seconds=30),
        )
    training.record_attempt(
        s.engine,
        s.staff,
        kb,
        module,
        correct_answers(kb, module, wrong=1),
        started_at=NOW,
        now=NOW + timedelta(hours=1, seconds=5),
    )
    return s


ALL = training.ExportFilter()


def _export(s, kb, fmt, path, filters=ALL):
    return training.export_completions(
        s.engine, s.trainer, kb, fmt, path, filters, now=datetime(2025, 4, 1, 12)
    )


def test_iso_durations():
    assert [exports.iso_duration(x) for x in (750, 0, 3600, 3725, 59.6, None)] == [
        "PT12M30S",
        "PT0S",
        "PT1H",
        "PT1H2M5S",
        "PT1M",
        None,
    ]


def _records(s, kb) -> list:
    titles = {m.id: m.title for m in kb.training}
    with transaction(s.engine) as conn:
        return list(training.export_rows(conn, titles, ALL, exported_at=NOW, exported_by="trainer"))


def test_export_rows_are_completion_records_with_named_fields(exported, kb):
    records = _records(exported, kb)
    assert len(records) == 7
    assert all(isinstance(r, exports.CompletionRecord) for r in records)
    staff = records[-1]
    assert (staff.learner_id, staff.module_id, staff.module_title) == (
        "P-staff",
        "cyber-hygiene",
        "Everyday cyber hygiene",
    )
    assert (staff.success_status, staff.score_raw, staff.score_max, staff.score_scaled) == (
        "passed",
        9,
        10,
        0.9,
    )
    assert (staff.attempt, staff.duration_seconds, staff.due_date) == (1, 3605, date(2025, 3, 31))
    assert (staff.exported_at, staff.exported_by) == (NOW, "trainer")
    assert exports.CompletionRecord._fields == exports.HEADER


def test_writers_take_each_value_by_its_field_name(exported, kb):
    """A record that is not a tuple in COLUMNS order is written the same: by field name."""
    records = _records(exported, kb)
    by_name = [SimpleNamespace(**r._asdict()) for r in records]
    for fmt in ("csv", "xapi"):
        expected, written = io.BytesIO(), io.BytesIO()
        exports.write_export(fmt, records, expected, site_base=SITE, home_page=APP)
        exports.write_export(fmt, by_name, written, site_base=SITE, home_page=APP)
        assert written.getvalue() == expected.getvalue()
    expected, written = io.BytesIO(), io.BytesIO()
    exports.write_xlsx(records, expected)
    exports.write_xlsx(by_name, written)
    first, second = (
        list(openpyxl.load_workbook(b)["completions"].iter_rows(values_only=True))
        for b in (expected, written)
    )
    assert second == first and len(first) == 8


def test_export_file_names_say_what_and_when():
    at = datetime(2025, 4, 1, 12, 0, 5, 999)
    assert [training.export_file_name(fmt, now=at) for fmt in exports.FORMATS] == [
        "training-completions-20250401-120005.csv",
        "training-completions-20250401-120005.xlsx",
        "training-completions-20250401-120005.json",
    ]


def test_csv_reads_back_with_types_and_neutralised_formulas(exported, kb, tmp_path):
    path = tmp_path / "c.csv"
    assert _export(exported, kb, "csv", path) == 7
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"record_id,learner_id,name,")
    frame = pd.read_csv(
        path,
        encoding="utf-8-sig",
        parse_dates=["completed_at", "valid_until", "exported_at", "assigned_at"],
    )
    assert list(frame.columns) == list(exports.HEADER)
    assert len(frame) == 7
    assert str(frame["score_raw"].dtype) == "int64"
    assert str(frame["score_scaled"].dtype) == "float64"
    assert str(frame["management_body"].dtype) == "bool"
    assert str(frame["completed_at"].dtype).startswith("datetime64")
    first = frame.iloc[0]
    assert (first["learner_id"], first["name"], first["department"], first["role"]) == (
        "X1",
        "'=1+1",
        "'+SUM(1;1)",
        "'=cmd",
    )
    assert (
        first["success_status"],
        first["score_raw"],
        first["score_max"],
        first["attempt"],
    ) == ("failed", 6, 10, 1)
    assert set(frame["name"]) == {"'=1+1", "'@cmd|' /C calc'!A0", "'+Plus Person", "Sam Staff"}
    assert frame.iloc[1]["valid_until"] == pd.Timestamp("2026-03-03 09:12:30")
    assert frame.iloc[1]["duration_seconds"] == 750
    assert (frame["exported_by"] == "trainer").all()
    # No text cell starts with a character that makes a spreadsheet evaluate it.
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


def test_xlsx_is_typed_frozen_filtered_and_safe(exported, kb, tmp_path):
    path = tmp_path / "c.xlsx"
    assert _export(exported, kb, "xlsx", path) == 7
    book = openpyxl.load_workbook(path)
    sheet = book["completions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exports.HEADER and len(rows) == 8
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:X8"
    record = dict(zip(exports.HEADER, rows[2], strict=True))
    assert record["name"] == "'=1+1" and record["department"] == "'+SUM(1;1)"
    assert isinstance(record["record_id"], int) and record["score_raw"] == 10
    assert record["score_scaled"] == 1.0 and record["management_body"] is False
    assert record["completed_at"] == datetime(2025, 3, 3, 9, 12, 30)
    assert record["valid_until"] == datetime(2026, 3, 3, 9, 12, 30)
    assert record["due_date"] == datetime(2025, 3, 31)
    assert sheet.cell(3, 12).number_format == "yyyy-mm-dd"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_STARTS)


ISO_DURATION = re.compile(
    r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$"
)
ISO_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")
STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}


def check_statement(st: dict) -> None:
    """The xAPI 1.0.3 requirements (Part Two, section 2.4) a statement of ours must meet."""
    assert set(st) <= STATEMENT_KEYS
    assert str(uuid.UUID(st["id"])) == st["id"]
    assert st["version"] == "1.0.3"
    actor = st["actor"]
    assert actor.get("objectType", "Agent") == "Agent"
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    assert ifis == ["account"]  # exactly one inverse functional identifier
    assert IRI.match(actor["account"]["homePage"]) and actor["account"]["name"]
    verb = st["verb"]
    assert IRI.match(verb["id"]) and verb["display"]
    assert all(isinstance(v, str) for v in verb["display"].values())
    obj = st["object"]
    assert obj.get("objectType", "Activity") == "Activity" and IRI.match(obj["id"])
    assert IRI.match(obj["definition"]["type"])
    result = st["result"]
    score = result["score"]
    assert -1 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]
    assert isinstance(result["completion"], bool)
    assert isinstance(result.get("success", True), bool)
    assert ISO_DURATION.match(result["duration"])
    assert all(IRI.match(key) for key in st["context"]["extensions"])
    assert ISO_TIMESTAMP.match(st["timestamp"])


def test_xapi_statements_meet_the_specification(exported, kb, tmp_path):
    path = tmp_path / "c.json"
    assert _export(exported, kb, "xapi", path) == 7
    statements = json.loads(path.read_text(encoding="utf-8"))
    assert len(statements) == 7
    for st in statements:
        check_statement(st)
    first, second = statements[0], statements[1]
    assert first["verb"] == {
        "id": "http://adlnet.gov/expapi/verbs/failed",
        "display": {"en-US": "failed"},
    }
    assert second["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert second["actor"] == {
        "objectType": "Agent",
        "name": "=1+1",
        "account": {"homePage": APP, "name": "X1"},
    }
    assert second["object"]["id"] == f"{SITE}training/#cyber-hygiene"
    assert second["object"]["definition"]["name"] == {"en-US": "Everyday cyber hygiene"}
    assert second["result"] == {
        "score": {"scaled": 1.0, "raw": 10, "min": 0, "max": 10},
        "completion": True,
        "success": True,
        "duration": "PT12M30S",
    }
    assert second["timestamp"] == "2025-03-03T09:12:30Z"
    assert second["context"]["extensions"][f"{SITE}xapi/extensions/module-version"] == "1.0"
    assert statements[-1]["result"]["duration"] == "PT1H5S"
    again = tmp_path / "again.json"
    _export(exported, kb, "xapi", again)  # the same records keep their statement ids
    assert [s["id"] for s in json.loads(again.read_text())] == [s["id"] for s in statements]


def test_filters_audit_and_permissions(exported, kb, tmp_path):
    s = exported

    def count(name, **filters):
        return _export(s, kb, "csv", tmp_path / name, training.ExportFilter(**filters))

    assert count("a.csv", departments=("Operations",)) == 1
    assert count("b.csv", since=date(2025, 3, 4)) == 4
    assert count("c.csv", module_ids=("incident-reporting",)) == 0
    assert count("d.csv", outcome="failed", until=date(2025, 3, 4)) == 2
    entries = audit.list_entries(s.engine, s.admin, action=audit.EXPORT)
    assert [(e.target, e.actor_account_id, e.detail) for e in entries[:2]] == [
        (
            training.EXPORT_TARGET,
            s.trainer.account_id,
            {"count": 2, "filters": {"outcome": "failed", "until": "2025-03-04"}, "format": "csv"},
        ),
        (
            training.EXPORT_TARGET,
            s.trainer.account_id,
            {"count": 0, "filters": {"modules": ["incident-reporting"]}, "format": "csv"},
        ),
    ]
    with pytest.raises(PermissionDenied, match="^the admin role may not export completions$"):
        training.export_completions(s.engine, s.admin, kb, "csv", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_a_failed_export_leaves_the_old_file_and_no_audit_entry(
    exported, kb, tmp_path, monkeypatch
):
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "c.csv"
    path.write_text("old\n")

    def broken(*args, **kwargs):
        yield exports.CompletionRecord(*("x",) * len(exports.COLUMNS))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(training.exports, "export_rows", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        _export(exported, kb, "csv", path)
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["c.csv"]
    assert audit.list_entries(exported.engine, exported.admin, action=audit.EXPORT) == []


def test_cli_export(exported, monkeypatch, tmp_path):
    s = exported
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)

    def run(*argv):
        return run_cli(["--as", "trainer", *argv])

    target = tmp_path / "out.xlsx"
    assert run("export", "--format", "xlsx", "--out", str(target), "--department=-2+3") == (
        0,
        f"wrote 2 completion records to {target} (xlsx)\n",
        "",
    )
    code, _, err = run("export", "--format", "pdf", "--out", str(target))
    assert code == cli.EXIT_USAGE and "invalid choice: 'pdf'" in err
    code, _, err = run("export", "--format", "csv", "--out", str(tmp_path), "--since", "2025-03-05")
    assert code == 1 and err.startswith(f"error: cannot write {tmp_path}: ")


def _soffice() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("NIS2_REQUIRE_BROWSER"):
            pytest.fail("soffice required (NIS2_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


@pytest.mark.slow
def test_libreoffice_opens_both_spreadsheets_without_evaluating_formulas(exported, kb, tmp_path):
    soffice = _soffice()
    _export(exported, kb, "csv", tmp_path / "completions.csv")
    _export(exported, kb, "xlsx", tmp_path / "book.xlsx")
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    for source in (tmp_path / "completions.csv", tmp_path / "book.xlsx"):
        infilter = ["--infilter=CSV:44,34,76,1"] if source.suffix == ".csv" else []
        proc = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                *infilter,
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1",
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        converted = out / (source.stem + ".csv")
        assert proc.returncode == 0 and converted.is_file(), proc.stderr
        rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
        assert rows[0] == list(exports.HEADER)
        assert len(rows) == 8
        x1 = [row for row in rows[1:] if row[1] == "X1"]
        assert len(x1) == 2
        for row in x1:  # the text is still there, and nothing computed 2 from it
            assert "=1+1" in row[2] and row[2] != "2", row
            assert "+SUM(1;1)" in row[4] and row[4] != "2", row
            assert "=cmd" in row[5], row


SPLIT_HOSTILE = ("Bob;=1+2", "x,=1+2", "Tab\t=1+2", "Ann; +1+2")


def _record(record_id: int, name: str) -> exports.CompletionRecord:
    values = dict.fromkeys(exports.CompletionRecord._fields)
    values.update(record_id=record_id, learner_id=f"S{record_id}", name=name, department=name)
    return exports.CompletionRecord(**values)


@pytest.mark.slow
def test_libreoffice_splitting_on_semicolons_evaluates_no_formula(tmp_path):
    """A spreadsheet that splits on ';' (or ',' or TAB) starts a cell after each separator;
    the text after it must not run, and must still be there to read."""
    soffice = _soffice()
    source = tmp_path / "split.csv"
    with source.open("wb") as out:
        exports.write_csv([_record(i, v) for i, v in enumerate(SPLIT_HOSTILE, 1)], out)
    converted = tmp_path / "converted" / "split.csv"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(converted.parent),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0 and converted.is_file(), proc.stderr
    cells = [c for row in csv.reader(io.StringIO(converted.read_text("utf-8"))) for c in row]
    assert "3" not in cells and not any(c.startswith("Err:") for c in cells), cells
    # Each value, in its name and its department column, is still there to read.
    assert "\n".join(cells).count("'=1+2") == 2 * 3, cells
    assert "\n".join(cells).count("'+1+2") == 2, cells


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "xapi"])
def test_an_export_file_is_private(exported, kb, tmp_path, fmt):
    path = tmp_path / f"c.{fmt}"
    _export(exported, kb, fmt, path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_interrupted_xlsx_export_leaves_no_file_anywhere(exported, kb, tmp_path, monkeypatch):
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(system_tmp))
    folder = tmp_path / "exports"
    folder.mkdir()
    real_close = exports.xlsxwriter.Workbook.close

    def interrupted(workbook):
        raise KeyboardInterrupt  # Ctrl-C after every row went to the temporary files

    monkeypatch.setattr(exports.xlsxwriter.Workbook, "close", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _export(exported, kb, "xlsx", folder / "c.xlsx")
    monkeypatch.setattr(exports.xlsxwriter.Workbook, "close", real_close)
    assert os.listdir(folder) == []
    assert os.listdir(system_tmp) == []


def test_an_interrupted_xlsx_download_leaves_no_file_in_the_system_temp(
    exported, kb, tmp_path, monkeypatch
):
    """The dashboard's download writes to memory; xlsxwriter's row files must not stay."""
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(system_tmp))

    def interrupted(workbook):
        raise KeyboardInterrupt  # Ctrl-C after every row went to the temporary files

    monkeypatch.setattr(exports.xlsxwriter.Workbook, "close", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _export(exported, kb, "xlsx", io.BytesIO())
    assert os.listdir(system_tmp) == []


def test_a_person_export_file_is_private_and_replaces_a_planted_symlink(
    people_store, tmp_path, monkeypatch
):
    monkeypatch.setenv("NIS2_DATABASE_URL", people_store.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    folder = tmp_path / "requests"
    folder.mkdir()
    victim = folder / "victim.txt"
    victim.write_text("keep me")
    target = folder / "p.json"
    target.symlink_to(victim)
    code, _, err = run_cli(
        ["--as", "admin", "person", "export", "P-staff", "--output", str(target)]
    )
    assert (code, err) == (0, "")
    assert not target.is_symlink() and target.stat().st_mode & 0o777 == 0o600
    assert json.loads(target.read_text())
    assert victim.read_text() == "keep me"
    assert sorted(os.listdir(folder)) == ["p.json", "victim.txt"]
