"""`python -m generator check`: every defect located on one line, exit 2, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIXTURES, MINIMAL, copy_minimal

from generator.cli import main
from kb.load import MAX_DATA_FILE_BYTES, DataError, load

DEFECTS = {
    "yaml-syntax": "glossary.yaml:4: YAML syntax error: expected <block end>, but found "
    "'<block mapping start>'",
    "unknown-key": "services.yaml:9: services[0]: unknown key 'categroy' "
    "(did you mean 'category'?)",
    "missing-field": "measures.yaml:2: measures[0]: missing field 'title'",
    "wrong-type": "articles.yaml:18: articles[1].number: input should be a valid integer, "
    "unable to parse string as an integer, got 'twenty-three'",
    "duplicate-id": "services.yaml:17: services[1].id: duplicate id 'cloudtrail'",
    "unknown-reference": "measures.yaml:9: measures[0].services[0].service: unknown service "
    "'cloudtrial' (did you mean 'cloudtrail'?)",
    "empty-file": "glossary.yaml: file is empty",
    "not-utf8": "glossary.yaml:5: not UTF-8 text (byte 0xe9 at column 14); save it as UTF-8",
    "alias-bomb": "glossary.yaml:8: YAML alias '*a': anchors and aliases are not allowed in "
    "data files; write the value out",
}


def _edit(data: Path, file: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in one data file."""
    path = data / file
    text = path.read_text()
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new))


def _with_defect(tmp_path: Path, name: str) -> Path:
    data = copy_minimal(tmp_path)
    for file in (FIXTURES / "defects" / name).glob("*.yaml"):
        shutil.copy(file, data / file.name)
    return data


def test_minimal_data_is_valid() -> None:
    kb = load(MINIMAL)
    assert [m.id for m in kb.measures] == ["21-2-b"]


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_defect_is_one_located_line_and_exit_2(tmp_path, name, capsys) -> None:
    data = _with_defect(tmp_path, name)
    assert main(["check", "--data", str(data)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{data}/{DEFECTS[name]}", "1 problem found; nothing was built."]


def test_all_defects_are_reported_in_one_pass(tmp_path, capsys) -> None:
    data = copy_minimal(tmp_path)
    for name in ("yaml-syntax", "unknown-key", "missing-field", "wrong-type"):
        for file in (FIXTURES / "defects" / name).glob("*.yaml"):
            shutil.copy(file, data / file.name)
    assert main(["check", "--data", str(data)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 5
    assert err[-1] == "4 problems found; nothing was built."
    assert {line.split(":")[0].rsplit("/", 1)[-1] for line in err[:-1]} == {
        "glossary.yaml",
        "services.yaml",
        "measures.yaml",
        "articles.yaml",
    }


def test_check_as_a_process_prints_no_traceback(tmp_path) -> None:
    data = _with_defect(tmp_path, "unknown-reference")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown service 'cloudtrial'" in result.stderr


@pytest.mark.parametrize("name", ["not-utf8", "alias-bomb"])
def test_hostile_file_fails_fast_as_a_process_without_traceback(tmp_path, name) -> None:
    """Before, a non-UTF-8 file gave a UnicodeDecodeError traceback and an alias bomb ran
    for minutes into a MemoryError."""
    data = _with_defect(tmp_path, name)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(data)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert time.monotonic() - started < 5
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == f"{data}/{DEFECTS[name]}"
    assert "Traceback" not in result.stderr


def test_file_over_the_size_limit_is_refused_unread(tmp_path, capsys) -> None:
    """Generated here rather than kept as a fixture: the file has to be over the limit."""
    data = copy_minimal(tmp_path)
    glossary = data / "glossary.yaml"
    with glossary.open("a") as out:
        out.write(("# padding" + " " * 90 + "\n") * (MAX_DATA_FILE_BYTES // 100 + 1))
    size = glossary.stat().st_size
    assert main(["check", "--data", str(data)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{data}/glossary.yaml: file is {size} bytes, over the limit of "
        f"{MAX_DATA_FILE_BYTES} bytes for a data file"
    )


def test_missing_file_is_named(tmp_path, capsys) -> None:
    data = copy_minimal(tmp_path)
    (data / "scope.yaml").unlink()
    assert main(["check", "--data", str(data)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"{data}/scope.yaml: file not found"


def test_unknown_section_suggests_the_right_one(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "glossary.yaml", "glossary:", "glosary:")
    with pytest.raises(DataError) as caught:
        load(data)
    messages = [p.message for p in caught.value.problems]
    assert "unknown section 'glosary' (did you mean 'glossary'?); expected one of: glossary" in (
        messages
    )


def test_question_without_correct_answer_is_located(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(
        data,
        "questions.yaml",
        "{text: 24 hours, score: 1, correct: true}",
        "{text: 24 hours, score: 1}",
    )
    with pytest.raises(DataError) as caught:
        load(data)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "questions[1]: knowledge question needs exactly one correct option, has 0"
    ]


def test_question_with_unknown_page_and_measure(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "questions.yaml", "page: measures/21-2-b", "page: measures/21-2-x")
    _edit(
        data,
        "questions.yaml",
        "measures: [21-2-b]\n    page: services/cloudtrail",
        "measures: [21-2-c]\n    page: services/cloudtrail",
    )
    with pytest.raises(DataError) as caught:
        load(data)
    lines = [str(p).split(": ", 1)[1] for p in caught.value.problems]
    assert (
        "questions[0].page: unknown page 'measures/21-2-x' (did you mean 'measures/21-2-b'?)"
        in (lines)
    )
    assert "questions[2].measures[0]: unknown measure '21-2-c' (did you mean '21-2-b'?)" in lines


def test_duplicate_question_id_is_located(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "questions.yaml", "id: staff-mfa", "id: staff-trail")
    with pytest.raises(DataError) as caught:
        load(data)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "questions[3].id: duplicate id 'staff-trail'",
        "training[0].quiz[2]: unknown question 'staff-mfa' (did you mean 'staff-trail'?)",
    ]
