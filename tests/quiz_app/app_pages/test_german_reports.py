"""The reports a German reader downloads (AppTest from the entry point): the round's combined
report on the rounds page and the self-assessment report on the results page are German,
with the same figures as the English ones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from governance_support import add_board, submit_all
from store_support import open_page
from support import ROOT

from kb.i18n import localise
from quiz_app import preferences, reporting, self_assessment
from quiz_app.core import report_markdown, round_report
from quiz_app.core.advice import short_label
from quiz_app.governance import rounds
from quiz_app.i18n import format_date, format_percent

PAGES = ROOT / "quiz_app" / "app_pages"
ROUNDS, RESULTS = (str(PAGES / f"{n}.py") for n in ("rounds", "results"))


@pytest.fixture
def rendered(monkeypatch):
    """What the pages hand to their download buttons, by renderer (the real output)."""
    seen: dict[str, list] = {}

    def spy(module, name):
        real = getattr(module, name)

        def call(*args, **kwargs):
            out = real(*args, **kwargs)
            seen.setdefault(name, []).append(out)
            return out

        monkeypatch.setattr(module, name, call)

    for module, name in (
        (round_report, "render_round_markdown"),
        (round_report, "render_round_pdf"),
        (report_markdown, "render_markdown"),
    ):
        spy(module, name)
    return seen


def _own(s):
    [summary] = self_assessment.submitted_assessments(s.engine, s.staff)
    return summary


@pytest.fixture
def closed_round(app_store, kb):
    board = add_board(app_store)
    deadline = date.today() + timedelta(days=7)
    round_id = rounds.open_round(
        app_store.engine,
        app_store.manager,
        title="Vorstandsrunde 2026",
        track="management",
        deadline=deadline,
        participant_ids=[m.person_id for m in board],
    )
    submit_all(app_store, kb, round_id, board, options=(0, 1, 3))
    rounds.close_round(app_store.engine, app_store.manager, round_id)
    return board, round_id, deadline


def test_a_german_manager_downloads_the_rounds_report_in_german(
    app_store, kb, closed_round, rendered
):
    _board, round_id, deadline = closed_round
    preferences.set_language(app_store.engine, app_store.manager, "de")
    at = open_page(app_store.manager.account_id, ROUNDS, timeout=30)
    assert not at.exception
    assert [t.value for t in at.title] == ["Bewertungsrunden"]
    assert [b.proto.label for b in at.get("download_button")] == [
        "Bericht der Runde herunterladen (PDF)",
        "Bericht der Runde herunterladen (Markdown)",
    ]
    [markdown] = rendered["render_round_markdown"]
    assert markdown.startswith("# NIS-2-Bewertungsrunde: Gesamtbericht\n")
    assert "## Je Maßnahme, die größte Uneinigkeit zuerst" in markdown
    assert f"| Frist | {format_date(deadline, 'de')} |" in markdown
    assert "| Abgegeben | 3 von 3 |" in markdown
    assert "Deadline" not in markdown and "Submitted" not in markdown
    german = localise(kb, "de")
    english = reporting.round_report(app_store.engine, app_store.manager, kb, round_id)
    for row in english.rows:  # the same figures, under the measures' German titles
        measure = next(m for m in kb.measures if short_label(kb, f"measures/{m.id}") == row.measure)
        assert f"| {short_label(german, f'measures/{measure.id}')} | {row.median:.0f} |" in (
            markdown
        )
    assert rendered["render_round_pdf"][0].startswith(b"%PDF-")


def test_a_german_managers_self_assessment_report_is_german(app_store, kb, closed_round, rendered):
    board, _round_id, _deadline = closed_round
    preferences.set_language(app_store.engine, board[0], "de")
    at = open_page(board[0].account_id, RESULTS, timeout=30)
    assert not at.exception
    [markdown] = rendered["render_markdown"]
    assert markdown.startswith("# Bericht zur NIS-2-Selbstbewertung\n")
    for heading in (
        "## Die gewählten Antworten",
        "## Unterzeichnung",
        "## Aufgaben aus dem Maßnahmenplan",
    ):
        assert heading in markdown
    assert "| Runde | Vorstandsrunde 2026 (Frist " in markdown
    assert "The answers chosen" not in markdown and "Sign-off" not in markdown


def test_a_german_staff_members_knowledge_check_report_is_personal(app_store, kb, rendered):
    asked = self_assessment.asked_for(app_store.engine, app_store.staff, kb, "staff")
    self_assessment.submit(app_store.engine, app_store.staff, kb, "staff", {asked[0].id: 0})
    preferences.set_language(app_store.engine, app_store.staff, "de")
    at = open_page(app_store.staff.account_id, RESULTS, timeout=30)
    assert not at.exception
    assert [t.value for t in at.title] == ["Ergebnisse"]
    assert any(c.value.startswith("Ihr persönlicher Bericht zum Wissenstest:") for c in at.caption)
    [markdown] = rendered["render_markdown"]
    assert markdown.startswith("# NIS-2-Wissenstest: persönlicher Bericht\n")
    assert "## Unterzeichnung" not in markdown and "Leitungsorgan (Art. 20)" not in markdown
    english = reporting.assessment_report(app_store.engine, app_store.staff, kb, _own(app_store))
    assert english.percent is not None and format_percent(english.percent, "de") in markdown
