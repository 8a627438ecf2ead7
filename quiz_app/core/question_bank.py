"""Which questions a person is asked, and what changed in the bank since an assessment.

Pure functions over the knowledge base; no Streamlit, no store.

* The staff track asks the sections that fit the person's HR job role
  (``staff_sections`` in ``data/questions.yaml``; a role not listed gets the default).
* An assessment stores its answers by question id and a fingerprint of the whole bank
  (``data_version``); :func:`bank_changes` compares its answers with today's bank.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def time_estimate(questions: Sequence[Question]) -> int:
    """Whole minutes a reader needs for ``questions`` (at least 1)."""
    return max(1, round(len(questions) * MINUTES_PER_QUESTION))


@dataclass(frozen=True)
class BankChanges:
    """How today's bank differs from the one an assessment was answered against.

    ``removed``: ids answered then that the bank no longer has; ``options_changed``: questions
    whose chosen option no longer exists; ``not_answered``: questions asked today that the
    assessment has no answer to (added since, or left unanswered then).
    """

    changed: bool
    removed: tuple[str, ...]
    options_changed: tuple[Question, ...]
    not_answered: tuple[Question, ...]


def bank_changes(
    answers: Iterable[tuple[str, int | None]],
    questions: Sequence[Question],
    *,
    stored_version: str | None,
    current_version: str,
) -> BankChanges:
    """Compare an assessment's answers ``(question id, option index or None)`` with today's
    ``questions``. ``changed`` is False when the fingerprints match (nothing to report)."""
    if stored_version == current_version:
        return BankChanges(False, (), (), ())
    by_id = {q.id: q for q in questions}
    given = dict(answers)
    removed = tuple(sorted(qid for qid in given if qid not in by_id))
    options_changed = tuple(
        by_id[qid]
        for qid, index in given.items()
        if qid in by_id and index is not None and index >= len(by_id[qid].options)
    )
    not_answered = tuple(q for q in questions if q.id not in given)
    return BankChanges(True, removed, options_changed, not_answered)
