"""A Unicode font for PDFs made with fpdf2, so names in every EU alphabet print.

fpdf2's built-in fonts (Helvetica, Times) know Latin-1 only: "Łukasz", "Řehoř" or Greek
names would fail or print as question marks. This module registers DejaVu Sans (shipped in
``quiz_app/core/fonts/`` with its licence, ``LICENSE-DejaVu.txt``: the Bitstream Vera
licence, free to use and redistribute), which covers Latin, Greek and Cyrillic.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def use_unicode_font(pdf: FPDF, size: float = 11) -> str:
    """Register the Unicode font on ``pdf`` (regular and bold), select it; return its family."""
    if FAMILY.lower() not in {key.rstrip("b").rstrip("B") for key in pdf.fonts}:
        for style, name in FILES.items():
            pdf.add_font(FAMILY, style=style, fname=str(FONT_DIR / name))
    pdf.set_font(FAMILY, size=size)
    return FAMILY
