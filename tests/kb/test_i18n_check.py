"""`generator check` on translations: orphans fail, missing and stale warn, all located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, copy_minimal

from generator.cli import main

DEFECTS = FIXTURES / "i18n-defects"
MISSING = "i18n/de/glossary.yaml:3: glossary.cyber hygiene: not translated into German (source_hash cf20dcfa33ba)"
ORPHANED = (
    "i18n/de/glossary.yaml:14: glossary.cyber hygene: translation of an unknown entry "
    "'cyber hygene' (did you mean 'cyber hygiene'?)"
)
STALE = (
    "i18n/de/glossary.yaml:5: glossary.MFA: stale: made from an older English text "
    "(source_hash 0123456789ab, now f5159cc22985); shown in English until updated and stamped"
)
MISSING_TAG = (
    "i18n/de/site.yaml:7: tags.risk-management: no German label; "
    "shown in English as 'Risk management'"
)
ORPHANED_TAG = (
    "i18n/de/site.yaml:9: tags.risk-managment: label of an unknown tag 'risk-managment' "
    "(did you mean 'risk-management'?)"
)
UNOFFICIAL = (
    "i18n/de/glossary.yaml:12: glossary.cyber hygiene: 'term' translates 'cyber hygiene' "
    "without its official wording 'Cyberhygiene' (Art. 21(2)(g); data/i18n/terminology.yaml)"
)


def _translated(tmp_path: Path, defect: str | None = None) -> Path:
    """The minimal data with its German translations, the defect's file laid over them."""
    data = copy_minimal(tmp_path)
    shutil.copytree(FIXTURES / "i18n", data / "i18n")
    if defect is not None:
        for file in (DEFECTS / defect / "de").glob("*.yaml"):
            shutil.copy(file, data / "i18n" / "de" / file.name)
    return data


def _lines(capsys: pytest.CaptureFixture[str], data: Path) -> list[str]:
    err = capsys.readouterr().err.splitlines()
    return [line.replace(f"{data}/", "") for line in err if "yet (" not in line]


def test_the_valid_translations_pass_with_a_warning_per_file_not_yet_translated(
    tmp_path, capsys
) -> None:
    data = _translated(tmp_path)
    assert main(["check", "--data", str(data)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert (
        f"warning: {data}/i18n/de/articles.yaml: not translated into German yet (2 entries)" in err
    )
    assert not any("glossary.yaml" in line or "measures.yaml" in line for line in err)


def test_a_missing_translation_is_a_located_warning(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "missing-translation")
    assert main(["check", "--data", str(data)]) == 0
    assert f"warning: {MISSING}" in _lines(capsys, data)


def test_a_stale_translation_is_a_located_warning(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "stale-translation")
    assert main(["check", "--data", str(data)]) == 0
    assert f"warning: {STALE}" in _lines(capsys, data)


def test_an_orphaned_translation_is_a_located_error_and_exit_2(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "orphaned-translation")
    assert main(["check", "--data", str(data)]) == 2
    assert _lines(capsys, data)[-2:] == [ORPHANED, "1 problem found; nothing was built."]


def test_a_key_term_not_in_its_official_wording_is_a_located_error(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "unofficial-term")
    assert main(["check", "--data", str(data)]) == 2
    assert _lines(capsys, data)[-2:] == [UNOFFICIAL, "1 problem found; nothing was built."]


def test_missing_orphaned_and_stale_together_fail_with_every_line_located(tmp_path, capsys) -> None:
    data = copy_minimal(tmp_path)
    shutil.copytree(FIXTURES / "i18n", data / "i18n")
    glossary = data / "i18n" / "de" / "glossary.yaml"
    glossary.write_text(
        "reviewed: 2026-12-01\n"
        "reviewed_against: https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32022L2555\n"
        "glossary:\n"
        "  MFA:\n"
        "    source_hash: 0123456789ab\n"
        "    text:\n"
        "      term: MFA\n"
        "      definition: Zwei-Faktor-Anmeldung.\n"
        "  cyber hygene:\n"
        "    source_hash: cf20dcfa33ba\n"
        "    text:\n"
        "      term: Cyberhygiene\n",
        encoding="utf-8",
    )
    assert main(["check", "--data", str(data)]) == 2
    lines = _lines(capsys, data)
    assert f"warning: {STALE}" in lines
    assert f"warning: {MISSING}" in lines
    orphan = (
        "i18n/de/glossary.yaml:9: glossary.cyber hygene: translation of an unknown entry "
        "'cyber hygene' (did you mean 'cyber hygiene'?)"
    )
    assert lines[-2:] == [orphan, "1 problem found; nothing was built."]


def test_strict_translations_make_missing_and_stale_errors(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "stale-translation")
    assert main(["check", "--data", str(data), "--strict-translations"]) == 2
    lines = _lines(capsys, data)
    assert STALE in lines
    assert lines[-1].endswith("problems found; nothing was built.")


def test_an_unknown_text_of_a_known_entry_is_an_error_with_a_hint(tmp_path, capsys) -> None:
    data = _translated(tmp_path)
    measures = data / "i18n" / "de" / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("      summary:", "      sumary:"), encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 2
    lines = _lines(capsys, data)
    unknown = "i18n/de/measures.yaml:9: measures.21-2-b: unknown text 'sumary'"
    assert f"{unknown} (did you mean 'summary'?)" in lines
    assert (
        "warning: i18n/de/measures.yaml:6: measures.21-2-b: not translated: summary; shown in English"
        in lines
    )


def test_a_section_in_the_wrong_translation_file_is_an_error(tmp_path, capsys) -> None:
    data = _translated(tmp_path)
    glossary = data / "i18n" / "de" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "measures: {}\n", encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 2
    lines = _lines(capsys, data)
    assert lines[-2] == (
        "i18n/de/glossary.yaml:14: measures: section 'measures' is not in glossary.yaml; "
        "expected: glossary (it belongs in measures.yaml)"
    )


def test_every_value_of_a_translation_file_is_read_as_the_text_written(tmp_path, capsys) -> None:
    """A hash of digits, an article number and a French "Non" are text, not numbers or False."""
    data = _translated(tmp_path)
    glossary = data / "i18n" / "de" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(
        text.replace("source_hash: f5159cc22985", "source_hash: 012345678901").replace(
            "term: MFA", "term: Non"
        ),
        encoding="utf-8",
    )
    assert main(["check", "--data", str(data)]) == 0
    lines = _lines(capsys, data)
    assert (
        "warning: i18n/de/glossary.yaml:5: glossary.MFA: stale: made from an older English text "
        "(source_hash 012345678901, now f5159cc22985); shown in English until updated and stamped"
    ) in lines


def test_a_tag_without_words_is_a_located_warning(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "missing-tag-label")
    assert main(["check", "--data", str(data)]) == 0
    assert f"warning: {MISSING_TAG}" in _lines(capsys, data)
    assert main(["check", "--data", str(data), "--strict-translations"]) == 2
    assert MISSING_TAG in _lines(capsys, data)


def test_words_for_a_tag_no_page_carries_are_a_located_error(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "orphaned-tag-label")
    assert main(["check", "--data", str(data)]) == 2
    assert _lines(capsys, data)[-2:] == [ORPHANED_TAG, "1 problem found; nothing was built."]


def test_words_for_a_tag_the_data_names_are_a_located_error(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "orphaned-tag-label")
    site = data / "i18n" / "de" / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("risk-managment", "incident-handling"),
        encoding="utf-8",
    )
    articles = data / "articles.yaml"
    tagged = articles.read_text(encoding="utf-8").replace(
        "tags: [risk-management]", "tags: [risk-management, incident-handling]"
    )
    articles.write_text(tagged, encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 2
    assert _lines(capsys, data)[-2] == (
        "i18n/de/site.yaml:9: tags.incident-handling: the words of tag 'incident-handling' "
        "come from the data: remove this label"
    )


def test_translations_without_a_site_yaml_warn_once_for_the_tags(tmp_path, capsys) -> None:
    data = _translated(tmp_path)
    assert main(["check", "--data", str(data)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"warning: {data}/i18n/de/site.yaml: tags: not translated into German yet (1 tag)" in err


def test_a_tag_label_not_in_the_official_wording_is_a_located_error(tmp_path, capsys) -> None:
    data = _translated(tmp_path, "orphaned-tag-label")
    site = data / "i18n" / "de" / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace(
            "risk-managment: Risikomanagement", "cyber-hygiene-training: Computerhygiene"
        ),
        encoding="utf-8",
    )
    articles = data / "articles.yaml"
    tagged = articles.read_text(encoding="utf-8").replace(
        "tags: [risk-management]", "tags: [risk-management, cyber-hygiene-training]"
    )
    articles.write_text(tagged, encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 2
    assert _lines(capsys, data)[-2] == (
        "i18n/de/site.yaml:9: tags.cyber-hygiene-training: 'Computerhygiene' translates "
        "'cyber hygiene' without its official wording 'Cyberhygiene' "
        "(Art. 21(2)(g); data/i18n/terminology.yaml)"
    )
