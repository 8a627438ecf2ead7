"""The knowledge base in another language: the same model with its texts replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb.i18n.overlay import load_languages, load_overlays
from kb.i18n.texts import Loc, entries
from kb.load import DEFAULT_DATA_DIR, DataError, Problem
from kb.model import KnowledgeBase, Question

ENGLISH = "en"


def localise(kb: KnowledgeBase, language: str, data_dir: Path | str | None = None) -> KnowledgeBase:
    """``kb`` with every current translation into ``language`` in place of the English.

    Ids, scores, numbers, links and the order of everything stay as they are; only texts
    change. A text with no translation, or whose translation is stale (made from an older
    English text), stays English. ``"en"`` returns ``kb`` itself.

    Args:
        kb: the English knowledge base, as :func:`kb.load.load` returns it.
        language: a code from ``data/i18n/languages.yaml`` (``de``, ``fr``) or ``en``.
        data_dir: the data folder ``kb`` was loaded from (default: the project's ``data/``).

    Raises:
        ValueError: ``language`` is not one of the languages in the data.
        DataError: the translation files are invalid (``python -m generator check`` says how).
    """
    if language == ENGLISH:
        return kb
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    problems: list[Problem] = []
    known = [lang.code for lang in load_languages(base, problems)]
    if problems:
        raise DataError(problems)
    if language not in known:
        raise ValueError(f"unknown language '{language}'; expected one of: en, {', '.join(known)}")
    overlays = load_overlays(base, [language], problems)
    if problems:
        raise DataError(problems)
    english = entries(kb)
    dump = kb.model_dump()
    placed: dict[Loc, Problem] = {}
    for overlay in overlays:
        for section, found in english.items():
            for entry_id, translation in overlay.model.section(section).items():
                entry = found.get(entry_id)
                if entry is None or translation.source_hash != entry.source_hash:
                    continue
                for path, text in translation.text.items():
                    if path in entry.texts:
                        loc = entry.texts[path].loc
                        _put(dump, loc, text)
                        line = overlay.line(section, entry_id, "text", path)
                        placed[loc] = Problem(overlay.display, line, f"{section}.{entry_id}", path)
    _follow_section_titles(kb, dump)
    try:
        translated = KnowledgeBase.model_validate(dump)
    except ValidationError as exc:
        raise DataError(_invalid(exc, placed)) from None
    for question, source in zip(translated.questions, kb.questions, strict=True):
        question._english = english_of(source)  # answers are stored against the English
    return translated


def english_of(question: Question) -> Question:
    """The English question a translated one was made from (itself when it is English):
    what an answer is stored against, whatever language the reader saw it in."""
    return question._english if question._english is not None else question


def _follow_section_titles(kb: KnowledgeBase, dump: dict[str, Any]) -> None:
    """Questions are grouped by their section titles: a question whose translation is stale
    (it stays English) keeps the translated title of its section, and ``staff_sections``
    gets the titles the questions now have, so a translated bank asks each job role the
    same questions."""
    pairs = list(zip(kb.questions, dump["questions"], strict=True))
    titles = {q.section: d["section"] for q, d in pairs if d["section"] != q.section}
    for q, d in pairs:  # a question whose translation is stale stays in its translated section
        d["section"] = titles.get(q.section, d["section"])
    staff = dump.get("staff_sections")
    if staff is None:
        return
    staff["default"] = [titles.get(s, s) for s in staff["default"]]
    for entry in staff["by_job_role"]:
        entry["sections"] = [titles.get(s, s) for s in entry["sections"]]


def _put(tree: Any, loc: Loc, value: str) -> None:
    for part in loc[:-1]:
        tree = tree[part]
    tree[loc[-1]] = value


def _invalid(exc: ValidationError, placed: dict[Loc, Problem]) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        origin = placed.get(tuple(err["loc"]))
        message = err["msg"][0].lower() + err["msg"][1:]
        if origin is None:
            problems.append(Problem("", None, ".".join(map(str, err["loc"])), message))
        else:
            where = f"{origin.path}: text '{origin.message}'"
            problems.append(Problem(origin.file, origin.line, where, message))
    return problems
