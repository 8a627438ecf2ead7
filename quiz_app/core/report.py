"""The assessment report for the board minutes, as Markdown (here) and PDF (``report_pdf``).

:func:`build_report` resolves a scored assessment against the knowledge base into a
:class:`Report` of plain strings and links; :func:`render_markdown` and
:func:`quiz_app.core.report_pdf.render_pdf` only lay it out. Besides the score the report
carries what the caller gathered (``quiz_app.reporting``): the organisation, the round, the
remediation actions, the board's approvals and training, and a warning when the links still
point at the local default site. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from kb.model import KnowledgeBase, Question
from quiz_app.core.advice import Link, MeasureAdvice, measure_advice, page_link, short_label
from quiz_app.core.scoring import AssessmentScore, Gap, QuestionResult
from quiz_app.i18n.catalogue import N_

# Labels pass through ``tr`` (render_markdown / render_pdf): the reader's gettext, or as is.
Translate = Callable[[str], str]
TITLE = N_("NIS 2 self-assessment report")
# The words a report shows, for the catalogues (shown through ``tr``; others stay English).
WORDS = (N_("initial"), N_("developing"), N_("defined"), N_("managed"), N_("not rated"))
WORDS += (N_("(not answered)"), N_("Person"), N_("Track"), N_("Date"), N_("Overall score"))
WORDS += (N_("Maturity"), N_("Questions"), N_("Score per area"), N_("Area"), N_("Score"))
WORDS += (N_("Gaps, heaviest first"), N_("Your answer"), N_("Right answer"), N_("Why"))
WORDS += (N_("What helps, per measure with gaps"), N_("AWS services that help"), N_("read"))
WORDS += (N_("Your own responsibilities (customer side)"), N_("weight"), N_("score"))
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")
NOT_ANSWERED = "(not answered)"
NOT_APPLICABLE_TEXT = "(not applicable)"
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
class ReportOrganisation:
    """The organisation as its profile names it."""

    name: str
    member_states: tuple[str, ...]
    entity_class: str | None
    competent_authority: str | None


@dataclass(frozen=True)
class ReportRound:
    """The assessment round the assessment was submitted in."""

    title: str
    deadline: date
    participants: tuple[str, ...]
    submitted: int


@dataclass(frozen=True)
class ReportAnswer:
    """One question with the answer chosen (or why there is none)."""

    question: str
    answer: str


@dataclass(frozen=True)
class ReportSection:
    """The answers of one section of the question bank, in the bank's order."""

    title: str
    answers: tuple[ReportAnswer, ...]


@dataclass(frozen=True)
class ChartBar:
    """One bar of the per-measure chart: the measure's short title, its score and target."""

    label: str
    percent: float
    target: float


@dataclass(frozen=True)
class ReportAction:
    """One remediation action opened on a gap of this assessment."""

    id: int
    title: str
    owner: str
    due_on: date
    status: str
    evidence: int


@dataclass(frozen=True)
class ReportApproval:
    """One approval of the management body (Art. 20(1))."""

    approved_on: date
    subject: str
    meeting_reference: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class ReportTraining:
    """One member of the management body and whether their management training is valid."""

    name: str
    trained: bool


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
    organisation: ReportOrganisation | None = None
    round: ReportRound | None = None
    sections: tuple[ReportSection, ...] = ()
    chart: tuple[ChartBar, ...] = ()
    actions: tuple[ReportAction, ...] = ()
    approvals: tuple[ReportApproval, ...] = ()
    training: tuple[ReportTraining, ...] = ()
    site_warning: str | None = None


def is_local_url(url: str) -> bool:
    """Whether ``url`` points at this machine (the site's default, useless to a reader)."""
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def site_warning(site_url: str) -> str | None:
    """The warning printed when the report's links would point at a local site, else None."""
    if not is_local_url(site_url):
        return None
    return (
        f"The links in this report point at {site_url}, a site on this computer only: "
        "set NIS2_SITE_URL to the site's public address so readers can open them."
    )


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


def answer_text(result: QuestionResult) -> str:
    """The text of the option chosen, or why there is none."""
    if result.status == "not_applicable":
        return NOT_APPLICABLE_TEXT
    if result.option_index is None:
        return NOT_ANSWERED
    return result.question.options[result.option_index].text


def answer_sections(score: AssessmentScore) -> tuple[ReportSection, ...]:
    """The answer chosen for each question, grouped by section in the bank's order."""
    sections: dict[str, list[ReportAnswer]] = {}
    for result in score.results:
        sections.setdefault(result.question.section, []).append(
            ReportAnswer(" ".join(result.question.text.split()), answer_text(result))
        )
    return tuple(ReportSection(title, tuple(answers)) for title, answers in sections.items())


def chart_bars(kb: KnowledgeBase, score: AssessmentScore) -> tuple[ChartBar, ...]:
    """One bar per rated measure: its short title, score and target floor (percent)."""
    return tuple(
        ChartBar(short_label(kb, area.key), area.percent, score.target_of(area).floor)
        for area in score.measure_areas()
        if area.percent is not None
    )


def build_report(
    kb: KnowledgeBase,
    score: AssessmentScore,
    *,
    person: str,
    track: str,
    taken_on: date,
    organisation: ReportOrganisation | None = None,
    round: ReportRound | None = None,
    actions: tuple[ReportAction, ...] = (),
    approvals: tuple[ReportApproval, ...] = (),
    training: tuple[ReportTraining, ...] = (),
    site_url: str | None = None,
) -> Report:
    """Resolve a scored assessment into a :class:`Report` (``track`` is the track's title);
    the keyword arguments after ``taken_on`` are printed as given (``site_url``: the base of
    the report's links, to warn about when it is local)."""
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
        organisation=organisation,
        round=round,
        sections=answer_sections(score),
        chart=chart_bars(kb, score),
        actions=actions,
        approvals=approvals,
        training=training,
        site_warning=site_warning(site_url) if site_url else None,
    )


def _md_link(link: Link) -> str:
    return f"[{link.label}]({link.url})"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


SIGN_OFF_ROLES = ("Assessed by", "For the management body", "For the management body")


def sign_off_rows(report: Report) -> list[tuple[str, str]]:
    """(role, name) per signature line: the person assessed, then two for the board."""
    return [(role, report.person if i == 0 else "") for i, role in enumerate(SIGN_OFF_ROLES)]


def organisation_rows(report: Report) -> list[tuple[str, str]]:
    """The organisation's and the round's lines of the header (empty when unknown)."""
    rows: list[tuple[str, str]] = []
    org = report.organisation
    if org is not None:
        rows += [
            ("Organisation", org.name),
            ("Member States", ", ".join(org.member_states) or "-"),
            ("Class", f"{org.entity_class} entity" if org.entity_class else "not set"),
            ("Competent authority", org.competent_authority or "not set"),
        ]
    if report.round is not None:
        r = report.round
        rows += [
            ("Round", f"{r.title} (deadline {r.deadline.isoformat()})"),
            (
                "Participants",
                f"{', '.join(r.participants)} ({r.submitted} of {len(r.participants)} submitted)",
            ),
        ]
    return rows


def as_is(text: str) -> str:
    """No translation: the English label."""
    return text


def header_rows(report: Report, tr: Translate = as_is) -> list[tuple[str, str]]:
    """Every line of the report's header table, organisation first (labels through ``tr``)."""
    counts = tr(
        "{answered} answered, {not_applicable} not applicable, {unanswered} unanswered"
    ).format(
        answered=report.answered,
        not_applicable=report.not_applicable,
        unanswered=report.unanswered,
    )
    return organisation_rows(report) + [
        (tr("Person"), report.person),
        (tr("Track"), report.track),
        (tr("Date"), report.taken_on.isoformat()),
        (tr("Overall score"), percent_text(report.percent)),
        (tr("Maturity"), tr(report.maturity)),
        (tr("Questions"), counts),
    ]


def training_line(report: Report) -> str:
    """Who of the management body holds a valid management training (Art. 20(2))."""
    if not report.training:
        return "No member of the management body is recorded."
    trained = [t.name for t in report.training if t.trained]
    missing = [t.name for t in report.training if not t.trained]
    return (
        f"Valid management training: {', '.join(trained) or 'nobody'}; "
        f"without: {', '.join(missing) or 'nobody'}."
    )


def _md_rows(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _md_governance(report: Report) -> list[str]:
    lines = ["", "## Remediation actions", ""]
    if report.actions:
        lines += _md_rows(
            ("#", "Action", "Owner", "Due", "Status", "Evidence"),
            [
                (str(a.id), a.title, a.owner, a.due_on.isoformat(), a.status, str(a.evidence))
                for a in report.actions
            ],
        )
    else:
        lines.append("No action has been opened on this assessment's gaps.")
    if not (report.approvals or report.training):  # not shown to roles that may not see it
        return lines
    lines += ["", "## Approvals by the management body (Art. 20)", ""]
    if report.approvals:
        lines += _md_rows(
            ("Date", "Approved", "Meeting", "Members present"),
            [
                (a.approved_on.isoformat(), a.subject, a.meeting_reference, ", ".join(a.members))
                for a in report.approvals
            ],
        )
    else:
        lines.append("No approval recorded.")
    return [*lines, "", training_line(report)]


def render_markdown(report: Report, tr: Translate = as_is) -> str:
    """The report as Markdown; ``tr`` translates its labels (e.g. a gettext)."""
    lines = [f"# {tr(TITLE)}", ""]
    if report.site_warning:
        lines += [f"> **Warning:** {report.site_warning}", ""]
    lines += _md_rows(("", ""), header_rows(report, tr))
    lines += [
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
            lines.append(f"   - {tr('Your answer')}: {gap.your_answer}")
            lines.append(f"   - {tr('Right answer')}: {gap.correct_answer}")
        if gap.explanation:
            lines.append(f"   - {tr('Why')}: {gap.explanation}")
    lines += _md_governance(report)
    if report.sections:
        lines += ["", "## The answers chosen", ""]
    for section in report.sections:
        lines += [f"### {section.title}", ""]
        lines += [f"- {a.question} **{a.answer}**" for a in section.answers]
        lines.append("")
    if report.advice:
        lines += ["", f"## {tr('What helps, per measure with gaps')}", ""]
    for advice in report.advice:
        lines += [f"### {_md_link(advice.page)}", ""]
        services = ", ".join(_md_link(s) for s in advice.services)
        lines.append(f"- {tr('AWS services that help')}: {services}")
        lines.append(f"- {tr('Your own responsibilities (customer side)')}:")
        lines += [f"    - {duty}" for duty in advice.customer]
        lines.append("")
    lines += ["", "## Sign-off", ""]
    lines += _md_rows(
        ("Role", "Name", "Date", "Signature"),
        [(role, name or "", "", "") for role, name in sign_off_rows(report)],
    )
    return "\n".join(lines).rstrip("\n") + "\n"
