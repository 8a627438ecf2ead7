"""The assessment report as a PDF (A4) for the board minutes (for a staff member's knowledge
check: a personal report, without the board's approvals and sign-off).

Lays out a :class:`quiz_app.core.report.Report`: the header (organisation, round, person,
score), the per-measure bar chart drawn with fpdf2's own rectangles (labels: the measures'
short titles; a line marks each measure's target), the gaps, the remediation actions, the
board's approvals and training, the answers chosen per section, what helps, and a sign-off
block with signature lines, kept whole on one page. Every word goes through ``tr`` and dates and figures are written
as ``language`` writes them, as in the Markdown. Text is set in DejaVu Sans
(:mod:`quiz_app.core.pdf_fonts`), so names in every EU alphabet print as written. Pure:
returns bytes, writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from quiz_app.core.advice import Link
from quiz_app.core.pdf_fonts import use_unicode_font
from quiz_app.core.report import (
    ACTION_COLUMNS,
    APPROVAL_COLUMNS,
    AREA_COLUMNS,
    CUSTOMER,
    HEADINGS,
    KNOWLEDGE_NOTE,
    NO_ACTIONS,
    NO_APPROVALS,
    NO_GAPS,
    NOT_ANSWERED,
    RIGHT_ANSWER,
    SCORING_NOTE,
    SERVICES,
    SIGN_OFF_COLUMNS,
    WARNING,
    WHY,
    YOUR_ANSWER,
    Report,
    Translate,
    action_rows,
    approval_rows,
    as_is,
    choice_text,
    gap_figures,
    header_rows,
    link_text,
    percent_text,
    report_title,
    sign_off_rows,
    site_warning,
    training_line,
)
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE, N_
from quiz_app.i18n.formats import format_date

CHART_LABEL_WIDTH = 62.0  # mm for the measure's short title
CHART_BAR_WIDTH = 95.0  # mm for 100 %
CHART_ROW = 6.0  # mm per bar
CHART_HEADING = N_("Score per measure")
CHART_EMPTY = N_("No measure was rated.")
CHART_LEGEND = N_("Blue: the score (0 to 100 %). Red line: the organisation's target.")
SIGN_OFF_GAP = 4.0  # mm above each signer's name
SIGN_OFF_LINE = 7.0  # mm per line to write on (name, role, date, signature)


class _Pdf(FPDF):
    family = "Helvetica"
    tr: Translate = staticmethod(as_is)
    language: str = DEFAULT_LANGUAGE
    heading_text: str = ""  # the report's title, repeated in each page's footer

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=8)
        self.cell(0, 5, f"{self.heading_text} - {self.page_no()}/{{nb}}", align="C")


def _para(pdf: _Pdf, text: str, *, size: int = 10, style: str = "", indent: float = 0) -> None:
    pdf.set_font(pdf.family, style=style, size=size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, 5, text, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: _Pdf, text: str) -> None:
    pdf.ln(3)
    _para(pdf, pdf.tr(text), size=13, style="B")


def _link(pdf: _Pdf, link: Link, *, indent: float = 0) -> None:
    pdf.set_font(pdf.family, style="U", size=9)
    pdf.set_text_color(0, 70, 160)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(
        pdf.epw - indent,
        5,
        link_text(link, pdf.tr),
        link=link.url,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)


def _table(
    pdf: _Pdf, widths: tuple[float, ...], head: Sequence[str] | None, rows: Sequence[Sequence[str]]
) -> None:
    pdf.set_font(pdf.family, size=9)
    with pdf.table(
        col_widths=widths, first_row_as_headings=head is not None, text_align="LEFT"
    ) as table:
        for values in ([head] if head is not None else []) + list(rows):
            row = table.row()
            for value in values:
                row.cell(value)


def _chart(pdf: _Pdf, report: Report) -> None:
    """A horizontal bar per measure, with the 0-100 % scale and a mark at its target."""
    _heading(pdf, CHART_HEADING)
    if not report.chart:
        _para(pdf, pdf.tr(CHART_EMPTY), size=9)
        return
    x0 = pdf.l_margin + CHART_LABEL_WIDTH
    pdf.set_font(pdf.family, size=8)
    for bar in report.chart:
        if pdf.will_page_break(CHART_ROW):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(CHART_LABEL_WIDTH - 2, CHART_ROW, bar.label, align="R")
        pdf.set_draw_color(200, 200, 200)
        pdf.set_fill_color(235, 235, 235)
        pdf.rect(x0, y + 1, CHART_BAR_WIDTH, CHART_ROW - 2, style="F")
        pdf.set_fill_color(0, 70, 160)
        if bar.percent > 0:
            pdf.rect(x0, y + 1, CHART_BAR_WIDTH * bar.percent / 100, CHART_ROW - 2, style="F")
        target_x = x0 + CHART_BAR_WIDTH * bar.target / 100
        pdf.set_draw_color(200, 0, 0)
        pdf.set_line_width(0.6)
        pdf.line(target_x, y + 0.3, target_x, y + CHART_ROW - 0.3)
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(x0 + CHART_BAR_WIDTH + 2, y)
        pdf.cell(20, CHART_ROW, percent_text(bar.percent, pdf.language))
        pdf.set_y(y + CHART_ROW)
    pdf.set_fill_color(255, 255, 255)  # tables drawn next fill with the current colour
    _para(pdf, pdf.tr(CHART_LEGEND), size=8)


def _areas(pdf: _Pdf, report: Report) -> None:
    _heading(pdf, HEADINGS["areas"])
    pdf.set_font(pdf.family, size=9)
    with pdf.table(col_widths=(130, 25, 25), text_align="LEFT") as table:
        head = table.row()
        for text in AREA_COLUMNS:
            head.cell(pdf.tr(text))
        for area in report.areas:
            row = table.row()
            row.cell(area.link.label, link=area.link.url)
            row.cell(percent_text(area.percent, pdf.language))
            row.cell(str(area.questions))


def _gaps(pdf: _Pdf, report: Report) -> None:
    tr = pdf.tr
    _heading(pdf, HEADINGS["gaps"])
    if not report.gaps:
        _para(pdf, tr(NO_GAPS))
    for gap in report.gaps:
        figures = gap_figures(gap, tr, pdf.language)
        _para(pdf, f"{gap.rank}. {gap.question} {figures}", style="B")
        if gap.correct_answer is not None:
            answer = choice_text(gap.your_answer or NOT_ANSWERED, tr)
            _para(pdf, tr(YOUR_ANSWER).format(answer=answer), size=9, indent=5)
            _para(pdf, tr(RIGHT_ANSWER).format(answer=gap.correct_answer), size=9, indent=5)
        if gap.explanation:
            _para(pdf, tr(WHY).format(why=gap.explanation), size=9, indent=5)
        for link in gap.links:
            _link(pdf, link, indent=5)
        pdf.ln(1)


def _governance(pdf: _Pdf, report: Report) -> None:
    tr, language = pdf.tr, pdf.language
    _heading(pdf, HEADINGS["actions"])
    if report.actions:
        _table(
            pdf,
            (10, 66, 36, 22, 26, 20),
            tuple(tr(c) for c in ACTION_COLUMNS),
            action_rows(report, tr, language),
        )
    else:
        _para(pdf, tr(NO_ACTIONS), size=9)
    if report.knowledge_check or not (report.approvals or report.training):
        return  # a personal check, or a role that may not see the board's record
    _heading(pdf, HEADINGS["approvals"])
    if report.approvals:
        _table(
            pdf,
            (22, 50, 40, 68),
            tuple(tr(c) for c in APPROVAL_COLUMNS),
            approval_rows(report, tr, language),
        )
    else:
        _para(pdf, tr(NO_APPROVALS), size=9)
    pdf.ln(1)
    _para(pdf, training_line(report, tr), size=9)


def _answers(pdf: _Pdf, report: Report) -> None:
    if not report.sections:
        return
    _heading(pdf, HEADINGS["answers"])
    for section in report.sections:
        _para(pdf, section.title, size=10, style="B")
        rows = [(a.question, choice_text(a.answer, pdf.tr)) for a in section.answers]
        _table(pdf, (110, 70), None, rows)
        pdf.ln(2)


def _advice(pdf: _Pdf, report: Report) -> None:
    if report.advice:
        _heading(pdf, HEADINGS["advice"])
    for advice in report.advice:
        _link(pdf, advice.page)
        services = ", ".join(s.label for s in advice.services)
        _para(pdf, pdf.tr(SERVICES).format(services=services), size=9, indent=5)
        _para(pdf, pdf.tr(CUSTOMER), size=9, indent=5)
        for duty in advice.customer:
            _para(pdf, f"- {duty}", size=9, indent=10)
        pdf.ln(1)


def _text_height(pdf: _Pdf, text: str, *, size: int, style: str = "") -> float:
    """How tall ``text`` is once wrapped to the page's width (nothing is printed)."""
    pdf.set_font(pdf.family, style=style, size=size)
    return pdf.multi_cell(pdf.epw, 5, text, dry_run=True, output="HEIGHT")


def _sign_off_height(pdf: _Pdf, rows: Sequence[tuple[str, str]]) -> float:
    """The height of the whole sign-off block: heading, then per signer a gap, the role and
    the lines to write on."""
    height = 3 + _text_height(pdf, pdf.tr(HEADINGS["sign_off"]), size=13, style="B")
    for role, _name in rows:
        height += SIGN_OFF_GAP + _text_height(pdf, role, size=9, style="B") + 4 * SIGN_OFF_LINE
    return height


def _sign_off(pdf: _Pdf, report: Report) -> None:
    """The signature lines, kept together: on a new page when the rest of this one is short."""
    if report.knowledge_check:
        return
    rows = sign_off_rows(report, pdf.tr)
    if pdf.get_y() + _sign_off_height(pdf, rows) > pdf.page_break_trigger:
        pdf.add_page()
    _heading(pdf, HEADINGS["sign_off"])
    role_label, name_label, date_label, signature_label = (pdf.tr(c) for c in SIGN_OFF_COLUMNS)
    for role, name in rows:
        pdf.ln(SIGN_OFF_GAP)
        _para(pdf, role, size=9, style="B")
        lines = ((name_label, name), (role_label, ""), (date_label, ""), (signature_label, ""))
        for what, value in lines:
            y = pdf.get_y() + SIGN_OFF_LINE - 1
            pdf.set_font(pdf.family, size=9)
            pdf.set_xy(pdf.l_margin, y - 5)
            pdf.cell(25, 5, what)
            pdf.cell(80, 5, value)
            pdf.line(pdf.l_margin + 25, y, pdf.l_margin + 110, y)
            pdf.set_y(y + 1)


def render_pdf(report: Report, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The report as a PDF document (A4); ``tr`` translates its words (e.g. a gettext),
    ``language`` says how dates and figures are written."""
    pdf = _Pdf(format="A4")
    pdf.tr = tr
    pdf.language = language
    pdf.family = use_unicode_font(pdf, size=10)
    pdf.heading_text = report_title(report, tr)
    pdf.set_title(f"{pdf.heading_text}: {report.person}, {format_date(report.taken_on, language)}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _para(pdf, pdf.heading_text, size=16, style="B")
    pdf.ln(2)
    if report.knowledge_check:
        _para(pdf, tr(KNOWLEDGE_NOTE), size=9)
        pdf.ln(1)
    warning = site_warning(report.local_site, tr)
    if warning:
        pdf.set_text_color(160, 0, 0)
        _para(pdf, f"{tr(WARNING)} {warning}", size=9, style="B")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)
    _table(pdf, (40, 140), None, header_rows(report, tr, language))
    pdf.ln(2)
    _para(pdf, tr(SCORING_NOTE), size=8)
    _chart(pdf, report)
    _areas(pdf, report)
    _gaps(pdf, report)
    _governance(pdf, report)
    _answers(pdf, report)
    _advice(pdf, report)
    _sign_off(pdf, report)
    return bytes(pdf.output())
