"""Which texts of the knowledge base a reader sees, and so which ones are translated.

Each section is cut into *entries* (a measure, an article, a glossary term, one sector of
the scope rules), each holding its texts under a *path*: ``title``, ``examples[2]``,
``services.cloudtrail.how``, ``paragraphs[0].body``. A list item with an identity (``id``,
``number``, ``service``, ``classification``) is named by it, so reordering a list does not
move its translations; a list of plain strings is named by position. Ids, scores, URLs,
references such as ``Art. 23(4)(a)`` and AWS's own names are never translated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from kb.model import (
    FILES,
    Article,
    Category,
    Certification,
    FineCeiling,
    KnowledgeBase,
    Measure,
    Option,
    Paragraph,
    Question,
    RegardlessOfSize,
    Reporting,
    ReportStage,
    Responsibility,
    Scope,
    Sector,
    Service,
    ServiceModelShift,
    ServiceUse,
    SizeCapRule,
    Subsector,
    Term,
    Track,
    TrainingModule,
)

# The reader-visible text fields of each model, in the order a translator meets them.
TRANSLATABLE: dict[type[BaseModel], tuple[str, ...]] = {
    Article: ("title", "chapter", "summary", "paragraphs"),
    Paragraph: ("heading", "body"),
    Measure: (
        "title",
        "short_title",
        "summary",
        "explanation",
        "whitepaper_note",
        "examples",
        "services",
        "responsibility",
    ),
    ServiceUse: ("how",),
    Responsibility: ("aws", "customer", "shared", "by_model"),
    ServiceModelShift: ("infrastructure", "container", "abstracted"),
    Service: ("description", "responsibility", "details"),
    Category: ("title", "description"),
    Certification: ("scope", "due_diligence"),
    Scope: (
        "sectors",
        "size_cap",
        "regardless_of_size",
        "essential_rules",
        "important_rule",
        "fines",
        "caveats",
    ),
    Sector: ("name", "subsectors"),
    Subsector: ("name", "entity_types"),
    SizeCapRule: ("explanation",),
    RegardlessOfSize: ("text", "question"),
    FineCeiling: ("explanation",),
    Reporting: ("significant_incident", "stages", "recipients_rule"),
    ReportStage: ("name", "due", "contents"),
    Term: ("term", "definition"),
    Track: ("title", "audience", "description"),
    Question: ("section", "text", "options", "explanation"),
    Option: ("text",),
    TrainingModule: ("title", "description"),
}
# The field that names an item of a list, where it has one.
_IDENTITY = ("id", "number", "service", "classification")
# Sections holding one object rather than a list: their entries are its fields (and the
# items of its lists of named objects), so one edit does not make the whole section stale.
SINGLE_SECTIONS = ("scope", "reporting")
# Sections with nothing a reader sees: ids that match other data (job role -> section ids).
UNTRANSLATED_SECTIONS = frozenset({"staff_sections"})
# The field naming each entry of a list section (default: ``id``).
ENTRY_KEY = {"articles": "number", "glossary": "term"}

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Text:
    """One translatable text: where it sits in the model dump, and its English wording."""

    loc: Loc
    english: str


@dataclass(frozen=True)
class Entry:
    """One translatable unit of a section: its texts by path, and where it is in the data."""

    section: str
    id: str
    loc: Loc
    texts: dict[str, Text]

    @property
    def source_hash(self) -> str:
        """A short fingerprint of the English texts; a translation records the one it used."""
        return source_hash({path: text.english for path, text in self.texts.items()})


def source_hash(texts: dict[str, str]) -> str:
    """The first 12 hex digits of SHA-256 over ``texts`` ({path: English text}), sorted."""
    canonical = json.dumps(texts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def file_sections(file: str) -> list[str]:
    """The sections an English data file holds, e.g. services.yaml: services, categories."""
    return [
        section
        for section, name in FILES.items()
        if name == file and section not in UNTRANSLATED_SECTIONS
    ]


def entries(kb: KnowledgeBase) -> dict[str, dict[str, Entry]]:
    """{section: {entry id: Entry}} for every section, in the order of the data."""
    out: dict[str, dict[str, Entry]] = {}
    for section in FILES:
        if section in UNTRANSLATED_SECTIONS:
            continue
        value = getattr(kb, section)
        found: dict[str, Entry] = {}
        if section in SINGLE_SECTIONS:
            for entry in _single_entries(section, value):
                found[entry.id] = entry
        else:
            key = ENTRY_KEY.get(section, "id")
            for index, item in enumerate(value):
                entry_id = str(getattr(item, key))
                loc: Loc = (section, index)
                found[entry_id] = Entry(section, entry_id, loc, dict(_texts(item, "", loc)))
        out[section] = found
    return out


def _single_entries(section: str, value: BaseModel) -> Iterator[Entry]:
    for field in TRANSLATABLE[type(value)]:
        child = getattr(value, field)
        loc: Loc = (section, field)
        if isinstance(child, list) and child and _identity(child[0]) is not None:
            for index, item in enumerate(child):
                entry_id = f"{field}.{_identity(item)}"
                item_loc = (*loc, index)
                yield Entry(section, entry_id, item_loc, dict(_texts(item, "", item_loc)))
        else:
            texts = dict(_texts(child, field, loc))
            if texts:
                yield Entry(section, field, loc, texts)


def _identity(item: Any) -> str | None:
    for name in _IDENTITY:
        if isinstance(item, BaseModel) and name in type(item).model_fields:
            return str(getattr(item, name))
    return None


def _texts(value: Any, path: str, loc: Loc) -> Iterator[tuple[str, Text]]:
    if isinstance(value, str):
        if value.strip():
            yield path, Text(loc, value)
    elif isinstance(value, BaseModel):
        for field in TRANSLATABLE.get(type(value), ()):
            child_path = f"{path}.{field}" if path else field
            yield from _texts(getattr(value, field), child_path, (*loc, field))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            name = _identity(item)
            child_path = f"{path}.{name}" if name is not None else f"{path}[{index}]"
            yield from _texts(item, child_path, (*loc, index))
