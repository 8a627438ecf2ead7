"""The register export in German and French: translated headers over the very same rows."""

from __future__ import annotations

import csv
import io

import openpyxl
from test_register import history, kb  # noqa: F401 - fixtures shared with the register tests

from quiz_app import audit, training


def _csv(s, kb, now, language: str) -> list[list[str]]:  # noqa: F811 - kb is a value here
    out = io.BytesIO()
    training.export_register(s.engine, s.trainer, kb, "csv", out, now=now, language=language)
    return list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))


def test_german_and_french_headers_over_unchanged_rows(history, kb):  # noqa: F811
    s, now = history
    english, german, french = (_csv(s, kb, now, lang) for lang in ("en", "de", "fr"))
    assert english[0][:3] == ["assignment_id", "learner_id", "name"]  # tools read these
    assert german[0][:4] == ["Zuweisung Nr.", "Lernenden-ID", "Name", "Abteilung"]
    assert french[0][:4] == ["N° d'attribution", "Identifiant de l'apprenant", "Nom", "Service"]
    assert german[1:] == english[1:] and french[1:] == english[1:] and len(english) > 5
    entry = audit.list_entries(s.engine, s.admin, action=audit.EXPORT)[0]
    assert entry.detail["language"] == "fr"


def test_the_xlsx_register_in_german_keeps_its_typed_cells(history, kb, tmp_path):  # noqa: F811
    s, now = history
    sheets = {}
    for language in ("en", "de"):
        target = tmp_path / f"register-{language}.xlsx"
        training.export_register(
            s.engine, s.trainer, kb, "xlsx", target, now=now, language=language
        )
        sheets[language] = list(
            openpyxl.load_workbook(target)["register"].iter_rows(values_only=True)
        )
    assert "Fällig am" in sheets["de"][0] and "due_date" in sheets["en"][0]
    assert sheets["de"][1:] == sheets["en"][1:]


def test_cli_exports_the_register_with_german_headers(history, monkeypatch, tmp_path):  # noqa: F811
    from store_support import PASSWORD, run_cli

    from quiz_app import cli

    s, _ = history
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    target = tmp_path / "register.csv"
    argv = ["--as", "trainer", "export", "--records", "register", "--format", "csv"]
    assert run_cli([*argv, "--lang", "de", "--out", str(target)])[0] == 0
    header = next(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert header[0] == "Zuweisung Nr." and "Status" in header
    code, _, err = run_cli(
        ["--as", "trainer", "export", "--format", "csv", "--lang", "de"] + ["--out", str(target)]
    )
    assert code == cli.EXIT_USAGE and "add --records register" in err
