"""The assessment report with its labels in German and French (the hook ``tr``)."""

from __future__ import annotations

from test_report import SMALL, SMALL_MARKDOWN
from test_report import pdf_text as _pdf_text

from quiz_app.core.report import render_markdown
from quiz_app.core.report_pdf import render_pdf
from quiz_app.i18n import translator


def test_without_a_translation_the_report_is_the_english_one():
    assert render_markdown(SMALL) == SMALL_MARKDOWN
    assert render_markdown(SMALL, tr=translator("en").gettext) == SMALL_MARKDOWN


def test_the_german_markdown_report_has_german_headings_and_the_same_figures():
    german = render_markdown(SMALL, tr=translator("de").gettext)
    assert german.startswith("# Bericht zur NIS-2-Selbstbewertung\n")
    for line in (
        "| Person | Mia Manager |",
        "| Reifegrad | im Aufbau |",
        "| Fragen | 2 beantwortet, 1 nicht zutreffend, 1 unbeantwortet |",
        "## Ergebnis je Bereich",
        "## Lücken, die gewichtigsten zuerst",
        "   - Ihre Antwort: Nobody",  # the reader's own answer, as given
    ):
        assert line in german.splitlines()
    assert "31.2 %" in german  # scores are the same figures in every language


def test_the_french_pdf_report_has_french_headings():
    text = _pdf_text(render_pdf(SMALL, tr=translator("fr").gettext))
    for heading in ("Rapport d'auto-évaluation NIS 2", "Score par domaine", "Maturité"):
        assert heading.encode("latin-1").decode("latin-1") in text
    assert "Score per area" not in text and "Gaps, heaviest first" not in text
