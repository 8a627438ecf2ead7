"""Short titles of measures and the staff sections per job role: validated, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import copy_minimal

from kb.load import DataError, load


def _edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _lines(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(data)
    return [str(p).split(": ", 1)[1] for p in caught.value.problems]


def test_every_measure_has_a_short_title_that_fits_a_chart() -> None:
    kb = load()
    assert all(0 < len(m.short_title) <= 40 for m in kb.measures)
    assert kb.measure("21-2-b").short_title == "Incident handling"


def test_a_long_short_title_is_refused(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "measures.yaml", "short_title: Incident handling", "short_title: " + "x" * 41)
    [line] = _lines(data)
    assert line.startswith("measures[0].short_title:") and "40 characters" in line


def test_a_staff_section_that_no_question_has_is_located(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(
        data,
        "questions.yaml",
        "sections: [Incident reporting, Passwords and MFA, Cloud",
        "sections: [Incident reporting, Passwords and MFA, Clod",
    )
    assert _lines(data) == [
        "staff_sections.by_job_role[0].sections[2]: unknown staff-track section "
        "'Clod console' (did you mean 'Cloud console'?)"
    ]


def test_staff_sections_need_a_default(tmp_path) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "questions.yaml", "  default: [Incident reporting, Passwords and MFA]\n", "")
    assert _lines(data) == ["staff_sections: missing field 'default'"]
