"""Report rendering: exact Markdown for a small case; a PDF (read back with pdftotext) that
holds the same text, any EU name, the chart, the governance record and the sign-off."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import date

import pytest

from kb.load import load
from kb.model import Option, Question
from quiz_app.core.advice import Link, MeasureAdvice
from quiz_app.core.report import (
    ChartBar,
    Report,
    ReportAction,
    ReportAnswer,
    ReportApproval,
    ReportArea,
    ReportGap,
    ReportOrganisation,
    ReportRound,
    ReportSection,
    ReportTraining,
    build_report,
    is_local_url,
    site_warning,
)
from quiz_app.core.report_markdown import render_markdown
from quiz_app.core.report_pdf import render_pdf
from quiz_app.core.round_report import (
    RoundReport,
    RoundRow,
    render_round_markdown,
    render_round_pdf,
)
from quiz_app.core.scoring import NOT_APPLICABLE, score_assessment

SITE = "https://kb.example.org/nis2/"

SMALL = Report(
    person="Mia Manager",
    track="Management body maturity self-assessment",
    taken_on=date(2026, 3, 4),
    percent=31.25,
    maturity="developing",
    answered=2,
    not_applicable=1,
    unanswered=1,
    areas=(
        ReportArea(Link("Art. 21(2)(b): Incident handling", f"{SITE}measures/21-2-b/"), 50.0, 1),
        ReportArea(Link("Art. 23: Reporting obligations", f"{SITE}articles/23/"), None, 0),
    ),
    gaps=(
        ReportGap(
            rank=1,
            question="Is there an incident process?",
            weight=4,
            percent=0.0,
            links=(Link("Art. 21(2)(b): Incident handling", f"{SITE}measures/21-2-b/"),),
            your_answer="(not answered)",
            correct_answer=None,
            explanation=None,
        ),
        ReportGap(
            rank=2,
            question="Who reports a phishing mail?",
            weight=2,
            percent=0.0,
            links=(Link("Art. 23: Reporting obligations", f"{SITE}articles/23/"),),
            your_answer="Nobody",
            correct_answer="Everyone, at once",
            explanation="Speed matters.",
        ),
    ),
    advice=(
        MeasureAdvice(
            measure_id="21-2-b",
            page=Link("Art. 21(2)(b): Incident handling", f"{SITE}measures/21-2-b/"),
            services=(Link("AWS CloudTrail", f"{SITE}services/cloudtrail/"),),
            customer=("Runs the incident process.",),
        ),
    ),
)

SMALL_MARKDOWN = f"""\
# NIS 2 self-assessment report

|  |  |
|---|---|
| Person | Mia Manager |
| Track | Management body maturity self-assessment |
| Date | 2026-03-04 |
| Overall score | 31.2 % |
| Maturity | developing |
| Questions | 2 answered, 1 not applicable, 1 unanswered |

Each answer earns the option's score times the question's weight; not-applicable questions \
are left out and unanswered ones count as 0. Maturity: below 25 % initial, below 50 % \
developing, below 75 % defined, 75 % and above managed.

## Score per area

| Area | Score | Questions |
|---|---|---|
| [Art. 21(2)(b): Incident handling]({SITE}measures/21-2-b/) | 50.0 % | 1 |
| [Art. 23: Reporting obligations]({SITE}articles/23/) | n/a | 0 |

## Gaps, heaviest first

1. **Is there an incident process?** (weight 4, score 0.0 %) - read: \
[Art. 21(2)(b): Incident handling]({SITE}measures/21-2-b/)
2. **Who reports a phishing mail?** (weight 2, score 0.0 %) - read: \
[Art. 23: Reporting obligations]({SITE}articles/23/)
   - Your answer: Nobody
   - Right answer: Everyone, at once
   - Why: Speed matters.

## Remediation actions

No action has been opened on this assessment's gaps.

## What helps, per measure with gaps

### [Art. 21(2)(b): Incident handling]({SITE}measures/21-2-b/)

- AWS services that help: [AWS CloudTrail]({SITE}services/cloudtrail/)
- What stays with the customer:
    - Runs the incident process.


## Sign-off

| Role | Name | Date | Signature |
|---|---|---|---|
| Assessed by | Mia Manager |  |  |
| For the management body |  |  |  |
| For the management body |  |  |  |
"""


def test_markdown_of_a_small_report_is_exact():
    assert render_markdown(SMALL) == SMALL_MARKDOWN


def pdf_text(pdf: bytes) -> str:
    """The text a reader sees in the PDF, as poppler's pdftotext extracts it (lines joined)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def test_pdf_is_a_pdf_and_holds_the_report_text():
    pdf = render_pdf(SMALL)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    for expected in (
        "NIS 2 self-assessment report",
        "Mia Manager",
        "2026-03-04",
        "31.2 %",
        "developing",
        "Is there an incident process?",
        "Right answer: Everyone, at once",
        f"{SITE}measures/21-2-b/",
        "Runs the incident process.",
        "Sign-off",
        "Signature",
    ):
        assert expected in text, expected
    assert f"{SITE}measures/21-2-b/".encode() in pdf  # also as a clickable link annotation


POLISH, CZECH, GREEK, GERMAN = (
    "Łukasz Żółć",
    "Řehoř Čapek",
    "Σωκράτης Παπαδόπουλος",
    "Jürgen Größ",
)

FULL = Report(
    **{
        **SMALL.__dict__,
        "person": POLISH,
        "organisation": ReportOrganisation(
            f"{GERMAN} Wasserwerke GmbH", ("DE", "PL"), "essential", "Urząd Komunikacji"
        ),
        "round": ReportRound("Board review 2026", date(2026, 3, 31), (CZECH, POLISH, GREEK), 2),
        "sections": (
            ReportSection(
                "Governance (Art. 20)",
                (
                    ReportAnswer("Does the board approve the measures?", "Partly, ad hoc"),
                    ReportAnswer("Is the board trained?", "(not answered)"),
                ),
            ),
        ),
        "chart": (
            ChartBar("(b) Incident handling", 50.0, 50.0),
            ChartBar("(g) Cyber hygiene", 0.0, 75.0),
        ),
        "actions": (
            ReportAction(7, "Adopt an incident runbook", CZECH, date(2026, 6, 30), "Open", 2),
        ),
        "approvals": (
            ReportApproval(
                date(2026, 3, 20),
                "the cybersecurity risk-management measures",
                "Minutes 2026/03",
                (GREEK, POLISH),
            ),
        ),
        "training": (ReportTraining(POLISH, True), ReportTraining(GREEK, False)),
    }
)


def test_every_eu_name_prints_as_written_in_the_pdf():
    text = pdf_text(render_pdf(FULL))
    for name in (POLISH, CZECH, GREEK, GERMAN, "Urząd Komunikacji"):
        assert name in text, name
    assert "?ukasz" not in text


def test_the_pdf_carries_organisation_round_answers_actions_approvals_and_sign_off():
    text = pdf_text(render_pdf(FULL))
    for expected in (
        f"Organisation {GERMAN} Wasserwerke GmbH",
        "Member States DE, PL",
        "essential entity",
        "Competent authority Urząd Komunikacji",
        "Board review 2026 (deadline 2026-03-31)",
        "(2 of 3 submitted)",
        "Governance (Art. 20)",
        "Does the board approve the measures? Partly, ad hoc",
        "Adopt an incident runbook",
        "2026-06-30",
        "Minutes 2026/03",
        f"Valid management training: {POLISH}; without: {GREEK}.",
        "Score per measure",
        "(b) Incident handling",
        "(g) Cyber hygiene",
        "Assessed by",
        "For the management body",
    ):
        assert expected in text, expected


def _filled_rectangles(pdf: bytes) -> int:
    count = 0
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        count += len(re.findall(rb" re f\b", data))
    return count


def test_the_chart_draws_a_bar_per_measure_with_a_track_behind_it():
    without = _filled_rectangles(render_pdf(Report(**{**FULL.__dict__, "chart": ()})))
    # (b) at 50 %: track and bar; (g) at 0 %: the track only
    assert _filled_rectangles(render_pdf(FULL)) - without == 3


def test_markdown_carries_the_governance_record_and_escapes_table_cells():
    text = render_markdown(
        Report(
            **{
                **FULL.__dict__,
                "actions": (ReportAction(8, "Split | cells", GERMAN, date(2026, 7, 1), "Done", 0),),
            }
        )
    )
    assert f"| Organisation | {GERMAN} Wasserwerke GmbH |" in text
    assert f"| Participants | {CZECH}, {POLISH}, {GREEK} (2 of 3 submitted) |" in text
    assert "- Does the board approve the measures? **Partly, ad hoc**" in text
    assert f"| 8 | Split \\| cells | {GERMAN} | 2026-07-01 | Done | 0 |" in text
    assert (
        f"| 2026-03-20 | the cybersecurity risk-management measures | Minutes 2026/03 | "
        f"{GREEK}, {POLISH} |" in text
    )
    assert f"| Assessed by | {POLISH} |  |  |" in text


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost/", True),
        ("http://user@LOCALHOST:8000/nis2/", True),
        ("http://[::1]:8000/", True),
        ("https://kb.example.org/nis2/", False),
        ("https://localhost.example.org/", False),
    ],
)
def test_a_local_site_address_is_recognised(url, local):
    assert is_local_url(url) is local
    assert (site_warning(url) is not None) is local


def test_the_report_warns_when_its_links_point_at_the_local_default():
    warning = site_warning("http://127.0.0.1:8000/")
    assert "NIS2_SITE_URL" in warning
    local = Report(**{**SMALL.__dict__, "local_site": "http://127.0.0.1:8000/"})
    assert f"> **Warning:** {warning}" in render_markdown(local)
    assert "Warning: The links in this report point at http://127.0.0.1:8000/" in pdf_text(
        render_pdf(local)
    )
    assert "Warning" not in render_markdown(SMALL)


@pytest.fixture(scope="module")
def kb():
    return load()


def test_build_report_resolves_links_services_and_customer_duties(kb, monkeypatch):
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    question = Question(
        id="k1",
        track="staff",
        section="S",
        kind="knowledge",
        text="Which is right?",
        options=[Option(text="Wrong", score=0), Option(text="Right", score=1, correct=True)],
        weight=3,
        measures=["21-2-b"],
        page="measures/21-2-b",
        explanation="Because.",
    )
    other = question.model_copy(update={"id": "k2", "measures": [], "articles": [23]})
    extra = question.model_copy(update={"id": "k3", "not_applicable": True})
    score = score_assessment([question, other, extra], {"k1": 0, "k2": 1, "k3": NOT_APPLICABLE})
    report = build_report(
        kb, score, person="Sam", track="Staff", taken_on=date(2026, 1, 2), site_url=SITE
    )
    assert (report.percent, report.maturity) == (50.0, "defined")
    assert report.local_site is None
    [section] = report.sections
    assert [(a.question, a.answer) for a in section.answers] == [
        ("Which is right?", "Wrong"),
        ("Which is right?", "Right"),
        ("Which is right?", "(not applicable)"),
    ]
    assert report.chart == (ChartBar("(b) Incident handling", 0.0, 50.0),)
    [gap] = report.gaps
    assert gap.links == (Link("Art. 21(2)(b): Incident handling", f"{SITE}measures/21-2-b/"),)
    assert (gap.your_answer, gap.correct_answer, gap.explanation) == ("Wrong", "Right", "Because.")
    [advice] = report.advice
    measure = kb.measure("21-2-b")
    assert [s.url for s in advice.services] == [
        f"{SITE}services/{u.service}/" for u in measure.services
    ]
    assert list(advice.customer) == measure.responsibility.customer
    assert [a.link.url for a in report.areas] == [f"{SITE}measures/21-2-b/", f"{SITE}articles/23/"]


ROUND = RoundReport(
    title="Board review 2026",
    track="Management body maturity self-assessment",
    deadline=date(2026, 3, 31),
    closed_on=date(2026, 4, 1),
    participants=(CZECH, POLISH, GREEK),
    submitted=3,
    invited=3,
    rows=(
        RoundRow("(b) Incident handling", 50.0, 10.0, 90.0, 40.0, 3),
        RoundRow("(g) Cyber hygiene", 33.3, 30.0, 40.0, 5.0, 3),
    ),
    min_group=3,
    organisation=FULL.organisation,
)


def test_the_rounds_report_shows_median_and_spread_per_measure():
    markdown = render_round_markdown(ROUND)
    assert f"| Participants | {CZECH}, {POLISH}, {GREEK} |" in markdown
    assert "| (b) Incident handling | 50 | 10 | 90 | 80 | 40 | 3 |" in markdown
    text = pdf_text(render_round_pdf(ROUND))
    for expected in (GERMAN, POLISH, CZECH, GREEK, "Board review 2026", "median 50 %"):
        assert expected in text, expected
    assert "(b) Incident handling 50 10 90 80 40 3" in text


def test_the_rounds_report_withholds_figures_below_the_group_size():
    few = RoundReport(**{**ROUND.__dict__, "rows": None, "submitted": 2})
    assert "at least 3 submissions" in render_round_markdown(few)
    assert "(b) Incident handling" not in pdf_text(render_round_pdf(few))
