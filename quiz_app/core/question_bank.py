"""Which questions a person is asked, and what changed in the bank since an assessment.

Pure functions over the knowledge base; no Streamlit, no store.

* The staff track asks the sections that fit the person's HR job role
  (``staff_sections`` in ``data/questions.yaml``; a role not listed gets the default).
* An assessment stores its answers by question id, each with the fingerprint of the
  question's English wording (:func:`question_version`), and a fingerprint of the whole
  English bank (``data_version``); :func:`bank_changes` compares them with today's bank.
  Both fingerprints are the same in every language: a German reader's answers are to the
  same questions as an English reader's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb.i18n import english_of
from kb.model import KnowledgeBase, Question, StaffSections

MINUTES_PER_QUESTION = 0.5
"""Reading time per question in the time estimate shown before starting (30 seconds)."""


def _normalised(job_role: str | None) -> str:
    return " ".join((job_role or "").split()).casefold()


def sections_for_job_role(staff_sections: StaffSections | None, job_role: str | None) -> list[str]:
    """The staff-track sections asked of someone with ``job_role`` (None: every section)."""
    if staff_sections is None:
        return []
    wanted = _normalised(job_role)
    for entry in staff_sections.by_job_role:
        if wanted and wanted in {_normalised(role) for role in entry.job_roles}:
            return list(entry.sections)
    return list(staff_sections.default)


def asked_questions(kb: KnowledgeBase, track: str, job_role: str | None = None) -> list[Question]:
    """The questions of ``track`` asked of someone with ``job_role``, in bank order.

    The management track asks every question; the staff track the job role's sections.
    """
    questions = [q for q in kb.questions if q.track == track]
    if track != "staff" or kb.staff_sections is None:
        return questions
    sections = set(sections_for_job_role(kb.staff_sections, job_role))
    return [q for q in questions if q.section in sections]


def question_version(question: Question) -> str:
    """A short fingerprint of a question's English wording (its text and options): stored
    with each answer, so a question reworded since it was answered can be named."""
    source = english_of(question)
    blob = json.dumps([source.text, [o.text for o in source.options]], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def bank_version(questions: Sequence[Question]) -> str:
    """A short fingerprint of the English questions (all their fields), stored with each
    assessment; the same for a translated bank as for its English source."""
    blob = json.dumps([english_of(q).model_dump(mode="json") for q in questions], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def time_estimate(questions: Sequence[Question]) -> int:
    """Whole minutes a reader needs for ``questions`` (at least 1)."""
    return max(1, round(len(questions) * MINUTES_PER_QUESTION))


@dataclass(frozen=True)
class BankChanges:
    """How today's bank differs from the one an assessment was answered against.

    ``removed``: ids answered then that the bank no longer has; ``options_changed``: questions
    whose chosen option no longer exists; ``not_answered``: questions asked today that the
    assessment has no answer to (added since, or left unanswered then); ``reworded``:
    questions answered then whose wording (question or options) has changed since (only
    known for answers stored with their question's version, i.e. from 0007 on).
    """

    changed: bool
    removed: tuple[str, ...]
    options_changed: tuple[Question, ...]
    not_answered: tuple[Question, ...]
    reworded: tuple[Question, ...] = ()


def bank_changes(
    answers: Iterable[tuple[str, int | None]],
    questions: Sequence[Question],
    *,
    stored_version: str | None,
    current_version: str,
    answered_versions: Mapping[str, str | None] | None = None,
) -> BankChanges:
    """Compare an assessment's answers ``(question id, option index or None)`` with today's
    ``questions``. ``changed`` is False when the fingerprints match (nothing to report).
    ``answered_versions``: the question version stored with each answer (None: unknown)."""
    if stored_version == current_version:
        return BankChanges(False, (), (), ())
    by_id = {q.id: q for q in questions}
    given = dict(answers)
    versions = answered_versions or {}
    removed = tuple(sorted(qid for qid in given if qid not in by_id))
    options_changed = tuple(
        by_id[qid]
        for qid, index in given.items()
        if qid in by_id and index is not None and index >= len(by_id[qid].options)
    )
    not_answered = tuple(q for q in questions if q.id not in given)
    reworded = tuple(
        q
        for q in questions
        if q.id in given
        and versions.get(q.id) is not None
        and versions[q.id] != question_version(q)
        and q not in options_changed
    )
    return BankChanges(True, removed, options_changed, not_answered, reworded)
