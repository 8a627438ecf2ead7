"""The one schema of the knowledge base.

Every YAML file in ``data/`` is validated into these models. Unknown keys are
errors (``extra="forbid"``), so a typo in a key never silently drops data.
Cross-references between files (a measure naming a service, a question naming a
page) are checked in :func:`KnowledgeBase.check_references`, which returns every
problem at once with the path of the item that holds it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    PrivateAttr,
    model_validator,
)

from kb.fields import ReviewDate, distinct_words

if TYPE_CHECKING:
    from kb.references import ReferenceError_

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case id: letters, digits, -")]
Text = Annotated[str, Field(min_length=1, description="plain text or Markdown, own words")]


def _strip(value: str) -> str:
    return value.strip()


Line = Annotated[str, Field(min_length=1), AfterValidator(_strip)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Reviewed(Strict):
    """An entry a reviewer has checked against its source on a given day."""

    reviewed: ReviewDate = Field(
        description="day the entry was last checked against its source, YYYY-MM-DD; "
        "`python -m generator stale` lists entries older than the allowed age"
    )
    reviewed_against: HttpUrl = Field(
        description="the source the reviewer checked the entry against (the Official Journal "
        "text, AWS's own page)"
    )


class Source(Strict):
    """A citation: where a fact or a mapping comes from."""

    title: Line = Field(description="what the source is, e.g. 'Directive (EU) 2022/2555, Art. 23'")
    url: HttpUrl = Field(description="public address of the source")


# ---------------------------------------------------------------- articles


class Paragraph(Strict):
    """One part of an article explained in plain words."""

    ref: Line = Field(description="paragraph reference as in the Directive, e.g. '23(1)'")
    heading: Line = Field(description="short heading")
    body: Text = Field(description="what it asks, in plain words (Markdown)")


class Article(Reviewed):
    """A provision of Directive (EU) 2022/2555 that the knowledge base explains."""

    number: int = Field(ge=1, le=46, description="article number; page is /articles/<number>/")
    title: Line = Field(description="the article's official title")
    chapter: Line = Field(description="chapter of the Directive, e.g. 'Chapter IV'")
    summary: Text = Field(description="one paragraph: what the article asks, in plain words")
    paragraphs: list[Paragraph] = Field(min_length=1, description="its parts, explained")
    audience: list[Literal["management", "staff", "engineers", "legal"]] = Field(
        default_factory=list, description="who should read it first"
    )
    related_articles: list[int] = Field(default_factory=list, description="see-also articles")
    tags: list[Slug] = Field(default_factory=list, description="tags shown on the page")
    sources: list[Source] = Field(min_length=1, description="citations")


# ---------------------------------------------------------------- services


class ServiceModel(StrEnum):
    """How much of the stack AWS runs for a service (shared responsibility)."""

    INFRASTRUCTURE = "infrastructure"
    CONTAINER = "container"
    ABSTRACTED = "abstracted"
    PROGRAMME = "programme"


class Service(Reviewed):
    """An AWS service, programme or resource named in the whitepaper."""

    id: Slug = Field(description="stable id; page is /services/<id>/")
    name: Line = Field(description="official name, e.g. 'AWS CloudTrail'")
    description: Line = Field(max_length=300, description="one line: what it is for")
    category: Slug = Field(description="category id, from the categories list in services.yaml")
    model: ServiceModel = Field(description="infrastructure, container, abstracted or programme")
    url: HttpUrl = Field(description="official AWS page")
    responsibility: Text = Field(
        description="who does what for this entry under the shared responsibility model, in a "
        "sentence or two that fit it (a protocol, a format or a feature is not a service AWS runs)"
    )
    details: str = Field(default="", description="optional longer explanation (Markdown)")
    aliases: list[Line] = Field(default_factory=list, description="other names and acronyms")


class Category(Strict):
    """A group of services, shown as a section of the services index."""

    id: Slug
    title: Line
    description: Line


# ---------------------------------------------------------------- measures


class ServiceModelShift(Strict):
    """How the split of work moves with the service model."""

    infrastructure: Text = Field(description="what the customer runs on IaaS (e.g. EC2)")
    container: Text = Field(description="what changes on container services (e.g. RDS)")
    abstracted: Text = Field(description="what remains on abstracted services (e.g. S3)")


class Responsibility(Strict):
    """Who does what for one measure under the shared responsibility model."""

    aws: list[Line] = Field(min_length=1, description="what AWS secures (security OF the cloud)")
    customer: list[Line] = Field(
        min_length=1, description="what the customer must do (security IN the cloud)"
    )
    shared: list[Line] = Field(min_length=1, description="what both sides contribute")
    by_model: ServiceModelShift = Field(description="how the split shifts per service model")


class ServiceUse(Strict):
    """One service that helps with a measure, and how."""

    service: Slug = Field(description="id of a service in services.yaml")
    how: Text = Field(description="one or two sentences: how it helps with this measure")
    source: HttpUrl = Field(description="URL backing this mapping")


class Measure(Reviewed):
    """One of the ten points of Art. 21(2), (a) to (j)."""

    id: Annotated[str, Field(pattern=r"^21-2-[a-j]$")] = Field(
        description="'21-2-' + the point's letter; page is /measures/<id>/"
    )
    letter: Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    title: Line = Field(
        description="a short title of the point in the Directive's terms; the page links to "
        "the full legal wording in the Official Journal"
    )
    short_title: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_strip)] = Field(
        description="a few words for charts and tables, at most 40 characters "
        "(e.g. 'Incident handling'); the full title shows on hover"
    )
    summary: Text = Field(description="what it asks, in plain words (one paragraph)")
    explanation: Text = Field(description="what doing it well looks like (Markdown)")
    whitepaper_note: str = Field(
        default="", description="where the AWS whitepaper groups or letters this point differently"
    )
    examples: list[Line] = Field(default_factory=list, description="concrete practices")
    services: list[ServiceUse] = Field(min_length=1, description="AWS services that help")
    responsibility: Responsibility
    tags: list[Slug] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _letter_matches_id(self) -> Measure:
        if self.id != f"21-2-{self.letter}":
            raise ValueError(f"id '{self.id}' does not match letter '{self.letter}'")
        return self


# ---------------------------------------------------------------- certifications


class Certification(Reviewed):
    """A certification or attestation AWS holds, and what it proves to a customer."""

    id: Slug
    name: Line = Field(description="e.g. 'ISO/IEC 27001'")
    scope: Text = Field(description="what the standard or scheme covers")
    due_diligence: Text = Field(description="what it gives a customer's supply-chain due diligence")
    measures: list[Annotated[str, Field(pattern=r"^21-2-[a-j]$")]] = Field(
        default_factory=list, description="measures it supports as evidence"
    )
    url: HttpUrl


# ---------------------------------------------------------------- scope


class Subsector(Strict):
    id: Slug
    name: Line
    entity_types: list[Line] = Field(min_length=1, description="types of entity in this subsector")
    synonyms: Annotated[list[Line], AfterValidator(distinct_words)] = Field(
        default_factory=list,
        description="other words readers search for this subsector with (other names, "
        "abbreviations, spellings, e.g. 'data center', 'MSP'); the scope checker's sector "
        "search and the scope page use them",
    )


class Sector(Strict):
    """A sector of Annex I (high criticality) or Annex II (other critical)."""

    id: Slug
    annex: Literal["I", "II"]
    name: Line
    subsectors: list[Subsector] = Field(min_length=1)


class SizeThreshold(Strict):
    """Commission Recommendation 2003/361/EC thresholds for one enterprise size."""

    employees: int = Field(gt=0, description="headcount from which the size is reached")
    turnover_eur: int = Field(gt=0, description="annual turnover above which the size is reached")
    balance_sheet_eur: int = Field(
        gt=0, description="balance-sheet total above which it is reached"
    )


class SizeCapRule(Strict):
    medium: SizeThreshold
    large: SizeThreshold
    explanation: Text
    sources: list[Source] = Field(min_length=1)


class RegardlessOfSize(Strict):
    """A case in which the Directive applies whatever the entity's size."""

    id: Slug
    ref: Line = Field(description="e.g. 'Art. 2(2)(a)'")
    text: Text = Field(description="the case in plain words")
    classification: Literal["essential", "important", "essential-if-designated", "depends"]
    question: Line = Field(description="yes/no question a checker asks the user")


class FineCeiling(Strict):
    classification: Literal["essential", "important"]
    fixed_eur: int = Field(gt=0, description="maximum of at least this amount, in euro")
    turnover_percent: float = Field(gt=0, description="or this % of worldwide annual turnover")
    ref: Line
    explanation: Text


class Scope(Strict):
    """Who is in scope, and as what."""

    sectors: list[Sector] = Field(min_length=1)
    size_cap: SizeCapRule
    regardless_of_size: list[RegardlessOfSize] = Field(min_length=1)
    essential_rules: list[Line] = Field(min_length=1, description="who is essential (Art. 3(1))")
    important_rule: Text = Field(description="who is important (Art. 3(2))")
    fines: list[FineCeiling] = Field(min_length=2)
    caveats: list[Line] = Field(min_length=1, description="transposition, not legal advice")
    sources: list[Source] = Field(min_length=1)


# ---------------------------------------------------------------- reporting (Art. 23)


class ReportStage(Strict):
    """One report of the Art. 23 timeline."""

    id: Slug
    name: Line
    ref: Line = Field(description="e.g. 'Art. 23(4)(a)'")
    due: Line = Field(description="the deadline in plain words")
    from_event: Literal["awareness", "notification", "request", "ongoing"] = Field(
        description="what the clock counts from"
    )
    hours: int | None = Field(default=None, ge=1, description="deadline in hours, if fixed")
    months: int | None = Field(default=None, ge=1, description="deadline in months, if fixed")
    trust_service_hours: int | None = Field(
        default=None, ge=1, description="shorter deadline for trust service providers"
    )
    contents: list[Line] = Field(min_length=1, description="what the report contains")
    evidence_services: list[Slug] = Field(
        default_factory=list, description="AWS services that provide evidence for it"
    )


class Reporting(Strict):
    significant_incident: list[Line] = Field(min_length=1, description="Art. 23(3) criteria")
    stages: list[ReportStage] = Field(min_length=3)
    recipients_rule: Text = Field(description="informing recipients of the service, Art. 23(1)-(2)")
    sources: list[Source] = Field(min_length=1)


# ---------------------------------------------------------------- glossary


class Term(Strict):
    term: Line = Field(description="the word or abbreviation as it appears in text")
    definition: Line = Field(max_length=300, description="one line, shown as a tooltip")
    abbreviation: bool = Field(default=False, description="show as a tooltip across the site")


# ---------------------------------------------------------------- questions


class Option(Strict):
    text: Line
    score: float = Field(ge=0, le=1, description="share of the question's weight it earns")
    correct: bool = Field(default=False, description="knowledge questions: the right answer")


class Question(Strict):
    """One self-assessment question, linked to what it evidences and where it is explained."""

    id: Slug
    track: Literal["management", "staff"]
    section: Line = Field(description="section of the assessment it belongs to")
    kind: Literal["maturity", "knowledge"]
    text: Line
    options: list[Option] = Field(min_length=2)
    weight: int = Field(default=1, ge=1, le=5, description="importance in the score and gap list")
    not_applicable: bool = Field(default=False, description="offer 'not applicable'")
    measures: list[Annotated[str, Field(pattern=r"^21-2-[a-j]$")]] = Field(default_factory=list)
    articles: list[int] = Field(default_factory=list)
    page: Line = Field(description="knowledge-base page that explains it, e.g. 'measures/21-2-b'")
    explanation: str = Field(default="", description="why the right answer is right")
    # Set by kb.i18n.localise on a translated question: the English one (kb.i18n.english_of).
    _english: Question | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Equal when the fields are (the link to the English source is not a field)."""
        return self.__dict__ == other.__dict__ if isinstance(other, Question) else NotImplemented

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if not self.measures and not self.articles:
            raise ValueError("names no measure and no article it evidences")
        correct = [o for o in self.options if o.correct]
        if self.kind == "knowledge":
            if len(correct) != 1:
                raise ValueError(
                    f"knowledge question needs exactly one correct option, has {len(correct)}"
                )
            if not self.explanation.strip():
                raise ValueError("knowledge question needs an explanation")
        elif correct:
            raise ValueError("maturity question cannot mark an option correct")
        return self


class JobRoleSections(Strict):
    """The staff-track sections asked of people whose HR job role is one of ``job_roles``."""

    job_roles: list[Line] = Field(
        min_length=1, description="job roles as in the people records (case does not matter)"
    )
    sections: list[Line] = Field(min_length=1, description="staff-track sections they are asked")


class StaffSections(Strict):
    """Which staff-track sections each job role is asked; anyone else gets ``default``."""

    default: list[Line] = Field(
        min_length=1, description="sections for a job role not listed (or none recorded)"
    )
    by_job_role: list[JobRoleSections] = Field(default_factory=list)


class Track(Strict):
    id: Literal["management", "staff"]
    title: Line
    audience: Line
    description: Text


# ---------------------------------------------------------------- training


class TrainingModule(Strict):
    id: Slug
    title: Line
    version: Annotated[str, Field(pattern=r"^\d+\.\d+$")]
    audience: Literal["management", "staff", "all"]
    description: Text
    reading: list[Line] = Field(min_length=1, description="knowledge-base pages to read")
    quiz: list[Slug] = Field(min_length=3, description="ids of knowledge questions")
    pass_mark: float = Field(gt=0, le=1, description="share of correct answers to pass")
    validity_months: int = Field(ge=1, le=60, description="due again this long after passing")
    remind_before_days: int = Field(
        default=7,
        ge=1,
        le=90,
        description="the 'due soon' reminder goes this many days before the due date",
    )
    escalate_after_days: int = Field(
        default=14,
        ge=1,
        le=180,
        description="days overdue after which the person's manager is told",
    )


# ---------------------------------------------------------------- the whole


class KnowledgeBase(Strict):
    """Everything in data/, validated and cross-checked."""

    articles: list[Article]
    measures: list[Measure]
    services: list[Service]
    categories: list[Category]
    certifications: list[Certification]
    scope: Scope
    reporting: Reporting
    glossary: list[Term]
    tracks: list[Track] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    staff_sections: StaffSections | None = Field(
        default=None, description="staff-track sections per job role (None: every section)"
    )
    training: list[TrainingModule] = Field(default_factory=list)

    # -- look-ups -------------------------------------------------------
    def service(self, service_id: str) -> Service:
        return next(s for s in self.services if s.id == service_id)

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.id == measure_id)

    def article(self, number: int) -> Article:
        return next(a for a in self.articles if a.number == number)

    def measures_using(self, service_id: str) -> list[Measure]:
        return [m for m in self.measures if any(u.service == service_id for u in m.services)]

    def questions_for_measure(self, measure_id: str) -> list[Question]:
        return [q for q in self.questions if measure_id in q.measures]

    def questions_for_article(self, number: int) -> list[Question]:
        return [q for q in self.questions if number in q.articles]

    def page_paths(self) -> set[str]:
        """Every page a question or module may point to, without slashes at the ends."""
        from kb.pages import STATIC_PAGES

        pages = set(STATIC_PAGES)
        pages |= {f"articles/{a.number}" for a in self.articles}
        pages |= {f"measures/{m.id}" for m in self.measures}
        pages |= {f"services/{s.id}" for s in self.services}
        return pages

    # -- integrity ------------------------------------------------------
    def check_references(self) -> list[ReferenceError_]:
        """Every broken cross-reference and duplicate id, in file order."""
        from kb.references import reference_errors

        return list(reference_errors(self))


FILES = {
    "articles": "articles.yaml",
    "measures": "measures.yaml",
    "services": "services.yaml",
    "categories": "services.yaml",
    "certifications": "certifications.yaml",
    "scope": "scope.yaml",
    "reporting": "reporting.yaml",
    "glossary": "glossary.yaml",
    "tracks": "questions.yaml",
    "questions": "questions.yaml",
    "staff_sections": "questions.yaml",
    "training": "training.yaml",
}
