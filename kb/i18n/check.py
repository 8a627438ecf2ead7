"""Translations against their English source: orphans are errors, missing and stale warn.

- A translation of an entry or a text that does not exist in English (an *orphan*) is an
  error: it is a typo or a leftover, and nobody would ever see it.
- A *missing* translation is a warning: the site and the app show the English text.
- A *stale* translation (made from an English text that has changed since: its
  ``source_hash`` differs) is a warning too, and is not shown: the reader gets the current
  English rather than a translation that may contradict it.
- A translation that does not use the official wording of a key term
  (:mod:`kb.i18n.terminology`) is an error.

``strict=True`` makes missing and stale translations errors as well (for a release).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from kb.i18n.overlay import (
    Language,
    Overlay,
    load_languages,
    load_overlays,
    overlay_path,
)
from kb.i18n.terminology import load_terminology, terminology_problems
from kb.i18n.texts import Entry, entries, file_sections
from kb.load import DEFAULT_DATA_DIR, Problem, _display
from kb.model import FILES, KnowledgeBase

MAX_LISTED = 4


@dataclass
class TranslationReport:
    """What ``generator check`` says about the translations."""

    languages: list[Language] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_translations(
    kb: KnowledgeBase, data_dir: Path | str | None = None, strict: bool = False
) -> TranslationReport:
    """Every problem of the translation files under ``data_dir/i18n``, located.

    Args:
        kb: the English knowledge base loaded from ``data_dir``.
        data_dir: the data folder (default: the project's ``data/``).
        strict: report missing and stale translations as errors rather than warnings.
    """
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    report = TranslationReport()
    report.languages = load_languages(base, report.errors)
    codes = [language.code for language in report.languages]
    report.overlays = load_overlays(base, codes, report.errors)
    english = entries(kb)
    warnings = report.errors if strict else report.warnings
    present = {(o.language, o.file): o for o in report.overlays}
    for language in report.languages:
        for file in sorted(set(FILES.values())):
            sections = file_sections(file)
            count = sum(len(english[s]) for s in sections)
            overlay = present.get((language.code, file))
            if overlay is None:
                if count:
                    where = _display(overlay_path(base, language.code, file))
                    message = f"not translated into {language.english_name} yet ({count} entr{'ies' if count != 1 else 'y'})"
                    warnings.append(Problem(where, None, "", message))
                continue
            for section in sections:
                _compare(overlay, section, english[section], language, report.errors, warnings)
    if not report.errors and report.languages:
        report.errors.extend(_terminology(base, kb, report, codes))
    return report


def _terminology(
    base: Path, kb: KnowledgeBase, report: TranslationReport, codes: list[str]
) -> list[Problem]:
    problems: list[Problem] = []
    terms = load_terminology(base, codes, problems)
    if terms is None:
        return problems
    return problems + terminology_problems(entries(kb), report.overlays, terms)


def _compare(
    overlay: Overlay,
    section: str,
    english: dict[str, Entry],
    language: Language,
    errors: list[Problem],
    warnings: list[Problem],
) -> None:
    translated = overlay.model.section(section)
    for entry_id, translation in translated.items():
        where = f"{section}.{entry_id}"
        entry = english.get(entry_id)
        if entry is None:
            message = f"translation of an unknown entry '{entry_id}'{_hint(entry_id, english)}"
            errors.append(Problem(overlay.display, overlay.line(section, entry_id), where, message))
            continue
        for path in translation.text:
            if path not in entry.texts:
                line = overlay.line(section, entry_id, "text", path)
                message = f"unknown text '{path}'{_hint(path, entry.texts)}"
                errors.append(Problem(overlay.display, line, where, message))
        if translation.source_hash != entry.source_hash:
            line = overlay.line(section, entry_id, "source_hash")
            message = (
                f"stale: made from an older English text (source_hash {translation.source_hash},"
                f" now {entry.source_hash}); shown in English until updated and stamped"
            )
            warnings.append(Problem(overlay.display, line, where, message))
        missing = [path for path in entry.texts if path not in translation.text]
        if missing:
            line = overlay.line(section, entry_id, "text")
            message = f"not translated: {_listed(missing)}; shown in English"
            warnings.append(Problem(overlay.display, line, where, message))
    section_line = overlay.line(section)
    for entry_id, entry in english.items():
        if entry_id not in translated:
            message = (
                f"not translated into {language.english_name} (source_hash {entry.source_hash})"
            )
            warnings.append(
                Problem(overlay.display, section_line, f"{section}.{entry_id}", message)
            )


def _hint(name: str, known: dict[str, object]) -> str:
    match = get_close_matches(name, list(known), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _listed(paths: list[str]) -> str:
    shown = ", ".join(paths[:MAX_LISTED])
    more = len(paths) - MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown
