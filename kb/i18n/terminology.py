"""Key terms of the Directive and of Regulation 2024/2690 in their official wording.

``data/i18n/terminology.yaml`` maps each key term (``essential entity``) to the words the
official German and French texts of the act use (``wesentliche Einrichtung``,
``entité essentielle``), with the EUR-Lex address they were taken from. Wherever a
translated text's English source uses a key term, the translation must use its official
form. Matching ignores case and lets each word of a term inflect (``wesentlichen
Einrichtungen``, ``entités essentielles``); forms that change inside a word
(``Sicherheitsvorfälle``) are listed under ``forms``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl, ValidationError, model_validator

from kb.i18n.overlay import I18N_DIR, Overlay, _located
from kb.i18n.texts import Entry
from kb.load import Problem, _parse
from kb.model import Line, Slug, Strict

TERMINOLOGY_FILE = f"{I18N_DIR}/terminology.yaml"


class KeyTerm(Strict):
    """One key term and its official wording per language."""

    id: Slug
    act: Literal["directive", "regulation"] = Field(
        description="Directive (EU) 2022/2555 or Implementing Regulation (EU) 2024/2690"
    )
    ref: Line = Field(description="where the act uses or defines it, e.g. 'Art. 6(11)'")
    en: Line = Field(description="the English term as the data writes it")
    official: dict[str, Line] = Field(description="language code -> the act's wording")
    forms: dict[str, list[Line]] = Field(
        default_factory=dict,
        description="language code -> further accepted forms (plurals that change inside a word)",
    )


class Terminology(Strict):
    sources: dict[str, dict[str, HttpUrl]] = Field(
        description="act -> language code -> EUR-Lex address of the official text"
    )
    terms: list[KeyTerm] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_acts(self) -> Terminology:
        for term in self.terms:
            if term.act not in self.sources:
                raise ValueError(f"term '{term.id}' cites act '{term.act}' with no source")
        return self


def load_terminology(
    data_dir: Path, languages: list[str], problems: list[Problem]
) -> Terminology | None:
    """The terminology file, checked to give every term in every language."""
    if not (data_dir / TERMINOLOGY_FILE).exists():
        return None
    doc = _parse(data_dir, TERMINOLOGY_FILE, problems)
    if doc is None:
        return None
    try:
        terminology = Terminology.model_validate(doc.value)
    except ValidationError as exc:
        problems.extend(_located(exc, doc.display, doc.node))
        return None
    from kb.load import _line_of

    for index, term in enumerate(terminology.terms):
        for language in languages:
            if language not in term.official:
                line = _line_of(doc.node, ("terms", index, "official"))
                message = f"no official {language} wording for '{term.en}'"
                problems.append(Problem(doc.display, line, f"terms[{index}].official", message))
    return terminology


@dataclass(frozen=True)
class _Matcher:
    term: KeyTerm
    english: re.Pattern[str]
    official: dict[str, re.Pattern[str]]


def terminology_problems(
    english: dict[str, dict[str, Entry]], overlays: list[Overlay], terminology: Terminology
) -> list[Problem]:
    """Each translated text whose English uses a key term its translation does not."""
    matchers = [_matcher(term) for term in terminology.terms]
    problems = []
    for overlay in overlays:
        for section, entries in english.items():
            for entry_id, translation in overlay.model.section(section).items():
                entry = entries.get(entry_id)
                if entry is None:
                    continue
                for path, text in translation.text.items():
                    if path not in entry.texts:
                        continue
                    source = _plain(entry.texts[path].english)
                    for m in matchers:
                        wanted = m.official.get(overlay.language)
                        if wanted is None or not m.english.search(source):
                            continue
                        if not wanted.search(_plain(text)):
                            line = overlay.line(section, entry_id, "text", path)
                            official = m.term.official[overlay.language]
                            message = (
                                f"'{path}' translates '{m.term.en}' without its official wording "
                                f"'{official}' ({m.term.ref}; data/{TERMINOLOGY_FILE})"
                            )
                            problems.append(
                                Problem(overlay.display, line, f"{section}.{entry_id}", message)
                            )
    return problems


def unofficial_wording(terminology: Terminology) -> Callable[[str, str, str], list[KeyTerm]]:
    """A check of one text: ``check(english, translated, language)`` gives each key term
    the English uses that the translation does not write in its official wording."""
    matchers = [_matcher(term) for term in terminology.terms]

    def check(english: str, translated: str, language: str) -> list[KeyTerm]:
        source, text = _plain(english), _plain(translated)
        return [
            m.term
            for m in matchers
            if (wanted := m.official.get(language)) is not None
            and m.english.search(source)
            and not wanted.search(text)
        ]

    return check


def _matcher(term: KeyTerm) -> _Matcher:
    official = {
        language: _pattern([wording, *term.forms.get(language, [])])
        for language, wording in term.official.items()
    }
    return _Matcher(term, _pattern([term.en]), official)


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    """Any of ``phrases``, each word allowed to take an ending, as whole words."""
    alternatives = []
    for phrase in phrases:
        words = [_stem(word) for word in _plain(phrase).split()]
        alternatives.append(r"[\s-]+".join(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


def _stem(word: str) -> str:
    """A word's regex with room for an ending: entity ~ entities, Einrichtung ~ Einrichtungen.

    Short words keep every letter (``supply`` must not match ``support``); a final ``y``
    may become ``ies``; longer words leave their last one or two letters free.
    """
    if word.endswith("y") and len(word) > 3:
        kept = word[:-1]
    elif len(word) >= 8:
        kept = word[:-2]
    elif len(word) >= 6:
        kept = word[:-1]
    else:
        kept = word
    return re.escape(kept) + r"\w*"


_PUNCTUATION = re.compile(r"[,;:.!?()\[\]«»\"\u201c\u201d\u201e*_]")


def _plain(text: str) -> str:
    """Text as words for matching: typographic apostrophes plain, punctuation as spaces."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return _PUNCTUATION.sub(" ", text)
