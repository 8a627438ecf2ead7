"""The assessment report (:mod:`quiz_app.core.report`) laid out as Markdown, for the board
minutes (a staff knowledge check: a personal report, no approvals, no sign-off): every word
through ``tr``, dates and figures as ``language`` writes them. Pure."""

from __future__ import annotations

from quiz_app.core.advice import Link
from quiz_app.core.report import (
    ACTION_COLUMNS,
    APPROVAL_COLUMNS,
    AREA_COLUMNS,
    CUSTOMER,
    GAP_READ,
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
    percent_text,
    report_title,
    sign_off_rows,
    site_warning,
    training_line,
)
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE


def md_link(link: Link) -> str:
    """A link as Markdown."""
    return f"[{link.label}]({link.url})"


def md_cell(text: str) -> str:
    """Text for one cell of a Markdown table: on one line, its bars escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _md_rows(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _md_governance(report: Report, tr: Translate, language: str) -> list[str]:
    lines = ["", f"## {tr(HEADINGS['actions'])}", ""]
    if report.actions:
        lines += _md_rows(tuple(tr(c) for c in ACTION_COLUMNS), action_rows(report, tr, language))
    else:
        lines.append(tr(NO_ACTIONS))
    if report.knowledge_check or not (report.approvals or report.training):
        return lines  # a personal check, or a role that may not see the board's record
    lines += ["", f"## {tr(HEADINGS['approvals'])}", ""]
    if report.approvals:
        lines += _md_rows(
            tuple(tr(c) for c in APPROVAL_COLUMNS), approval_rows(report, tr, language)
        )
    else:
        lines.append(tr(NO_APPROVALS))
    return [*lines, "", training_line(report, tr)]


def _md_gaps(report: Report, tr: Translate, language: str) -> list[str]:
    lines = ["", f"## {tr(HEADINGS['gaps'])}", ""]
    if not report.gaps:
        lines.append(tr(NO_GAPS))
    for gap in report.gaps:
        links = ", ".join(md_link(link) for link in gap.links)
        lines.append(
            f"{gap.rank}. **{gap.question}** {gap_figures(gap, tr, language)} - "
            + tr(GAP_READ).format(links=links)
        )
        if gap.correct_answer is not None:
            answer = choice_text(gap.your_answer or NOT_ANSWERED, tr)
            lines.append("   - " + tr(YOUR_ANSWER).format(answer=answer))
            lines.append("   - " + tr(RIGHT_ANSWER).format(answer=gap.correct_answer))
        if gap.explanation:
            lines.append("   - " + tr(WHY).format(why=gap.explanation))
    return lines


def _md_answers_and_advice(report: Report, tr: Translate) -> list[str]:
    lines = ["", f"## {tr(HEADINGS['answers'])}", ""] if report.sections else []
    for section in report.sections:
        lines += [f"### {section.title}", ""]
        lines += [f"- {a.question} **{choice_text(a.answer, tr)}**" for a in section.answers]
        lines.append("")
    if report.advice:
        lines += ["", f"## {tr(HEADINGS['advice'])}", ""]
    for advice in report.advice:
        lines += [f"### {md_link(advice.page)}", ""]
        services = ", ".join(md_link(s) for s in advice.services)
        lines.append("- " + tr(SERVICES).format(services=services))
        lines.append(f"- {tr(CUSTOMER)}")
        lines += [f"    - {duty}" for duty in advice.customer]
        lines.append("")
    return lines


def render_markdown(report: Report, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE) -> str:
    """The report as Markdown; ``tr`` translates its words (e.g. a gettext), ``language``
    says how dates and figures are written."""
    lines = [f"# {report_title(report, tr)}", ""]
    if report.knowledge_check:
        lines += [tr(KNOWLEDGE_NOTE), ""]
    warning = site_warning(report.local_site, tr)
    if warning:
        lines += [f"> **{tr(WARNING)}** {warning}", ""]
    lines += _md_rows(("", ""), header_rows(report, tr, language))
    lines += ["", tr(SCORING_NOTE), "", f"## {tr(HEADINGS['areas'])}", ""]
    lines += _md_rows(
        tuple(tr(c) for c in AREA_COLUMNS),
        [
            (md_link(a.link), percent_text(a.percent, language), str(a.questions))
            for a in report.areas
        ],
    )
    lines += _md_gaps(report, tr, language)
    lines += _md_governance(report, tr, language)
    lines += _md_answers_and_advice(report, tr)
    if report.knowledge_check:
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += ["", f"## {tr(HEADINGS['sign_off'])}", ""]
    lines += _md_rows(
        tuple(tr(c) for c in SIGN_OFF_COLUMNS),
        [(role, name or "", "", "") for role, name in sign_off_rows(report, tr)],
    )
    return "\n".join(lines).rstrip("\n") + "\n"
