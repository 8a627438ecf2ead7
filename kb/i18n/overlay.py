"""Translation files: ``data/i18n/<language>/<file>.yaml``, one beside each English file.

A translation file mirrors its English file's sections; each section maps an entry id to
the hash of the English it was made from and its texts by path (see :mod:`kb.i18n.texts`)::

    reviewed: 2026-12-01
    reviewed_against: https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32022L2555
    measures:
      21-2-b:
        source_hash: 0f3c9a1b2d4e
        text:
          title: Bewältigung von Sicherheitsvorfällen
          summary: ...

The languages themselves are data too: ``data/i18n/languages.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, HttpUrl, ValidationError

from kb.load import Problem, _key_line, _line_of, _message, _node_at, _parse
from kb.model import FILES, Line, Reviewed, Strict, Text

I18N_DIR = "i18n"
LANGUAGES_FILE = f"{I18N_DIR}/languages.yaml"


class Language(Strict):
    """A language the knowledge base is translated into."""

    code: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code, e.g. 'de'")
    name: Line = Field(description="the language's own name, e.g. 'Deutsch'")
    english_name: Line = Field(description="its name in English, e.g. 'German'")
    official_text: HttpUrl = Field(
        description="the Directive's official text in this language on EUR-Lex"
    )


class Languages(Strict):
    languages: list[Language] = Field(min_length=1)


class TranslatedEntry(Strict):
    """The translation of one entry."""

    source_hash: str = Field(
        pattern=r"^[0-9a-f]{12}$",
        description="hash of the English texts this translation was made from; "
        "`python -m generator i18n status` shows the current one",
    )
    text: dict[str, Text] = Field(min_length=1, description="translated texts by path")


class TranslationFile(Reviewed):
    """One translation file; only the sections of its English namesake may appear."""

    articles: dict[str, TranslatedEntry] | None = None
    measures: dict[str, TranslatedEntry] | None = None
    services: dict[str, TranslatedEntry] | None = None
    categories: dict[str, TranslatedEntry] | None = None
    certifications: dict[str, TranslatedEntry] | None = None
    scope: dict[str, TranslatedEntry] | None = None
    reporting: dict[str, TranslatedEntry] | None = None
    glossary: dict[str, TranslatedEntry] | None = None
    tracks: dict[str, TranslatedEntry] | None = None
    questions: dict[str, TranslatedEntry] | None = None
    training: dict[str, TranslatedEntry] | None = None

    def section(self, name: str) -> dict[str, TranslatedEntry]:
        return getattr(self, name) or {}


@dataclass
class Overlay:
    """A translation file as read: its model, and its YAML tree for line numbers."""

    language: str
    file: str
    display: str
    model: TranslationFile
    node: Any

    def line(self, *loc: str | int) -> int | None:
        """The line of the key at ``loc`` (of the deepest part of it that exists)."""
        for depth in range(len(loc), 0, -1):
            parent = _node_at(self.node, loc[: depth - 1])
            if isinstance(parent, yaml.MappingNode) and any(
                k.value == str(loc[depth - 1]) for k, _ in parent.value
            ):
                return _key_line(parent, loc[depth - 1])
        return None


def overlay_path(data_dir: Path, language: str, file: str) -> Path:
    return data_dir / I18N_DIR / language / file


def load_languages(data_dir: Path, problems: list[Problem]) -> list[Language]:
    """The languages of ``data/i18n/languages.yaml``; none when the file is absent."""
    if not (data_dir / LANGUAGES_FILE).exists():
        return []
    doc = _parse(data_dir, LANGUAGES_FILE, problems)
    if doc is None:
        return []
    try:
        return Languages.model_validate(doc.value).languages
    except ValidationError as exc:
        problems.extend(_located(exc, doc.display, doc.node))
        return []


def load_overlays(data_dir: Path, languages: list[str], problems: list[Problem]) -> list[Overlay]:
    """Every translation file present for ``languages``, validated; defects go to ``problems``."""
    overlays = []
    for language in languages:
        for file in sorted(set(FILES.values())):
            rel = f"{I18N_DIR}/{language}/{file}"
            if not (data_dir / rel).exists():
                continue
            doc = _parse(data_dir, rel, problems)
            if doc is None:
                continue
            value = _strings(doc.node)
            allowed = {s for s, f in FILES.items() if f == file}
            wrong = [k for k in value if k in FILES and k not in allowed]
            for key in wrong:
                where = f"{', '.join(sorted(allowed))} (it belongs in {FILES[key]})"
                message = f"section '{key}' is not in {file}; expected: {where}"
                problems.append(Problem(doc.display, _line_of(doc.node, (key,)), key, message))
            if wrong:
                continue
            try:
                model = TranslationFile.model_validate(value)
            except ValidationError as exc:
                problems.extend(_located(exc, doc.display, doc.node))
                continue
            overlays.append(Overlay(language, file, doc.display, model, doc.node))
    return overlays


def _strings(node: yaml.Node) -> Any:
    """The document with every scalar as the text written, whatever YAML would make of it.

    A translation file holds only text: an article id ``23``, a hash ``933575785258`` and a
    French ``Non`` must stay strings, not become a number or ``False``.
    """
    if isinstance(node, yaml.MappingNode):
        return {_strings(key): _strings(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_strings(item) for item in node.value]
    return node.value


def _located(exc: ValidationError, display: str, node: Any) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "missing":
            message, path = f"missing field '{loc[-1]}'", loc[:-1]
        elif err["type"] == "extra_forbidden":
            message, path = f"unknown key '{loc[-1]}'", loc[:-1]
        else:
            message, path = _message(err), loc
        line = _line_of(node, loc if err["type"] == "extra_forbidden" else path)
        problems.append(Problem(display, line, ".".join(str(p) for p in path), message))
    return problems
