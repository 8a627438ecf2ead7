"""The site in every language of the data: English at ``/``, each translation at ``/<code>/``.

Each language is a complete staged tree of its own (``generator/stage.py``), built by the same
builder into its own folder and then placed under the English site, so ``/de/measures/21-2-b/``
is ``/measures/21-2-b/`` in German. Separate trees need nothing from a builder but plain files
and ``theme.language``: MkDocs + Material and Zensical (which runs no MkDocs plugin such as
mkdocs-static-i18n) build them alike.

The texts of the site itself (navigation labels, the site's name, template phrases) are data
too: ``data/i18n/<code>/site.yaml`` maps each English phrase to its translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.i18n.localise import ENGLISH
from kb.i18n.overlay import I18N_DIR, load_languages
from kb.i18n.site_strings import SITE_STRINGS, read_site_strings
from kb.i18n.terminology import (
    TERMINOLOGY_FILE,
    Terminology,
    load_terminology,
    unofficial_wording,
)
from kb.load import DataError, Problem, _display, _key_line, _node_at
from kb.model import KnowledgeBase

from .tags import english_label, tag_problems, tags_needing_words

ENGLISH_NAME = "English"
# A hand-written page translated into German is content/<page>.de.md beside content/<page>.md.
_TRANSLATED_PAGE = re.compile(r"^(?P<page>.+)\.(?P<code>[a-z]{2})\.md$")


@dataclass(frozen=True)
class SiteLanguage:
    """One language of the site: its code, its own name and its texts."""

    code: str
    name: str
    nav: Mapping[str, str] = field(default_factory=dict)
    ui: Mapping[str, str] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        """The folder of this language under the site's root: ``""`` or ``"de/"``."""
        return "" if self.code == ENGLISH else f"{self.code}/"

    def text(self, english: str) -> str:
        """``english`` in this language; the English itself where no translation exists."""
        return self.ui.get(english, english)


def site_languages(data_dir: Path) -> list[SiteLanguage]:
    """English first, then each language of ``data/i18n/languages.yaml`` with its texts.

    Raises:
        DataError: ``languages.yaml`` or a ``site.yaml`` is invalid (located problems).
    """
    problems: list[Problem] = []
    languages = [SiteLanguage(ENGLISH, ENGLISH_NAME)]
    for language in load_languages(Path(data_dir), problems):
        read = read_site_strings(Path(data_dir), language.code, problems)
        if read is None:
            languages.append(SiteLanguage(language.code, language.name))
            continue
        strings = read[0]
        languages.append(
            SiteLanguage(language.code, language.name, strings.nav, strings.ui, strings.tags)
        )
    if problems:
        raise DataError(problems)
    return languages


def _site_path(data_dir: Path, code: str) -> str:
    return f"{I18N_DIR}/{code}/{SITE_STRINGS}"


def check_tag_labels(kb: KnowledgeBase, data_dir: Path) -> tuple[list[Problem], list[Problem]]:
    """The errors and warnings of every language's tag labels, each located in its site.yaml.

    A whole ``site.yaml`` missing is one warning; an invalid one is an error (as for the build).
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    languages = load_languages(Path(data_dir), errors)
    terminology = load_terminology(Path(data_dir), [lang.code for lang in languages], errors)
    needing = tags_needing_words(kb)  # the same for every language
    for language in languages:
        display = _display(Path(data_dir) / _site_path(data_dir, language.code))
        read = read_site_strings(Path(data_dir), language.code, errors)
        if read is None:
            if needing and not (Path(data_dir) / _site_path(data_dir, language.code)).exists():
                count = f"{len(needing)} tag{'s' if len(needing) != 1 else ''}"
                message = f"tags: not translated into {language.english_name} yet ({count})"
                warnings.append(Problem(display, None, "", message))
            continue
        strings, node = read
        section = _node_at(node, ("tags",))
        lines = {
            str(key.value): key.start_mark.line + 1
            for key, _ in (section.value if isinstance(section, yaml.MappingNode) else [])
        }
        found = tag_problems(
            kb, display, strings.tags, lines, _key_line(node, "tags"), language.english_name
        )
        errors.extend(found[0])
        warnings.extend(found[1])
        if terminology is not None:
            needed = {tag: label for tag, label in strings.tags.items() if tag in needing}
            errors.extend(_unofficial(needed, lines, display, language.code, terminology))
    return errors, warnings


def _unofficial(
    words: Mapping[str, str],
    lines: Mapping[str, int],
    display: str,
    code: str,
    terminology: Terminology,
) -> list[Problem]:
    """A tag label whose English uses a key term that the label does not write officially."""
    check = unofficial_wording(terminology)
    problems = []
    for tag, label in words.items():
        for term in check(english_label(tag), label, code):
            message = (
                f"'{label}' translates '{term.en}' without its official wording "
                f"'{term.official[code]}' ({term.ref}; data/{TERMINOLOGY_FILE})"
            )
            problems.append(Problem(display, lines.get(tag), f"tags.{tag}", message))
    return problems


def translate_nav(nav: list[Any], labels: Mapping[str, str]) -> list[Any]:
    """``nav`` with each label found in ``labels`` translated; page paths stay as they are.

    Labels made from data (a measure's title) come translated already and pass unchanged.
    """
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict):
            (label, value), *_ = entry.items()
            value = translate_nav(value, labels) if isinstance(value, list) else value
            out.append({labels.get(label, label): value})
        else:
            out.append(entry)
    return out


def nav_labels(nav: list[Any]) -> set[str]:
    """Every label of ``nav`` (sections and pages)."""
    found: set[str] = set()
    for entry in nav:
        if isinstance(entry, dict):
            (label, value), *_ = entry.items()
            found.add(label)
            if isinstance(value, list):
                found |= nav_labels(value)
    return found


def hand_written_for(code: str, files: Mapping[str, bytes | str]) -> dict[str, bytes | str]:
    """The hand-written files of one language's tree.

    ``index.de.md`` takes the place of ``index.md`` in the German tree; assets and pages
    without a translation are shared. No tree holds a page named ``*.xx.md``: those are the
    translations (no English page is named so).
    """
    shared: dict[str, bytes | str] = {}
    own: dict[str, bytes | str] = {}
    for path, content in files.items():
        match = _TRANSLATED_PAGE.match(path)
        if match is None:
            shared[path] = content
        elif match["code"] == code:
            own[f"{match['page']}.md"] = content
    return {**shared, **own}


def untranslated_pages(files: Mapping[str, bytes | str], code: str) -> list[str]:
    """The hand-written pages (``*.md``) that have no version in ``code``."""
    translated = {
        f"{m['page']}.md"
        for m in (_TRANSLATED_PAGE.match(p) for p in files)
        if m and m["code"] == code
    }
    pages = [p for p in files if p.endswith(".md") and not _TRANSLATED_PAGE.match(p)]
    return sorted(p for p in pages if p not in translated)
