"""The assessment report as a PDF (A4) for the board minutes.

Lays out a :class:`quiz_app.core.report.Report`: the header (organisation, round, person,
score), the per-measure bar chart drawn with fpdf2's own rectangles (labels: the measures'
short titles; a line marks each measure's target), the gaps, the remediation actions, the
board's approvals and training, the answers chosen per section, what helps, and a sign-off
block with signature lines. Text is set in DejaVu Sans (:mod:`quiz_app.core.pdf_fonts`), so
names in every EU alphabet print as written. Pure: returns bytes, writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from quiz_app.core.advice import Link
from quiz_app.core.pdf_fonts import use_unicode_font
from quiz_app.core.report import (
    SCORING_NOTE,
    TITLE,
    Report,
    Translate,
    as_is,
    header_rows,
    percent_text,
    sign_off_rows,
    training_line,
)

CHART_LABEL_WIDTH = 62.0  # mm for the measure's short title
CHART_BAR_WIDTH = 95.0  # mm for 100 %
CHART_ROW = 6.0  # mm per bar


class _Pdf(FPDF):
    family = "Helvetica"
    tr: Translate = staticmethod(as_is)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=8)
        self.cell(0, 5, f"{self.tr(TITLE)} - {self.page_no()}/{{nb}}", align="C")


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
        f"{link.label}: {link.url}",
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
    _heading(pdf, "Score per measure")
    if not report.chart:
        _para(pdf, "No measure was rated.", size=9)
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
        pdf.cell(20, CHART_ROW, percent_text(bar.percent))
        pdf.set_y(y + CHART_ROW)
    pdf.set_fill_color(255, 255, 255)  # tables drawn next fill with the current colour
    _para(pdf, "Blue: the score (0 to 100 %). Red line: the organisation's target.", size=8)


def _areas(pdf: _Pdf, report: Report) -> None:
    _heading(pdf, "Score per area")
    pdf.set_font(pdf.family, size=9)
    with pdf.table(col_widths=(130, 25, 25)) as table:
        head = table.row()
        for text in ("Area", "Score", "Questions"):
            head.cell(text)
        for area in report.areas:
            row = table.row()
            row.cell(area.link.label, link=area.link.url)
            row.cell(percent_text(area.percent))
            row.cell(str(area.questions))


def _gaps(pdf: _Pdf, report: Report) -> None:
    tr = pdf.tr
    _heading(pdf, "Gaps, heaviest first")
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
            _para(pdf, f"{tr('Your answer')}: {gap.your_answer}", size=9, indent=5)
            _para(pdf, f"{tr('Right answer')}: {gap.correct_answer}", size=9, indent=5)
        if gap.explanation:
            _para(pdf, f"{tr('Why')}: {gap.explanation}", size=9, indent=5)
        for link in gap.links:
            _link(pdf, link, indent=5)
        pdf.ln(1)


def _governance(pdf: _Pdf, report: Report) -> None:
    _heading(pdf, "Remediation actions")
    if report.actions:
        _table(
            pdf,
            (10, 66, 36, 22, 26, 20),
            ("#", "Action", "Owner", "Due", "Status", "Evidence"),
            [
                (str(a.id), a.title, a.owner, a.due_on.isoformat(), a.status, str(a.evidence))
                for a in report.actions
            ],
        )
    else:
        _para(pdf, "No action has been opened on this assessment's gaps.", size=9)
    if not (report.approvals or report.training):  # not shown to roles that may not see it
        return
    _heading(pdf, "Approvals by the management body (Art. 20)")
    if report.approvals:
        _table(
            pdf,
            (22, 50, 40, 68),
            ("Date", "Approved", "Meeting", "Members present"),
            [
                (a.approved_on.isoformat(), a.subject, a.meeting_reference, ", ".join(a.members))
                for a in report.approvals
            ],
        )
    else:
        _para(pdf, "No approval recorded.", size=9)
    pdf.ln(1)
    _para(pdf, training_line(report), size=9)


def _answers(pdf: _Pdf, report: Report) -> None:
    if not report.sections:
        return
    _heading(pdf, "The answers chosen")
    for section in report.sections:
        _para(pdf, section.title, size=10, style="B")
        _table(pdf, (110, 70), None, [(a.question, a.answer) for a in section.answers])
        pdf.ln(2)


def _advice(pdf: _Pdf, report: Report) -> None:
    if report.advice:
        _heading(pdf, "What helps, per measure with gaps")
    for advice in report.advice:
        _link(pdf, advice.page)
        services = ", ".join(s.label for s in advice.services)
        _para(pdf, f"{pdf.tr('AWS services that help')}: {services}", size=9, indent=5)
        _para(pdf, f"{pdf.tr('Your own responsibilities (customer side)')}:", size=9, indent=5)
        for duty in advice.customer:
            _para(pdf, f"- {duty}", size=9, indent=10)
        pdf.ln(1)


def _sign_off(pdf: _Pdf, report: Report) -> None:
    if pdf.will_page_break(70):
        pdf.add_page()
    _heading(pdf, "Sign-off")
    for role, name in sign_off_rows(report):
        pdf.ln(4)
        _para(pdf, role, size=9, style="B")
        for what, value in (("Name", name), ("Role", ""), ("Date", ""), ("Signature", "")):
            y = pdf.get_y() + 6
            pdf.set_font(pdf.family, size=9)
            pdf.set_xy(pdf.l_margin, y - 5)
            pdf.cell(25, 5, what)
            pdf.cell(80, 5, value)
            pdf.line(pdf.l_margin + 25, y, pdf.l_margin + 110, y)
            pdf.set_y(y + 1)


def render_pdf(report: Report, tr: Translate = as_is) -> bytes:
    """The report as a PDF document (A4); ``tr`` translates its labels (e.g. a gettext)."""
    pdf = _Pdf(format="A4")
    pdf.tr = tr
    pdf.family = use_unicode_font(pdf, size=10)
    pdf.set_title(f"{tr(TITLE)}: {report.person}, {report.taken_on.isoformat()}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _para(pdf, tr(TITLE), size=16, style="B")
    pdf.ln(2)
    if report.site_warning:
        pdf.set_text_color(160, 0, 0)
        _para(pdf, f"Warning: {report.site_warning}", size=9, style="B")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)
    _table(pdf, (40, 140), None, header_rows(report, tr))
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
