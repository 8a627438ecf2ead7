"""Which staff sections a job role is asked, the time estimate and the bank's changes."""

from __future__ import annotations

import pytest

from kb.load import load
from quiz_app.core.question_bank import (
    asked_questions,
    bank_changes,
    sections_for_job_role,
    time_estimate,
)


@pytest.fixture(scope="module")
def kb():
    return load()


def test_a_finance_clerk_is_not_asked_about_the_aws_console(kb):
    sections = {q.section for q in asked_questions(kb, "staff", "Accountant")}
    assert "Cloud console hygiene" not in sections
    assert "AWS shared responsibility" not in sections
    assert "Phishing and social engineering" in sections


def test_a_cloud_engineer_is_asked_about_the_console_whatever_the_case(kb):
    sections = {q.section for q in asked_questions(kb, "staff", "  cloud   ENGINEER ")}
    assert "Cloud console hygiene" in sections


def test_no_job_role_gets_the_default(kb):
    assert sections_for_job_role(kb.staff_sections, None) == list(kb.staff_sections.default)


def test_the_management_track_asks_everything_whatever_the_role(kb):
    every = [q for q in kb.questions if q.track == "management"]
    assert asked_questions(kb, "management", "Accountant") == every


def test_time_estimate_counts_half_a_minute_per_question(kb):
    questions = [q for q in kb.questions if q.track == "management"]
    assert time_estimate(questions) == round(len(questions) / 2)
    assert time_estimate(questions[:1]) == 1


def test_same_bank_reports_no_change(kb):
    questions = asked_questions(kb, "staff", None)
    changes = bank_changes([], questions, stored_version="v1", current_version="v1")
    assert not changes.changed


def test_changed_bank_names_removed_questions_vanished_options_and_new_ones(kb):
    questions = asked_questions(kb, "staff", None)
    first, second = questions[0], questions[1]
    answers = [("gone-question", 0), (first.id, len(first.options)), (second.id, 0)]
    changes = bank_changes(answers, questions, stored_version="old", current_version="new")
    assert changes.changed
    assert changes.removed == ("gone-question",)
    assert changes.options_changed == (first,)
    assert second not in changes.not_answered
    assert len(changes.not_answered) == len(questions) - 2
