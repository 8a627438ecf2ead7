"""Report rendering: exact Markdown for a small case; a PDF that holds the same text."""

from __future__ import annotations

import contextlib
import re
import zlib
from datetime import date

import pytest

from kb.load import load
from kb.model import Option, Question
from quiz_app.core.advice import Link, MeasureAdvice
from quiz_app.core.report import (
    Report,
    ReportArea,
    ReportGap,
    build_report,
    latin1,
    render_markdown,
    render_pdf,
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

| | |
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

## What helps, per measure with gaps

### [Art. 21(2)(b): Incident handling]({SITE}measures/21-2-b/)

- AWS services that help: [AWS CloudTrail]({SITE}services/cloudtrail/)
- Your own responsibilities (customer side):
    - Runs the incident process.
"""


def test_markdown_of_a_small_report_is_exact():
    assert render_markdown(SMALL) == SMALL_MARKDOWN


def _pdf_text(pdf: bytes) -> str:
    """Text shown by the PDF's content streams (fpdf2 core fonts write ``(...) Tj``)."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        chunks.append(data.decode("latin-1"))
    shown = re.findall(r"\((.*?)(?<!\\)\)\s*Tj", "\n".join(chunks))
    return "\n".join(s.replace("\\(", "(").replace("\\)", ")") for s in shown)


def test_pdf_is_a_pdf_and_holds_the_report_text():
    pdf = render_pdf(SMALL)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1
    text = _pdf_text(pdf)
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
    ):
        assert expected in text, expected
    assert f"{SITE}measures/21-2-b/".encode() in pdf  # also as a clickable link annotation


def test_pdf_text_is_reduced_to_latin1():
    assert (
        latin1("Not started — “ad hoc” … ≥ 75 % → €") == 'Not started - "ad hoc" ... >= 75 % -> ?'
    )
    report = Report(**{**SMALL.__dict__, "person": "Zoë Łukasz — CISO"})
    assert "Zoë ?ukasz - CISO" in _pdf_text(render_pdf(report))


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
    report = build_report(kb, score, person="Sam", track="Staff", taken_on=date(2026, 1, 2))
    assert (report.percent, report.maturity) == (50.0, "defined")
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
