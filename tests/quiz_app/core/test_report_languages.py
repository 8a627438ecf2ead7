"""The reports in the reader's language: every label, heading, status word, date and number
of the assessment report and the round report in German and French, the knowledge base's
texts from the localised knowledge base, and the same figures in every language."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date
from types import ModuleType

import pytest
from babel.messages.pofile import read_po
from test_report import SMALL, SMALL_MARKDOWN
from test_report import pdf_text as _pdf_text

from kb.i18n import localise
from kb.load import load
from quiz_app.core import report, report_markdown, report_pdf, round_report
from quiz_app.core.advice import short_label
from quiz_app.core.report import (
    ReportAction,
    ReportApproval,
    ReportOrganisation,
    ReportRound,
    ReportTraining,
    build_report,
)
from quiz_app.core.report_markdown import render_markdown
from quiz_app.core.report_pdf import render_pdf
from quiz_app.core.round_report import (
    RoundReport,
    RoundRow,
    render_round_markdown,
    render_round_pdf,
)
from quiz_app.core.scoring import MATURITY_LEVELS, score_assessment
from quiz_app.governance.approvals import SUBJECTS
from quiz_app.governance.organisation import CLASS_ENTITY
from quiz_app.i18n import format_date, format_decimal, format_percent, translator
from quiz_app.i18n.catalogue import catalogue_path
from quiz_app.remediation.actions import STATUS_LABELS

LOCAL = "http://127.0.0.1:8000/"
ROUND_DEADLINE, TAKEN_ON, DUE_ON, APPROVED_ON = (
    date(2026, 12, 1),
    date(2026, 11, 23),
    date(2027, 2, 15),
    date(2026, 11, 20),
)
NAMES = ("Łukasz Żółć", "Řehoř Čapek", "Σωκράτης Παπαδόπουλος")

# Words the reports printed as literals before they were translated (and some that only
# appear in one of the two layouts): none may be left in a German or French report.
LITERALS = (
    "The answers chosen",
    "Warning",
    "Remediation actions",
    "Approvals by the management body",
    "No approval recorded.",
    "Valid management training",
    "without",
    "nobody",
    "Sign-off",
    "Signature",
    "Assessed by",
    "For the management body",
    "Member States",
    "Competent authority",
    "Participants",
    "deadline",
    "submitted",
    "Score per measure",
    "Blue: the score",
    "Red line",
    "The links in this report point at",
    "not answered",
    "not applicable",
    "Per measure, widest disagreement first",
    "Light bar",
    "Dark line",
    "median",
    "Closed",
    "Lowest",
    "Highest",
    "Spread",
    "Members",
    "Figures are shown only with at least",
    "NIS 2 assessment round: combined report",
)


def _marked(module: ModuleType) -> set[str]:
    """Every English text ``module`` marks with ``N_`` or passes through ``tr``."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        text = node.args[0]
        if name in ("N_", "tr") and isinstance(text, ast.Constant) and isinstance(text.value, str):
            found.add(text.value)
    return found


def _data_words() -> set[str]:
    """English words the report prints from other modules' marked labels."""
    return (
        set(STATUS_LABELS.values())
        | set(SUBJECTS.values())
        | set(CLASS_ENTITY.values())
        | {level.name for level in MATURITY_LEVELS}
    )


def _catalogue(language: str) -> dict[str, str]:
    with catalogue_path(language).open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and isinstance(m.id, str)}


def _fragments(label: str) -> list[str]:
    """The English pieces of ``label`` between its placeholders (at least two letters)."""
    pieces = re.split(r"\{[^}]*\}", " ".join(label.split()))
    stripped = (p.strip(" .,:;()-%") for p in pieces)
    return [p for p in stripped if len(re.findall(r"[A-Za-z]", p)) >= 2]


def _english_left(text: str, language: str, labels: set[str]) -> list[str]:
    """The English labels (or their pieces) found in ``text``; a label the catalogue
    translates to the same word (``Status``, ``Date`` in French) is not English there."""
    catalogue = _catalogue(language)
    text = " ".join(text.split())
    left = []
    for label in sorted(labels):
        translated = " ".join(catalogue.get(label, "").split())
        for piece in _fragments(label):
            if piece in translated:
                continue
            if re.search(rf"(?<![\w/]){re.escape(piece)}(?![\w/])", text):
                left.append(piece)
    return left


def _labels(*modules: ModuleType) -> set[str]:
    return set().union(*(_marked(m) for m in modules)) | _data_words() | set(LITERALS)


def test_the_label_collection_finds_the_reports_words():
    labels = _labels(report, report_markdown, report_pdf, round_report)
    for expected in ("NIS 2 self-assessment report", "Overall score", "in progress", "Sign-off"):
        assert expected in labels
    english = render_markdown(SMALL)
    assert "Overall score" in _english_left(english, "de", labels)  # it can fail


@pytest.fixture(scope="module")
def english_kb():
    return load()


def _report(kb, language: str):
    """A report from the knowledge base in ``language``: knowledge and maturity questions,
    some unanswered, with an organisation, a round, actions, approvals and training."""
    local = localise(kb, language)
    management = [q for q in local.questions if q.track == "management"][:6]
    staff = [q for q in local.questions if q.track == "staff"][:3]
    questions = management + staff
    choices = {q.id: 0 for q in questions[:-1]}  # the last knowledge question unanswered
    score = score_assessment(questions, choices)
    track = next(t.title for t in local.tracks if t.id == "management")
    return build_report(
        local,
        score,
        person=NAMES[0],
        track=track,
        taken_on=TAKEN_ON,
        organisation=ReportOrganisation(
            "Jürgen Größ Wasserwerke GmbH", ("DE", "PL"), "essential", None
        ),
        round=ReportRound("Vorstandsrunde 2026", ROUND_DEADLINE, NAMES, 2),
        actions=(
            ReportAction(7, "Notfallhandbuch", NAMES[1], DUE_ON, STATUS_LABELS["in_progress"], 2),
            ReportAction(8, "Schulungsplan", NAMES[2], DUE_ON, STATUS_LABELS["accepted_risk"], 0),
        ),
        approvals=(
            ReportApproval(APPROVED_ON, SUBJECTS["measures"], "Protokoll 2026/11", NAMES[:2]),
        ),
        training=(ReportTraining(NAMES[0], True), ReportTraining(NAMES[2], False)),
        site_url=LOCAL,
        language=language,
    )


def _round(kb, language: str, rows: bool = True) -> RoundReport:
    local = localise(kb, language)
    return RoundReport(
        title="Vorstandsrunde 2026",
        track=next(t.title for t in local.tracks if t.id == "management"),
        deadline=ROUND_DEADLINE,
        closed_on=date(2026, 12, 2),
        participants=NAMES,
        submitted=3,
        invited=3,
        rows=(
            (
                RoundRow(short_label(local, "measures/21-2-b"), 62.5, 10.0, 90.0, 40.0, 3),
                RoundRow(short_label(local, "measures/21-2-g"), 33.3, 30.0, 40.0, 5.0, 3),
            )
            if rows
            else None
        ),
        min_group=3,
        organisation=ReportOrganisation("Jürgen Größ Wasserwerke GmbH", ("DE",), None, None),
        local_site=LOCAL,
    )


def _dates_and_numbers_are_localised(text: str, language: str, dates: tuple[date, ...]) -> None:
    for day in dates:
        assert format_date(day, language) in text, day
        assert day.isoformat() not in text, day


def _outputs(render_md, render_pdf_, value, language: str) -> tuple[str, str]:
    tr = translator(language).gettext
    markdown = render_md(value, tr=tr, language=language)
    return markdown, _pdf_text(render_pdf_(value, tr=tr, language=language))


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_assessment_report_has_no_english_label_left(english_kb, language):
    labels = _labels(report, report_markdown, report_pdf)
    value = _report(english_kb, language)
    markdown, pdf = _outputs(render_markdown, render_pdf, value, language)
    for text in (markdown, pdf):
        assert _english_left(text, language, labels) == []
        _dates_and_numbers_are_localised(
            text, language, (TAKEN_ON, ROUND_DEADLINE, DUE_ON, APPROVED_ON)
        )
        assert format_percent(value.percent, language) in " ".join(text.split())
    assert "Wasserwerke GmbH" in markdown and NAMES[2] in pdf  # the data, as given


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_assessment_report_shows_the_localised_knowledge_base(english_kb, language):
    english = _report(english_kb, "en")
    value = _report(english_kb, language)
    assert (value.percent, value.maturity, len(value.gaps)) == (
        english.percent,
        english.maturity,
        len(english.gaps),
    )
    markdown = render_markdown(value, tr=translator(language).gettext, language=language)
    german, original = value.sections[0].answers[0], english.sections[0].answers[0]
    assert german.question != original.question and german.answer != original.answer
    assert f"- {german.question} **{german.answer}**" in markdown
    assert value.gaps[0].question in markdown and english.gaps[0].question not in markdown
    # The links name the site's pages as the language cites the Directive.
    reference = {"de": "Art. 21 Abs. 2 Buchst. ", "fr": "Art. 21, paragraphe 2, point "}
    assert "[Art. 21(2)(" in render_markdown(english)
    assert "Art. 21(2)(" not in markdown and f"[{reference[language]}" in markdown


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_round_report_has_no_english_label_left(english_kb, language):
    labels = _labels(round_report)
    value = _round(english_kb, language)
    markdown, pdf = _outputs(render_round_markdown, render_round_pdf, value, language)
    for text in (markdown, pdf):
        assert _english_left(text, language, labels) == []
        _dates_and_numbers_are_localised(text, language, (ROUND_DEADLINE, date(2026, 12, 2)))
    assert f"| {value.rows[0].measure} | {format_decimal(62.5, language, 0)} |" in markdown
    assert short_label(localise(english_kb, language), "measures/21-2-b") in pdf


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_withheld_round_report_is_translated_too(english_kb, language):
    value = _round(english_kb, language, rows=False)
    markdown, pdf = _outputs(render_round_markdown, render_round_pdf, value, language)
    for text in (markdown, pdf):
        assert _english_left(text, language, _labels(round_report)) == []
        assert "3" in text


def test_without_a_translation_the_report_is_the_english_one():
    assert render_markdown(SMALL) == SMALL_MARKDOWN
    assert render_markdown(SMALL, tr=translator("en").gettext) == SMALL_MARKDOWN
    assert render_markdown(SMALL, tr=translator("en").gettext, language="en") == SMALL_MARKDOWN


def test_the_german_markdown_report_has_german_headings_and_the_same_figures():
    german = render_markdown(SMALL, tr=translator("de").gettext, language="de")
    assert german.startswith("# Bericht zur NIS-2-Selbstbewertung\n")
    for line in (
        "| Person | Mia Manager |",
        "| Datum | 04.03.2026 |",
        "| Gesamtergebnis | 31,2 % |",
        "| Reifegrad | im Aufbau |",
        "| Fragen | 2 beantwortet, 1 nicht zutreffend, 1 unbeantwortet |",
        "## Ergebnis je Bereich",
        "## Lücken, die gewichtigsten zuerst",
        "   - Ihre Antwort: Nobody",  # the reader's own answer, as given
    ):
        assert line in german.splitlines()


def test_the_french_pdf_report_has_french_headings():
    text = _pdf_text(render_pdf(SMALL, tr=translator("fr").gettext, language="fr"))
    for heading in ("Rapport d'auto-évaluation NIS 2", "Score par domaine", "Maturité"):
        assert heading in text
    assert "Score per area" not in text and "Gaps, heaviest first" not in text
    assert "31,2 %" in text
