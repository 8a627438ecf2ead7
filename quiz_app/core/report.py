"""The assessment report for the board minutes (or, for the staff track, a personal
knowledge check report without the board's approvals and sign-off): its content (here),
laid out as Markdown (``report_markdown``) and PDF (``report_pdf``).

:func:`build_report` resolves a scored assessment against the knowledge base into a
:class:`Report` of plain strings and links; :func:`quiz_app.core.report_markdown.render_markdown`
and :func:`quiz_app.core.report_pdf.render_pdf` only lay it out. Besides the score the report
carries what the caller gathered (``quiz_app.reporting``): the organisation, the round, the
remediation actions, the board's approvals and training, and a warning when the links still
point at the local default site. Every word the layout adds is English, marked for the
catalogues and shown through ``tr`` (the reader's gettext); dates and figures are written the
reader's way (``language``); the knowledge base's texts come already in the reader's language
(the caller passes the localised knowledge base). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from kb.model import KnowledgeBase, Question
from quiz_app.core.advice import Link, MeasureAdvice, measure_advice, page_link, short_label
from quiz_app.core.scoring import AssessmentScore, Gap, QuestionResult
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE, N_
from quiz_app.i18n.formats import format_date, format_percent

# Labels pass through ``tr`` (render_markdown / render_pdf): the reader's gettext, or as is.
Translate = Callable[[str], str]
TITLE = N_("NIS 2 self-assessment report")
KNOWLEDGE_TITLE = N_("NIS 2 knowledge check: personal report")
KNOWLEDGE_NOTE = N_(
    "A personal record of your knowledge check: your answers, the right answers and "
    "what to read. It is for you, not for the minutes of the management body, and needs "
    "no sign-off."
)
LINK = N_("{label}: {url}")
# The maturity levels a report names (``Report.maturity``), for the catalogues.
WORDS = (N_("initial"), N_("developing"), N_("defined"), N_("managed"), N_("not rated"))
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")
NOT_ANSWERED = N_("(not answered)")
NOT_APPLICABLE_TEXT = N_("(not applicable)")
ENTITY_CLASSES = {"essential": N_("essential entity"), "important": N_("important entity")}
SITE_WARNING = N_(
    "The links in this report point at {site_url}, a site on this computer only: "
    "set NIS2_SITE_URL to the site's public address so readers can open them."
)
WARNING = N_("Warning:")
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
    local_site: str | None = None  # the links' base when it is this computer (a warning)
    knowledge_check: bool = False  # a staff member's own check: no board approvals, no sign-off


def as_is(text: str) -> str:
    """No translation: the English label."""
    return text


def is_local_url(url: str) -> bool:
    """Whether ``url`` points at this machine (the site's default, useless to a reader)."""
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def site_warning(site_url: str | None, tr: Translate = as_is) -> str | None:
    """The warning printed when the report's links would point at a local site, else None."""
    if not site_url or not is_local_url(site_url):
        return None
    return tr(SITE_WARNING).format(site_url=site_url)


def percent_text(percent: float | None, language: str = DEFAULT_LANGUAGE) -> str:
    """A percentage as shown everywhere in the app: ``62.5 %`` / ``62,5 %`` or ``n/a``."""
    return format_percent(percent, language)


def choice_text(answer: str, tr: Translate = as_is) -> str:
    """An answer as printed: the option's text as given, or why there is none (translated)."""
    return tr(answer) if answer in (NOT_ANSWERED, NOT_APPLICABLE_TEXT) else answer


def _correct_option(question: Question) -> str | None:
    return next((o.text for o in question.options if o.correct), None)


def _report_gap(kb: KnowledgeBase, rank: int, gap: Gap, language: str) -> ReportGap:
    question = gap.question
    knowledge = question.kind == "knowledge"
    chosen = question.options[gap.option_index].text if gap.option_index is not None else None
    return ReportGap(
        rank=rank,
        question=question.text,
        weight=question.weight,
        percent=100 * gap.score,
        links=tuple(page_link(kb, key, language) for key in gap.page_keys),
        your_answer=chosen if gap.status == "answered" else NOT_ANSWERED,
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
    language: str = DEFAULT_LANGUAGE,
    knowledge_check: bool = False,
) -> Report:
    """Resolve a scored assessment into a :class:`Report` (``track`` is the track's title);
    the keyword arguments after ``taken_on`` are printed as given (``site_url``: the base of
    the report's links, to warn about when it is local; ``language``: that of ``kb``, in
    which the links name the site's pages; ``knowledge_check``: a staff member's personal
    knowledge check, printed without the board's approvals and sign-off)."""
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
        areas=tuple(
            ReportArea(page_link(kb, a.key, language), a.percent, a.questions) for a in score.areas
        ),
        gaps=tuple(_report_gap(kb, i, g, language) for i, g in enumerate(score.gaps, start=1)),
        advice=tuple(measure_advice(kb, m, language) for m in measures_with_gaps),
        organisation=organisation,
        round=round,
        sections=answer_sections(score),
        chart=chart_bars(kb, score),
        actions=actions,
        approvals=approvals,
        training=training,
        local_site=site_url if site_url and is_local_url(site_url) else None,
        knowledge_check=knowledge_check,
    )


SIGN_OFF_ROLES = (
    N_("Assessed by"),
    N_("For the management body"),
    N_("For the management body"),
)
SIGN_OFF_COLUMNS = (N_("Role"), N_("Name"), N_("Date"), N_("Signature"))
ACTION_COLUMNS = ("#", N_("Action"), N_("Owner"), N_("Due"), N_("Status"), N_("Evidence"))
APPROVAL_COLUMNS = (N_("Date"), N_("Approved"), N_("Meeting"), N_("Members present"))
AREA_COLUMNS = (N_("Area"), N_("Score"), N_("Questions"))
GAP_FIGURES = N_("(weight {weight}, score {score})")
GAP_READ = N_("read: {links}")
HEADINGS = {
    "areas": N_("Score per area"),
    "gaps": N_("Gaps, heaviest first"),
    "actions": N_("Remediation actions"),
    "approvals": N_("Approvals by the management body (Art. 20)"),
    "answers": N_("The answers chosen"),
    "advice": N_("What helps, per measure with gaps"),
    "sign_off": N_("Sign-off"),
}
NO_GAPS = N_("No gaps: every applicable question reaches its target level.")
NO_ACTIONS = N_("No action has been opened on this assessment's gaps.")
NO_APPROVALS = N_("No approval recorded.")
YOUR_ANSWER = N_("Your answer: {answer}")
RIGHT_ANSWER = N_("Right answer: {answer}")
WHY = N_("Why: {why}")
SERVICES = N_("AWS services that help: {services}")
CUSTOMER = N_("What stays with the customer:")


def report_title(report: Report, tr: Translate = as_is) -> str:
    """The report's title: the board's self-assessment report or a personal knowledge check."""
    return tr(KNOWLEDGE_TITLE if report.knowledge_check else TITLE)


def link_text(link: Link, tr: Translate = as_is) -> str:
    """A link's label and address joined as the reader's language writes it."""
    return tr(LINK).format(label=link.label, url=link.url)


def sign_off_rows(report: Report, tr: Translate = as_is) -> list[tuple[str, str]]:
    """(role, name) per signature line: the person assessed, then two for the board."""
    return [(tr(role), report.person if i == 0 else "") for i, role in enumerate(SIGN_OFF_ROLES)]


def organisation_rows(
    report: Report, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, str]]:
    """The organisation's and the round's lines of the header (empty when unknown)."""
    rows: list[tuple[str, str]] = []
    org = report.organisation
    if org is not None:
        entity = ENTITY_CLASSES.get(org.entity_class or "", org.entity_class or N_("not set"))
        rows += [
            (tr("Organisation"), org.name),
            (tr("Member States"), ", ".join(org.member_states) or "-"),
            (tr("Class"), tr(entity)),
            (tr("Competent authority"), org.competent_authority or tr("not set")),
        ]
    if report.round is not None:
        r = report.round
        rows += [
            (
                tr("Round"),
                tr("{title} (deadline {deadline})").format(
                    title=r.title, deadline=format_date(r.deadline, language)
                ),
            ),
            (
                tr("Participants"),
                tr("{names} ({submitted} of {invited} submitted)").format(
                    names=", ".join(r.participants),
                    submitted=r.submitted,
                    invited=len(r.participants),
                ),
            ),
        ]
    return rows


def header_rows(
    report: Report, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, str]]:
    """Every line of the report's header table, organisation first (labels through ``tr``,
    the date and the score as ``language`` writes them)."""
    counts = tr(
        "{answered} answered, {not_applicable} not applicable, {unanswered} unanswered"
    ).format(
        answered=report.answered,
        not_applicable=report.not_applicable,
        unanswered=report.unanswered,
    )
    return organisation_rows(report, tr, language) + [
        (tr("Person"), report.person),
        (tr("Track"), report.track),
        (tr("Date"), format_date(report.taken_on, language)),
        (tr("Overall score"), percent_text(report.percent, language)),
        (tr("Maturity"), tr(report.maturity)),
        (tr("Questions"), counts),
    ]


def training_line(report: Report, tr: Translate = as_is) -> str:
    """Who of the management body holds a valid management training (Art. 20(2))."""
    if not report.training:
        return tr("No member of the management body is recorded.")
    trained = [t.name for t in report.training if t.trained]
    missing = [t.name for t in report.training if not t.trained]
    nobody = tr("nobody")
    return tr("Valid management training: {trained}; without: {missing}.").format(
        trained=", ".join(trained) or nobody, missing=", ".join(missing) or nobody
    )


def action_rows(
    report: Report, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, ...]]:
    """One row per remediation action, under :data:`ACTION_COLUMNS`."""
    return [
        (
            str(a.id),
            a.title,
            a.owner,
            format_date(a.due_on, language),
            tr(a.status),
            str(a.evidence),
        )
        for a in report.actions
    ]


def approval_rows(
    report: Report, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, ...]]:
    """One row per approval of the management body, under :data:`APPROVAL_COLUMNS`."""
    return [
        (
            format_date(a.approved_on, language),
            tr(a.subject),
            a.meeting_reference,
            ", ".join(a.members),
        )
        for a in report.approvals
    ]


def gap_figures(gap: ReportGap, tr: Translate = as_is, language: str = DEFAULT_LANGUAGE) -> str:
    """``(weight 4, score 0.0 %)`` in the reader's words."""
    return tr(GAP_FIGURES).format(weight=gap.weight, score=percent_text(gap.percent, language))
