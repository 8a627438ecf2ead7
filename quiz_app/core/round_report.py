"""A closed round's combined report: per measure the median and spread of the members' scores.

:class:`RoundReport` holds plain text and numbers (gathered by ``quiz_app.reporting``);
:func:`render_round_markdown` and :func:`render_round_pdf` lay it out. The PDF draws, per
measure, the range from the lowest to the highest member's score with the median marked,
widest disagreement first, in DejaVu Sans so every EU name prints. As in the assessment
report, every word goes through ``tr`` and dates and figures are written as ``language``
writes them; the measures' titles come from the localised knowledge base. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from quiz_app.core.pdf_fonts import use_unicode_font
from quiz_app.core.report import WARNING, ReportOrganisation, Translate, as_is, site_warning
from quiz_app.core.report_markdown import md_cell
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE, N_
from quiz_app.i18n.formats import format_date, format_decimal

TITLE = N_("NIS 2 assessment round: combined report")
WITHHELD = N_(
    "Figures are shown only with at least {n} submissions, so no one's answers can be read."
)
PER_MEASURE = N_("Per measure, widest disagreement first")
MEDIAN = N_("median {value} %")
LEGEND = N_("Light bar: lowest to highest member. Dark line: the median.")


@dataclass(frozen=True)
class RoundRow:
    """One measure: its short title and the members' scores (percent, points)."""

    measure: str
    median: float
    low: float
    high: float
    iqr: float
    members: int

    @property
    def spread(self) -> float:
        """Highest minus lowest score, in percentage points."""
        return self.high - self.low


@dataclass(frozen=True)
class RoundReport:
    """Everything the round's report shows."""

    title: str
    track: str
    deadline: date
    closed_on: date | None
    participants: tuple[str, ...]
    submitted: int
    invited: int
    rows: tuple[RoundRow, ...] | None  # None: too few submissions to show figures
    min_group: int
    organisation: ReportOrganisation | None = None
    local_site: str | None = None  # the links' base when it is this computer (a warning)


def header_rows(
    report: RoundReport, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, str]]:
    """The lines of the report's header table (labels through ``tr``)."""
    rows: list[tuple[str, str]] = []
    if report.organisation is not None:
        org = report.organisation
        rows += [
            (tr("Organisation"), org.name),
            (tr("Member States"), ", ".join(org.member_states) or "-"),
        ]
    closed = format_date(report.closed_on, language) if report.closed_on else tr("open")
    rows += [
        (tr("Round"), report.title),
        (tr("Track"), report.track),
        (tr("Deadline"), format_date(report.deadline, language)),
        (tr("Closed"), closed),
        (
            tr("Submitted"),
            tr("{submitted} of {invited}").format(
                submitted=report.submitted, invited=report.invited
            ),
        ),
    ]
    if report.participants:
        rows.append((tr("Participants"), ", ".join(report.participants)))
    return rows


def _whole(value: float, language: str) -> str:
    return format_decimal(value, language, 0)


def _figures(row: RoundRow, language: str) -> tuple[str, ...]:
    return (
        row.measure,
        *(_whole(v, language) for v in (row.median, row.low, row.high, row.spread, row.iqr)),
        str(row.members),
    )


COLUMNS = (
    N_("Measure"),
    N_("Median %"),
    N_("Lowest %"),
    N_("Highest %"),
    N_("Spread"),
    N_("IQR"),
    N_("Members"),
)


def render_round_markdown(
    report: RoundReport, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> str:
    """The round's combined report as Markdown; ``tr`` translates its words (e.g. a
    gettext), ``language`` says how dates and figures are written."""
    lines = [f"# {tr(TITLE)}", ""]
    warning = site_warning(report.local_site, tr)
    if warning:
        lines += [f"> **{tr(WARNING)}** {warning}", ""]
    lines += ["|  |  |", "|---|---|"]
    lines += [f"| {k} | {md_cell(v)} |" for k, v in header_rows(report, tr, language)]
    lines += ["", f"## {tr(PER_MEASURE)}", ""]
    if report.rows is None:
        lines.append(tr(WITHHELD).format(n=report.min_group))
    else:
        header = [tr(c) for c in COLUMNS]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(COLUMNS)]
        lines += [
            "| " + " | ".join(md_cell(c) for c in _figures(r, language)) + " |" for r in report.rows
        ]
    return "\n".join(lines) + "\n"


def _range_chart(
    pdf: FPDF, family: str, rows: tuple[RoundRow, ...], tr: Translate, language: str
) -> None:
    x0, width, step = pdf.l_margin + 62, 95.0, 6.0
    pdf.set_font(family, size=8)
    for row in rows:
        if pdf.will_page_break(step):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(60, step, row.measure, align="R")
        pdf.set_fill_color(235, 235, 235)
        pdf.rect(x0, y + 1, width, step - 2, style="F")
        pdf.set_fill_color(120, 160, 220)
        pdf.rect(x0 + width * row.low / 100, y + 1, width * row.spread / 100 + 0.4, step - 2, "F")
        pdf.set_draw_color(0, 40, 110)
        pdf.set_line_width(0.8)
        median_x = x0 + width * row.median / 100
        pdf.line(median_x, y + 0.3, median_x, y + step - 0.3)
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(x0 + width + 2, y)
        pdf.cell(25, step, tr(MEDIAN).format(value=_whole(row.median, language)))
        pdf.set_y(y + step)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font(family, size=8)
    pdf.multi_cell(0, 5, tr(LEGEND), new_x="LMARGIN")


def render_round_pdf(
    report: RoundReport, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> bytes:
    """The round's combined report as a PDF (A4); ``tr`` and ``language`` as for
    :func:`render_round_markdown`."""
    pdf = FPDF(format="A4")
    family = use_unicode_font(pdf, size=10)
    pdf.set_title(f"{tr(TITLE)}: {report.title}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(family, style="B", size=16)
    pdf.multi_cell(0, 8, tr(TITLE), new_x="LMARGIN", new_y="NEXT")
    warning = site_warning(report.local_site, tr)
    if warning:
        pdf.set_font(family, style="B", size=9)
        pdf.set_text_color(160, 0, 0)
        pdf.multi_cell(0, 5, f"{tr(WARNING)} {warning}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(family, size=9)
    with pdf.table(col_widths=(40, 140), first_row_as_headings=False, text_align="LEFT") as t:
        for key, value in header_rows(report, tr, language):
            row = t.row()
            row.cell(key)
            row.cell(value)
    pdf.ln(3)
    pdf.set_font(family, style="B", size=13)
    pdf.multi_cell(0, 7, tr(PER_MEASURE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=9)
    if report.rows is None:
        withheld = tr(WITHHELD).format(n=report.min_group)
        pdf.multi_cell(0, 5, withheld, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    _range_chart(pdf, family, report.rows, tr, language)
    pdf.ln(2)
    pdf.set_font(family, size=8)
    with pdf.table(col_widths=(70, 18, 18, 18, 18, 18, 20), text_align="LEFT") as t:
        header = tuple(tr(c) for c in COLUMNS)
        for values in [header, *(_figures(r, language) for r in report.rows)]:
            row = t.row()
            for value in values:
                row.cell(value)
    return bytes(pdf.output())
