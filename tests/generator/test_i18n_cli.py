"""`python -m generator i18n status|stamp`: what needs translating, and recording an update."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, copy_minimal

from generator.cli import main


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = copy_minimal(tmp_path)
    shutil.copytree(FIXTURES / "i18n", data / "i18n")
    return data


def test_status_counts_per_language_and_file(data: Path, capsys) -> None:
    assert main(["i18n", "status", "--data", str(data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "de measures.yaml: 1/1 current, 0 stale, 0 incomplete, 0 missing" in out
    assert "de questions.yaml: 0/6 current, 0 stale, 0 incomplete, 6 missing" in out


def test_status_lists_each_entry_to_work_on_with_its_hash(data: Path, capsys) -> None:
    glossary = data / "i18n" / "de" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text[: text.index("  cyber hygiene:")], encoding="utf-8")
    assert main(["i18n", "status", "--data", str(data), "--lang", "de", "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "de glossary.yaml: 1/2 current, 0 stale, 0 incomplete, 1 missing" in out
    assert (
        f"  {data}/i18n/de/glossary.yaml:3: glossary.cyber hygiene: not translated into German "
        "(source_hash cf20dcfa33ba)"
    ) in out


def test_stamp_records_the_current_hash_and_nothing_else(data: Path, capsys) -> None:
    glossary = data / "i18n" / "de" / "glossary.yaml"
    before = glossary.read_text(encoding="utf-8")
    glossary.write_text(before.replace("f5159cc22985", "0123456789ab"), encoding="utf-8")
    command = ["i18n", "stamp", "--data", str(data), "--lang", "de", "--file", "glossary.yaml"]
    assert main([*command, "MFA"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{data}/i18n/de/glossary.yaml:5: glossary.MFA: stamped f5159cc22985",
        "1 entry stamped",
    ]
    assert glossary.read_text(encoding="utf-8") == before
    assert main(["check", "--data", str(data)]) == 0
    assert "stale" not in capsys.readouterr().err


def test_stamp_refuses_an_entry_that_has_no_translation(data: Path, capsys) -> None:
    command = ["i18n", "stamp", "--data", str(data), "--lang", "de", "--file", "glossary.yaml"]
    assert main([*command, "SIEM"]) == 2
    assert capsys.readouterr().err == f"{data}/i18n/de/glossary.yaml: no translation of SIEM\n"


def test_status_of_an_unknown_language_is_an_error(data: Path, capsys) -> None:
    assert main(["i18n", "status", "--data", str(data), "--lang", "it"]) == 2
    assert "no language 'it'" in capsys.readouterr().err
