"""Report layout found in the German/French user trial: the sign-off block stays on one
page, table cells are not justified, a link's label and address are joined the reader's
way, the customer's duties read after their heading, and a staff member's knowledge check
is a personal report without the board's approvals and sign-off."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from test_report import FULL, SMALL, pdf_text

from quiz_app.core.advice import Link
from quiz_app.core.report import Report, ReportArea, ReportGap
from quiz_app.core.report_markdown import render_markdown
from quiz_app.core.report_pdf import render_pdf
from quiz_app.i18n import translator

SIGN_OFF_BLOCK = ("Sign-off", "Assessed by", "For the management body")


def _pages(pdf: bytes, *options: str) -> list[str]:
    """The text of each page as pdftotext extracts it (pages split at its form feeds)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    done = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def _with_gaps(count: int) -> Report:
    gap = SMALL.gaps[1]
    gaps = tuple(ReportGap(**{**gap.__dict__, "rank": i}) for i in range(1, count + 1))
    return Report(**{**FULL.__dict__, "gaps": gaps})


def test_the_sign_off_block_is_never_split_across_pages():
    """Wherever the report's length leaves the block, it is printed whole on one page."""
    seen_pages = set()
    for count in range(0, 24):
        pages = _pages(render_pdf(_with_gaps(count)))
        seen_pages.add(len(pages))
        holding = [i for i, page in enumerate(pages) if "Sign-off" in page]
        assert holding == [len(pages) - 1], count
        last = pages[-1]
        for text in SIGN_OFF_BLOCK:
            assert text in last, (count, text)
        assert last.count("Signature") == 3, count
        assert last.count("For the management body") == 2, count
    assert len(seen_pages) > 2  # the sweep moved the block over more than one page break


def test_table_cells_are_aligned_left_not_justified():
    long = Link(
        "Art. 21 Abs. 2 Buchst. d: Sicherheit der Lieferkette einschließlich "
        "sicherheitsbezogener Aspekte der Beziehungen zwischen den Einrichtungen",
        "https://kb.example.org/nis2/measures/21-2-d/",
    )
    report = Report(**{**SMALL.__dict__, "areas": (ReportArea(long, 50.0, 1),)})
    text = "\n".join(_pages(render_pdf(report), "-layout"))
    assert "Art. 21 Abs. 2 Buchst. d: Sicherheit der Lieferkette" in text


def test_a_links_label_and_address_are_joined_the_readers_way():
    link = SMALL.advice[0].page
    french = pdf_text(render_pdf(SMALL, tr=translator("fr").gettext, language="fr"))
    assert f"{link.label} : {link.url}" in french
    assert f"{link.label}: {link.url}" in pdf_text(render_pdf(SMALL))


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "What stays with the customer:"),
        ("de", "Was beim Kunden bleibt:"),
        ("fr", "Ce qui reste au client :"),
    ],
)
def test_the_customers_duties_read_after_their_heading(language, heading):
    markdown = render_markdown(SMALL, tr=translator(language).gettext, language=language)
    assert f"- {heading}\n    - Runs the incident process." in markdown


STAFF = Report(
    **{
        **FULL.__dict__,
        "track": "Staff cybersecurity knowledge check",
        "knowledge_check": True,
    }
)


def test_a_knowledge_check_is_a_personal_report_without_the_boards_sign_off():
    markdown = render_markdown(STAFF)
    assert markdown.startswith("# NIS 2 knowledge check: personal report\n")
    assert "A personal record of your knowledge check" in markdown
    for board in ("Sign-off", "Signature", "For the management body", "Approvals by the"):
        assert board not in markdown, board
    text = pdf_text(render_pdf(STAFF))
    assert text.startswith("NIS 2 knowledge check: personal report")
    for board in ("Sign-off", "Signature", "For the management body", "Approvals by the"):
        assert board not in text, board
    # The management track's report keeps its approvals and sign-off.
    assert "Sign-off" in render_markdown(FULL) and "Approvals by the" in render_markdown(FULL)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("de", "# NIS-2-Wissenstest: persönlicher Bericht\n"),
        ("fr", "# Test de connaissances NIS 2 : rapport personnel\n"),
    ],
)
def test_the_knowledge_check_report_is_translated(language, title):
    markdown = render_markdown(STAFF, tr=translator(language).gettext, language=language)
    assert markdown.startswith(title)
    assert "personal report" not in markdown and "A personal record" not in markdown
