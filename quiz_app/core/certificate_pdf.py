"""The PDF of a training certificate (pure: facts in, bytes out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from quiz_app.core.pdf_fonts import use_unicode_font


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states."""

    person_name: str
    module_title: str
    module_version: str
    completed_on: date
    score_raw: int
    score_max: int
    valid_until: date | None
    organisation: str
    code: str


def certificate_pdf(facts: CertificateFacts) -> bytes:
    """A one-page A4 landscape certificate of ``facts``."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(f"Certificate: {facts.module_title}")
    pdf.set_creator("NIS 2 training")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    family = use_unicode_font(pdf)
    width = pdf.w - 2 * pdf.l_margin

    def line(text: str, size: float, style: str = "", gap: float = 4) -> None:
        pdf.set_font(family, style=style, size=size)
        pdf.multi_cell(width, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(30)
    line(facts.organisation, 14)
    line("Certificate of training", 28, "B", 10)
    line("This certifies that", 13)
    line(facts.person_name, 24, "B", 8)
    line("has passed the training module", 13)
    line(f"{facts.module_title} (version {facts.module_version})", 18, "B", 8)
    percent = round(100 * facts.score_raw / facts.score_max) if facts.score_max else 0
    line(
        f"on {facts.completed_on.isoformat()} with a score of {facts.score_raw} of "
        f"{facts.score_max} ({percent} %).",
        13,
    )
    if facts.valid_until is not None:
        line(f"Valid until {facts.valid_until.isoformat()}.", 13, gap=12)
    line(f"Verification code: {facts.code}", 12, "B", 2)
    line(
        "Check it in the training app (Verify certificate) or with "
        "`python -m quiz_app certificate verify CODE`.",
        9,
    )
    return bytes(pdf.output())
