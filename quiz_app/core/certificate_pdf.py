"""The PDF of a training certificate (pure: facts in, bytes out), in the holder's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from quiz_app.core.pdf_fonts import use_unicode_font
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE, translator
from quiz_app.i18n.formats import format_date


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
    language: str = DEFAULT_LANGUAGE  # the holder's (en, de, fr): labels and dates


def certificate_pdf(facts: CertificateFacts) -> bytes:
    """A one-page A4 landscape certificate of ``facts``, labelled in ``facts.language``."""
    tr = translator(facts.language).gettext

    def day(value: date) -> str:
        return format_date(value, facts.language)

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(tr("Certificate: {title}").format(title=facts.module_title))
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
    line(tr("Certificate of training"), 28, "B", 10)
    line(tr("This certifies that"), 13)
    line(facts.person_name, 24, "B", 8)
    line(tr("has passed the training module"), 13)
    module = tr("{title} (version {version})")
    line(module.format(title=facts.module_title, version=facts.module_version), 18, "B", 8)
    percent = round(100 * facts.score_raw / facts.score_max) if facts.score_max else 0
    score = tr("on {date} with a score of {raw} of {max} ({percent} %).")
    line(
        score.format(
            date=day(facts.completed_on), raw=facts.score_raw, max=facts.score_max, percent=percent
        ),
        13,
    )
    if facts.valid_until is not None:
        line(tr("Valid until {date}.").format(date=day(facts.valid_until)), 13, gap=12)
    line(tr("Verification code: {code}").format(code=facts.code), 12, "B", 2)
    line(
        tr(
            "Check it in the training app (Verify certificate) or with "
            "`python -m quiz_app certificate verify CODE`."
        ),
        9,
    )
    return bytes(pdf.output())
