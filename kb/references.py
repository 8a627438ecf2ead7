"""Cross-references between data files: every broken one and every duplicate id at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kb.model import FILES, KnowledgeBase
from kb.pages import normalise_page


@dataclass(frozen=True)
class ReferenceError_:
    """A broken cross-reference: which file, which item path, what is wrong."""

    file: str
    path: tuple[str | int, ...]
    message: str


def _closest(value: str, known: list[str]) -> str:
    from difflib import get_close_matches

    match = get_close_matches(value, known, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _duplicates(kb: KnowledgeBase, field: str, key: str) -> Iterator[ReferenceError_]:
    seen: set[object] = set()
    for i, item in enumerate(getattr(kb, field)):
        value = getattr(item, key)
        if value in seen:
            yield ReferenceError_(FILES[field], (field, i, key), f"duplicate {key} '{value}'")
        seen.add(value)


def _unknown(kind: str, value: object, known: list[str]) -> str:
    return f"unknown {kind} '{value}'{_closest(str(value), known)}"


def reference_errors(kb: KnowledgeBase) -> Iterator[ReferenceError_]:
    for field, key in (
        ("articles", "number"),
        ("measures", "id"),
        ("services", "id"),
        ("categories", "id"),
        ("certifications", "id"),
        ("glossary", "term"),
        ("questions", "id"),
        ("training", "id"),
        ("tracks", "id"),
    ):
        yield from _duplicates(kb, field, key)

    services = [s.id for s in kb.services]
    measures = [m.id for m in kb.measures]
    articles = [str(a.number) for a in kb.articles]
    categories = [c.id for c in kb.categories]
    pages = sorted(kb.page_paths())

    for i, s in enumerate(kb.services):
        if s.category not in categories:
            yield ReferenceError_(
                "services.yaml",
                ("services", i, "category"),
                _unknown("category", s.category, categories),
            )
    for i, m in enumerate(kb.measures):
        for j, use in enumerate(m.services):
            if use.service not in services:
                yield ReferenceError_(
                    "measures.yaml",
                    ("measures", i, "services", j, "service"),
                    _unknown("service", use.service, services),
                )
    for i, a in enumerate(kb.articles):
        for j, n in enumerate(a.related_articles):
            if str(n) not in articles:
                yield ReferenceError_(
                    "articles.yaml",
                    ("articles", i, "related_articles", j),
                    _unknown("article", n, articles),
                )
    for i, c in enumerate(kb.certifications):
        for j, mid in enumerate(c.measures):
            if mid not in measures:
                yield ReferenceError_(
                    "certifications.yaml",
                    ("certifications", i, "measures", j),
                    _unknown("measure", mid, measures),
                )
    for i, stage in enumerate(kb.reporting.stages):
        for j, sid in enumerate(stage.evidence_services):
            if sid not in services:
                yield ReferenceError_(
                    "reporting.yaml",
                    ("reporting", "stages", i, "evidence_services", j),
                    _unknown("service", sid, services),
                )
    knowledge = {q.id for q in kb.questions if q.kind == "knowledge"}
    question_ids = [q.id for q in kb.questions]
    for i, q in enumerate(kb.questions):
        for j, mid in enumerate(q.measures):
            if mid not in measures:
                yield ReferenceError_(
                    "questions.yaml",
                    ("questions", i, "measures", j),
                    _unknown("measure", mid, measures),
                )
        for j, n in enumerate(q.articles):
            if str(n) not in articles:
                yield ReferenceError_(
                    "questions.yaml",
                    ("questions", i, "articles", j),
                    _unknown("article", n, articles),
                )
        if normalise_page(q.page) not in pages:
            yield ReferenceError_(
                "questions.yaml", ("questions", i, "page"), _unknown("page", q.page, pages)
            )
    yield from _staff_section_errors(kb)
    for i, t in enumerate(kb.training):
        for j, page in enumerate(t.reading):
            if normalise_page(page) not in pages:
                yield ReferenceError_(
                    "training.yaml", ("training", i, "reading", j), _unknown("page", page, pages)
                )
        for j, qid in enumerate(t.quiz):
            if qid not in question_ids:
                yield ReferenceError_(
                    "training.yaml",
                    ("training", i, "quiz", j),
                    _unknown("question", qid, question_ids),
                )
            elif qid not in knowledge:
                yield ReferenceError_(
                    "training.yaml",
                    ("training", i, "quiz", j),
                    f"question '{qid}' is not a knowledge question with a correct answer",
                )


def _staff_section_errors(kb: KnowledgeBase) -> Iterator[ReferenceError_]:
    """Every section named in ``staff_sections`` that no staff question belongs to."""
    if kb.staff_sections is None:
        return
    known = list(dict.fromkeys(q.section for q in kb.questions if q.track == "staff"))
    named = [(("staff_sections", "default", j), s) for j, s in enumerate(kb.staff_sections.default)]
    for i, entry in enumerate(kb.staff_sections.by_job_role):
        named += [
            (("staff_sections", "by_job_role", i, "sections", j), s)
            for j, s in enumerate(entry.sections)
        ]
    for path, section in named:
        if section not in known:
            yield ReferenceError_(
                "questions.yaml", path, _unknown("staff-track section", section, known)
            )
