"""`python -m generator i18n status|stamp`, and the translation part of `check`.

Translators use ``status`` to see what needs translating and ``stamp`` after updating a
stale translation, to record that it now follows the current English text.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from kb.i18n import check_translations, localise
from kb.i18n.overlay import Overlay, overlay_path
from kb.i18n.texts import entries, file_sections
from kb.load import DEFAULT_DATA_DIR, DataError
from kb.model import FILES, KnowledgeBase

from .site_i18n import check_tag_labels

EXIT_OK, EXIT_WRITE, EXIT_DATA = 0, 1, 2


def add_i18n_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``i18n status`` and ``i18n stamp`` under the generator's commands."""
    i18n = sub.add_parser(
        "i18n",
        help="what needs translating; stamp updated translations",
        description="Maintain the translations in data/i18n/. Example: python -m generator "
        "i18n status --lang de",
    )
    commands = i18n.add_subparsers(dest="i18n_command", required=True)
    status = commands.add_parser(
        "status",
        help="count translated, stale and missing entries per language and file",
        description="One line per language and data file: entries translated and current, "
        "stale, incomplete, missing. --list adds one located line per entry to work on, "
        "with the source_hash to record. Exit 0. Example: python -m generator i18n status "
        "--lang fr --list",
    )
    status.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    status.add_argument("--lang", help="only this language (default: all)")
    status.add_argument("--list", action="store_true", help="list each entry to work on")
    stamp = commands.add_parser(
        "stamp",
        help="record that translations follow the current English text",
        description="Set source_hash of the given entries (all entries of the file when none "
        "is given) to the hash of their current English text, after you have brought the "
        "translation up to date. Only the hash lines change. Example: python -m generator "
        "i18n stamp --lang de --file measures.yaml 21-2-b",
    )
    stamp.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data folder")
    stamp.add_argument("--lang", required=True, help="language code, e.g. de")
    stamp.add_argument("--file", required=True, choices=sorted(set(FILES.values())))
    stamp.add_argument("entries", nargs="*", help="entry ids (default: every entry)")


def translation_check(kb: KnowledgeBase, data: Path, strict: bool) -> bool:
    """Print the translation warnings and errors of ``check``; False when there are errors."""
    report = check_translations(kb, data, strict=strict)
    errors = list(report.errors)
    if not errors:
        for language in report.languages:
            try:
                localise(kb, language.code, data)
            except DataError as exc:
                errors.extend(exc.problems)
    if report.languages:
        tag_errors, tag_warnings = check_tag_labels(kb, data)
        errors.extend(tag_errors)
        (errors if strict else report.warnings).extend(tag_warnings)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.warnings:
        print(
            f"{len(report.warnings)} translation warning{'s' if len(report.warnings) != 1 else ''}"
            " (python -m generator i18n status lists what needs translating)",
            file=sys.stderr,
        )
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        count = len(errors)
        print(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was built.", file=sys.stderr
        )
    return not errors


def run_i18n(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.i18n_command == "status":
        return _status(kb, args.data, args.lang, args.list)
    return _stamp(kb, args.data, args.lang, args.file, args.entries)


def _status(kb: KnowledgeBase, data: Path, only: str | None, listed: bool) -> int:
    report = check_translations(kb, data)
    for error in report.errors:
        print(error, file=sys.stderr)
    if report.errors:
        return EXIT_DATA
    english = entries(kb)
    overlays = {(o.language, o.file): o for o in report.overlays}
    languages = [lang for lang in report.languages if only in (None, lang.code)]
    if not languages:
        print(f"no language '{only}' in data/i18n/languages.yaml", file=sys.stderr)
        return EXIT_DATA
    for language in languages:
        for file in sorted(set(FILES.values())):
            overlay = overlays.get((language.code, file))
            counts = _counts(english, overlay, file)
            if counts["entries"]:
                print(
                    f"{language.code} {file}: {counts['current']}/{counts['entries']} current, "
                    f"{counts['stale']} stale, {counts['incomplete']} incomplete, "
                    f"{counts['missing']} missing"
                )
        if listed:
            for warning in report.warnings:
                if f"/{language.code}/" in f"/{warning.file}":
                    print(f"  {warning}")
    return EXIT_OK


def _counts(english: dict, overlay: Overlay | None, file: str) -> dict[str, int]:
    counts = dict.fromkeys(("entries", "current", "stale", "incomplete", "missing"), 0)
    for section in file_sections(file):
        translated = overlay.model.section(section) if overlay else {}
        for entry_id, entry in english[section].items():
            counts["entries"] += 1
            translation = translated.get(entry_id)
            if translation is None:
                counts["missing"] += 1
            elif translation.source_hash != entry.source_hash:
                counts["stale"] += 1
            elif set(entry.texts) - set(translation.text):
                counts["incomplete"] += 1
            else:
                counts["current"] += 1
    return counts


def _stamp(kb: KnowledgeBase, data: Path, language: str, file: str, wanted: list[str]) -> int:
    report = check_translations(kb, data)
    for error in report.errors:
        print(error, file=sys.stderr)
    if report.errors:
        return EXIT_DATA
    overlay = next((o for o in report.overlays if (o.language, o.file) == (language, file)), None)
    if overlay is None:
        print(f"{overlay_path(data, language, file)}: no such translation file", file=sys.stderr)
        return EXIT_DATA
    english = entries(kb)
    path = overlay_path(data, language, file)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    found, changed = set(), 0
    for section in file_sections(file):
        for entry_id, translation in overlay.model.section(section).items():
            if wanted and entry_id not in wanted:
                continue
            found.add(entry_id)
            current = english[section][entry_id].source_hash
            if translation.source_hash == current:
                continue
            node = _hash_node(overlay, section, entry_id)
            row, start, end = node.start_mark.line, node.start_mark.column, node.end_mark.column
            lines[row] = lines[row][:start] + current + lines[row][end:]
            changed += 1
            print(f"{overlay.display}:{row + 1}: {section}.{entry_id}: stamped {current}")
    unknown = [e for e in wanted if e not in found]
    if unknown:
        print(f"{overlay.display}: no translation of {', '.join(unknown)}", file=sys.stderr)
        return EXIT_DATA
    if changed:
        try:
            _write_atomically(path, "".join(lines))
        except OSError as exc:
            print(f"{path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_WRITE
    print(f"{changed} entr{'ies' if changed != 1 else 'y'} stamped")
    return EXIT_OK


def _hash_node(overlay: Overlay, section: str, entry_id: str):  # type: ignore[no-untyped-def]
    from kb.load import _node_at

    return _node_at(overlay.node, (section, entry_id, "source_hash"))


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
