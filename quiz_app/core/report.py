"""The assessment report for board minutes, as Markdown and as PDF.

:func:`build_report` resolves a scored assessment against the knowledge base into a
:class:`Report` of plain strings and links; :func:`render_markdown` and :func:`render_pdf`
only lay it out. The header names the person, the track and the date, never the
organisation. The PDF uses fpdf2's core font (Helvetica), so text is reduced to Latin-1
(dashes and quotes become their ASCII forms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from kb.model import KnowledgeBase, Question
from quiz_app.core.advice import Link, MeasureAdvice, measure_advice, page_link
from quiz_app.core.scoring import AssessmentScore, Gap
from quiz_app.i18n.catalogue import N_

# Labels pass through ``tr`` (render_markdown / render_pdf): the reader's gettext, or as is.
Translate = Callable[[str], str]
TITLE = N_("NIS 2 self-assessment report")
# The words build_report writes into a report, for the catalogues (shown through ``tr``).
WORDS = (N_("initial"), N_("developing"), N_("defined"), N_("managed"), N_("not rated"))
WORDS += (N_("(not answered)"), N_("Person"), N_("Track"), N_("Date"), N_("Overall score"))
WORDS += (N_("Maturity"), N_("Questions"), N_("Score per area"), N_("Area"), N_("Score"))
WORDS += (N_("Gaps, heaviest first"), N_("Your answer"), N_("Right answer"), N_("Why"))
WORDS += (N_("What helps, per measure with gaps"), N_("AWS services that help"), N_("read"))
WORDS += (N_("Your own responsibilities (customer side)"), N_("weight"), N_("score"))
SCORING_NOTE = N_(
    "Each answer earns the option's score times the question's weight; not-applicable "
    "questions are left out and unanswered ones count as 0. Maturity: below 25 % initial, "
    "below 50 % developing, below 75 % defined, 75 % and above managed."
)


@dataclass(frozen=True)
class ReportArea:
    """One row of the per-area table."""

    link: Link
    percent: float | None
    questions: int


@dataclass(frozen=True)
class ReportGap:
    """One ranked gap with where to read about it (and, for knowledge questions, why)."""

    rank: int
    question: str
    weight: int
    percent: float
    links: tuple[Link, ...]
    your_answer: str | None
    correct_answer: str | None
    explanation: str | None


@dataclass(frozen=True)
class Report:
    """Everything the report shows, resolved to text and links."""

    person: str
    track: str
    taken_on: date
    percent: float | None
    maturity: str
    answered: int
    not_applicable: int
    unanswered: int
    areas: tuple[ReportArea, ...]
    gaps: tuple[ReportGap, ...]
    advice: tuple[MeasureAdvice, ...]


def percent_text(percent: float | None) -> str:
    """A percentage as shown everywhere in the app: ``62.5 %`` or ``n/a``."""
    return "n/a" if percent is None else f"{percent:.1f} %"


def _correct_option(question: Question) -> str | None:
    return next((o.text for o in question.options if o.correct), None)


def _report_gap(kb: KnowledgeBase, rank: int, gap: Gap) -> ReportGap:
    question = gap.question
    knowledge = question.kind == "knowledge"
    chosen = question.options[gap.option_index].text if gap.option_index is not None else None
    return ReportGap(
        rank=rank,
        question=question.text,
        weight=question.weight,
        percent=100 * gap.score,
        links=tuple(page_link(kb, key) for key in gap.page_keys),
        your_answer=chosen if gap.status == "answered" else "(not answered)",
        correct_answer=_correct_option(question) if knowledge else None,
        explanation=(question.explanation.strip() or None) if knowledge else None,
    )


def build_report(
    kb: KnowledgeBase,
    score: AssessmentScore,
    *,
    person: str,
    track: str,
    taken_on: date,
) -> Report:
    """Resolve a scored assessment into a :class:`Report` (``track`` is the track's title)."""
    measures_with_gaps: list[str] = []
    for gap in score.gaps:
        for measure_id in gap.question.measures:
            if measure_id not in measures_with_gaps:
                measures_with_gaps.append(measure_id)
    maturity = score.maturity
    return Report(
        person=person,
        track=track,
        taken_on=taken_on,
        percent=score.percent,
        maturity=maturity.name if maturity else "not rated",
        answered=score.count("answered"),
        not_applicable=score.count("not_applicable"),
        unanswered=score.count("unanswered"),
        areas=tuple(ReportArea(page_link(kb, a.key), a.percent, a.questions) for a in score.areas),
        gaps=tuple(_report_gap(kb, i, g) for i, g in enumerate(score.gaps, start=1)),
        advice=tuple(measure_advice(kb, m) for m in measures_with_gaps),
    )


def _md_link(link: Link) -> str:
    return f"[{link.label}]({link.url})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _as_is(text: str) -> str:
    return text


def _counts(report: Report, tr: Translate) -> str:
    return tr(
        "{answered} answered, {not_applicable} not applicable, {unanswered} unanswered"
    ).format(
        answered=report.answered,
        not_applicable=report.not_applicable,
        unanswered=report.unanswered,
    )


def render_markdown(report: Report, tr: Translate = _as_is) -> str:
    """The report as Markdown; ``tr`` translates its labels (e.g. a gettext)."""
    lines = [
        f"# {tr(TITLE)}",
        "",
        "| | |",
        "|---|---|",
        f"| {tr('Person')} | {_cell(report.person)} |",
        f"| {tr('Track')} | {_cell(report.track)} |",
        f"| {tr('Date')} | {report.taken_on.isoformat()} |",
        f"| {tr('Overall score')} | {percent_text(report.percent)} |",
        f"| {tr('Maturity')} | {tr(report.maturity)} |",
        f"| {tr('Questions')} | {_counts(report, tr)} |",
        "",
        tr(SCORING_NOTE),
        "",
        f"## {tr('Score per area')}",
        "",
        f"| {tr('Area')} | {tr('Score')} | {tr('Questions')} |",
        "|---|---|---|",
    ]
    for area in report.areas:
        lines.append(
            f"| {_cell(_md_link(area.link))} | {percent_text(area.percent)} | {area.questions} |"
        )
    lines += ["", f"## {tr('Gaps, heaviest first')}", ""]
    if not report.gaps:
        lines.append(tr("No gaps: every applicable question reaches its target level."))
    for gap in report.gaps:
        links = ", ".join(_md_link(link) for link in gap.links)
        lines.append(
            f"{gap.rank}. **{gap.question}** ({tr('weight')} {gap.weight}, "
            f"{tr('score')} {percent_text(gap.percent)}) - {tr('read')}: {links}"
        )
        if gap.correct_answer is not None:
            lines.append(f"   - {tr('Your answer')}: {tr(gap.your_answer or '')}")
            lines.append(f"   - {tr('Right answer')}: {gap.correct_answer}")
        if gap.explanation:
            lines.append(f"   - {tr('Why')}: {gap.explanation}")
    if report.advice:
        lines += ["", f"## {tr('What helps, per measure with gaps')}", ""]
    for advice in report.advice:
        lines += [f"### {_md_link(advice.page)}", ""]
        services = ", ".join(_md_link(s) for s in advice.services)
        lines.append(f"- {tr('AWS services that help')}: {services}")
        lines.append(f"- {tr('Your own responsibilities (customer side)')}:")
        lines += [f"    - {duty}" for duty in advice.customer]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_LATIN1 = str.maketrans(
    {
        "\u2014": "-",
        "\u2013": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2026": "...",
        "\u2192": "->",
        "\u2264": "<=",
        "\u2265": ">=",
        "\u2022": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def latin1(text: str) -> str:
    """``text`` reduced to Latin-1 for the PDF core fonts (unknown characters become '?')."""
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    footer_title = TITLE

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, latin1(f"{self.footer_title} - {self.page_no()}/{{nb}}"), align="C")


def _para(pdf: FPDF, text: str, *, size: int = 10, style: str = "", indent: float = 0) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _link(pdf: FPDF, link: Link, *, indent: float = 0) -> None:
    pdf.set_font("Helvetica", style="U", size=9)
    pdf.set_text_color(0, 70, 160)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(
        pdf.epw - indent,
        5,
        latin1(f"{link.label}: {link.url}"),
        link=link.url,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)


def render_pdf(report: Report, tr: Translate = _as_is) -> bytes:
    """The report as a PDF document (A4); ``tr`` translates its labels (e.g. a gettext)."""
    pdf = _Pdf(format="A4")
    pdf.footer_title = tr(TITLE)
    pdf.set_title(latin1(f"{tr(TITLE)}: {report.person}, {report.taken_on.isoformat()}"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _para(pdf, tr(TITLE), size=16, style="B")
    pdf.ln(2)
    header = [
        (tr("Person"), report.person),
        (tr("Track"), report.track),
        (tr("Date"), report.taken_on.isoformat()),
        (tr("Overall score"), percent_text(report.percent)),
        (tr("Maturity"), tr(report.maturity)),
        (tr("Questions"), _counts(report, tr)),
    ]
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(30, 150), first_row_as_headings=False) as table:
        for key, value in header:
            row = table.row()
            row.cell(latin1(key))
            row.cell(latin1(value))
    pdf.ln(2)
    _para(pdf, tr(SCORING_NOTE), size=8)
    pdf.ln(3)
    _para(pdf, tr("Score per area"), size=13, style="B")
    pdf.set_font("Helvetica", size=9)
    with pdf.table(col_widths=(130, 25, 25)) as table:
        head = table.row()
        for text in ("Area", "Score", "Questions"):
            head.cell(latin1(tr(text)))
        for area in report.areas:
            row = table.row()
            row.cell(latin1(area.link.label), link=area.link.url)
            row.cell(percent_text(area.percent))
            row.cell(str(area.questions))
    pdf.ln(3)
    _para(pdf, tr("Gaps, heaviest first"), size=13, style="B")
    if not report.gaps:
        _para(pdf, tr("No gaps: every applicable question reaches its target level."))
    for gap in report.gaps:
        _para(
            pdf,
            f"{gap.rank}. {gap.question} ({tr('weight')} {gap.weight}, "
            f"{tr('score')} {percent_text(gap.percent)})",
            style="B",
        )
        if gap.correct_answer is not None:
            _para(pdf, f"{tr('Your answer')}: {tr(gap.your_answer or '')}", size=9, indent=5)
            _para(pdf, f"{tr('Right answer')}: {gap.correct_answer}", size=9, indent=5)
        if gap.explanation:
            _para(pdf, f"{tr('Why')}: {gap.explanation}", size=9, indent=5)
        for link in gap.links:
            _link(pdf, link, indent=5)
        pdf.ln(1)
    if report.advice:
        pdf.ln(2)
        _para(pdf, tr("What helps, per measure with gaps"), size=13, style="B")
    for advice in report.advice:
        _link(pdf, advice.page)
        services = ", ".join(s.label for s in advice.services)
        _para(pdf, f"{tr('AWS services that help')}: {services}", size=9, indent=5)
        _para(pdf, f"{tr('Your own responsibilities (customer side)')}:", size=9, indent=5)
        for duty in advice.customer:
            _para(pdf, f"- {duty}", size=9, indent=10)
        pdf.ln(1)
    return bytes(pdf.output())
