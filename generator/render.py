"""Pure rendering: a validated :class:`KnowledgeBase` -> ``{page path: Markdown}``.

No file I/O happens here, so tests and the MkDocs hook call the same function.
Page paths are relative to the docs folder (``measures/21-2-b.md``) and give the
stable URLs the app links to (``/measures/21-2-b/``). :func:`navigation` gives
the site's navigation tree for those pages and the hand-written ones.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kb.model import KnowledgeBase, Measure, ServiceModel
from kb.pages import normalise_page, page_title

from . import safe
from .tags import tag_labels, tags_listings

DEFAULT_APP_URL = "http://127.0.0.1:8501"

MODEL_LABELS = {
    ServiceModel.INFRASTRUCTURE: "Infrastructure",
    ServiceModel.CONTAINER: "Container",
    ServiceModel.ABSTRACTED: "Abstracted",
    ServiceModel.PROGRAMME: "Programme or resource",
}

# The words a page shows for the ids of the data (kb/model.py's Literal fields), translated
# like every phrase of the templates: by their English in data/i18n/<code>/site.yaml.
ID_LABELS: dict[str, dict[str, str]] = {
    # Art. 3's classes in the "regardless of size" table and (capitalised) the fine ceilings.
    "classification": {
        "essential": "essential",
        "important": "important",
        "essential-if-designated": "essential if designated",
        "depends": "depends",
    },
    "fine_class": {"essential": "Essential", "important": "Important"},
    # Whom an article is for (its "Read first if you are" column).
    "audience": {
        "management": "management",
        "staff": "staff",
        "engineers": "engineers",
        "legal": "legal",
    },
    # Whom a training module is for.
    "training_audience": {"management": "management", "staff": "staff", "all": "all"},
    # The event a report's deadline runs from.
    "from_event": {
        "awareness": "awareness",
        "notification": "notification",
        "request": "request",
        "ongoing": "ongoing",
    },
}
# A phrase of site.yaml for whole millions of euros ("{millions} Mio. €"); a language without
# it writes the amount in full (English: €50,000,000).
MILLIONS = "€{millions} million"

DOWNLOADS = (
    ("nis2-aws.json", "JSON", "The whole validated knowledge base."),
    ("nis2-aws.schema.json", "JSON Schema", "The schema the JSON file follows (draft 2020-12)."),
    ("nis2-aws.csv", "CSV", "One row per measure and AWS service: how it helps, who does what."),
    (
        "nis2-aws.xlsx",
        "Excel",
        "One sheet per entity: mapping, measures, services, articles, "
        "certifications, sectors, reporting stages, glossary.",
    ),
    (
        "nis2-catalog.json",
        "OSCAL catalog",
        "Art. 20, the ten measures of Art. 21(2) and the reports of Art. 23 as OSCAL controls.",
    ),
    (
        "aws-component-definition.json",
        "OSCAL component definition",
        "Each AWS service as a "
        "component; per measure, what AWS implements and what the customer is responsible for.",
    ),
)

HAND_WRITTEN = ("index.md", "how-to-use.md", "about.md")

# A category with more services than this gets a page of its own in the navigation instead
# of one entry per service: Material draws the open category's entries on each of its pages,
# so a long list made every service page heavier and the build grow with the square of the
# services (bench/, section 2).
NAV_SERVICES_PER_CATEGORY = 40


@dataclass(frozen=True)
class RenderOptions:
    """Settings that come from mkdocs.yml or the command line, not from data/."""

    app_url: str = DEFAULT_APP_URL
    # mkdocs.yml's repo_url: each generated page links to the data file it is made from.
    repo_url: str = ""
    branch: str = "main"
    # The site's own phrases in the page's language, keyed by their English (site_i18n.py).
    texts: Mapping[str, str] = field(default_factory=dict)
    # The page's language: how its numbers are written (Babel's CLDR data).
    locale: str = "en"
    # The words of each tag in the page's language, by id (generator/tags.py); None: the
    # English of the knowledge base rendered.
    tags: Mapping[str, str] | None = None

    def edit_url(self, data_file: str) -> str:
        """Where a maintainer edits ``data/<data_file>``; empty without a repository."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/data/{data_file}"

    def text(self, english: str) -> str:
        """``english`` in the page's language; the English where there is no translation."""
        return self.texts.get(english, english)

    def label(self, kind: str, value: str) -> str:
        """The word for the id ``value`` of ``kind`` (see :data:`ID_LABELS`) in the page's
        language."""
        return self.text(ID_LABELS[kind][value])

    def number(self, value: float) -> str:
        """``value`` with the page's language's separators: 10,000 / 10.000 / 10 000; 1,4."""
        return format_decimal(value, locale=self.locale)

    def percent(self, value: float) -> str:
        """A percentage with one decimal at least, as the page's language writes it: 1.4 %."""
        return format_decimal(value, format="#,##0.0##", locale=self.locale) + " %"

    def euros(self, amount: int) -> str:
        """An amount of euros as the page's language writes it.

        Whole millions take the language's phrase for them where site.yaml has one (50 Mio. €,
        50 millions d'euros); other amounts are written in full in the locale's currency
        pattern without cents (€10,000 / 10.000 € / 10 000 €).
        """
        millions = self.texts.get(MILLIONS)
        if millions and amount >= 1_000_000 and amount % 1_000_000 == 0:
            return millions.replace("{millions}", self.number(amount // 1_000_000))
        pattern = Locale.parse(self.locale).currency_formats["standard"].pattern
        whole = re.sub(r"\.0+", "", pattern.split(";")[0])
        return format_currency(
            amount, "EUR", format=whole, locale=self.locale, currency_digits=False
        )

    def heading_id(self, english: str) -> Markup:
        """`` { #id }`` keeping a translated heading's English anchor; nothing in English.

        Links such as ``#the-size-cap`` then lead to the same heading in every language.
        """
        if english not in self.texts:
            return Markup("")
        return Markup(" { #%s }") % safe.anchor("-".join(english.lower().split()))

    def markdown(self, english: str, **values: object) -> Markup:
        """A Markdown phrase of a template in the page's language, ``{name}`` filled in.

        The English is the template's own text, looked up with its line breaks as spaces (a
        paragraph wraps in the template, its key in site.yaml is one line). Each ``{name}``
        takes its value (escaped unless it is Markup), so links stay outside the wording; a
        translation, with its values in place, is cleaned like every Markdown field.
        """
        translated = self.texts.get(" ".join(english.split()))
        phrase = english if translated is None else translated
        for name, value in values.items():
            phrase = phrase.replace("{" + name + "}", str(safe.finalize(value)))
        if translated is not None:
            phrase = str(safe.markdown(phrase))
        return Markup(phrase)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Not Jinja's autoescape: HTML escaping is not Markdown escaping, and the Markdown
        # fields must stay Markdown. Every value not marked safe is escaped as plain text.
        autoescape=False,
        finalize=safe.finalize,
    )
    env.filters["cell"] = table_cell
    env.filters["cells"] = table_cells
    env.filters["sections"] = sections
    env.filters["one_line"] = one_line
    env.filters["md"] = safe.markdown
    env.filters["anchor"] = safe.anchor
    env.globals["front_matter"] = front_matter
    return env


def sections(questions: list[Any]) -> list[tuple[str, list[Any]]]:
    """Questions grouped by section, in the order sections first appear."""
    groups: dict[str, list[Any]] = {}
    for q in questions:
        groups.setdefault(q.section, []).append(q)
    return list(groups.items())


def one_line(text: object) -> Markup:
    """Text (escaped unless it is already Markup) on one line."""
    return Markup(" ".join(safe.finalize(text).split()))


def table_cell(text: object) -> Markup:
    """Text (escaped unless it is already Markup) made safe for one Markdown table cell."""
    return Markup(one_line(text).replace("|", "\\|"))


def table_cells(lines: list[Any]) -> Markup:
    """Several lines of plain text in one table cell, one under the other."""
    return Markup("<br>").join(table_cell(line) for line in lines)


def front_matter(
    title: str, description: str = "", tags: list[str] | None = None, search_boost: float = 0
) -> Markup:
    """A page's front matter; the description on one line, cut to 150 characters.

    ``search_boost`` ranks the page higher in Material's search (``search: boost:``), for the
    page a reader must find first: the reporting deadlines, whatever word they search by.
    """
    from jinja2.filters import do_truncate

    summary = do_truncate(_ENV, " ".join(description.split()), 150)
    search = {"boost": search_boost} if search_boost else None
    return safe.front_matter(title=title, description=summary, tags=shown_tags(tags), search=search)


def shown_tags(tags: list[str] | None) -> list[str]:
    """The tags as a page's front matter shows them (and the tags plugins name them)."""
    return [safe.html_text(tag) for tag in tags or []]


_ENV = _environment()


def page_file(key: str) -> str:
    """'measures/21-2-b' -> 'measures/21-2-b.md'; section keys map to their index page."""
    key = normalise_page(key)
    if key in {"articles", "measures", "services"}:
        return f"{key}/index.md"
    return f"{key}.md"


def linker(current: str) -> Callable[..., Markup]:
    """A function giving the relative Markdown link from ``current`` to a page key."""
    here = posixpath.dirname(current)

    def link(key: str, anchor: str = "") -> Markup:
        target = posixpath.relpath(page_file(key), here or ".")
        return safe.url(f"{target}#{anchor}" if anchor else target)

    return link


def edit_link(options: RenderOptions, data_file: str) -> Markup:
    """A paragraph linking to the data file behind a page, or nothing without a repository."""
    url = options.edit_url(data_file)
    if not url:
        return Markup("")
    label = safe.plain(options.text("Edit the data behind this page"))
    return Markup(
        f"\n[{label}: data/{safe.html_text(data_file)}]({safe.url(url)}){{ .nis2-edit }}\n"
    )


def app_link(options: RenderOptions, page: str, **params: str) -> Markup:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return safe.url(f"{options.app_url.rstrip('/')}/{page}" + (f"?{query}" if query else ""))


class _Indexed:
    """``kb`` with look-ups by id in constant time; everything else is ``kb``'s own.

    ``KnowledgeBase.service`` and ``measures_using`` scan every item; templates call them per
    service and per matrix cell, which made rendering grow with the square of the number of
    services (see bench/).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._services = {s.id: s for s in kb.services}
        self._uses: dict[str, list[tuple[Measure, Any]]] = {}
        for m in kb.measures:
            first: dict[str, Any] = {}
            for use in m.services:
                first.setdefault(use.service, use)
            for service_id, use in first.items():
                self._uses.setdefault(service_id, []).append((m, use))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kb, name)

    def service(self, service_id: str) -> Any:
        return self._services[service_id]

    def measures_using(self, service_id: str) -> list[Measure]:
        return [m for m, _use in self._uses.get(service_id, ())]

    def uses_of(self, service_id: str) -> list[tuple[Measure, Any]]:
        """Each measure that maps ``service_id``, with that mapping (its first)."""
        return list(self._uses.get(service_id, ()))


def render(kb: KnowledgeBase, options: RenderOptions | None = None) -> dict[str, str]:
    """Every generated page of the site, keyed by its path under the docs folder."""
    options = options or RenderOptions()
    pages: dict[str, str] = {}
    tag_words = options.tags if options.tags is not None else tag_labels(kb, kb)
    categories = {c.id: c.title for c in kb.categories}
    kb = _Indexed(kb)  # type: ignore[assignment]
    labels = {model: options.text(label) for model, label in MODEL_LABELS.items()}

    def tags(ids: list[str]) -> list[str]:
        return [tag_words.get(tag, tag) for tag in ids]

    shown: set[str] = set()  # every tag a page shows, for the tags page

    def tagged_front_matter(
        title: str, description: str = "", tags: list[str] | None = None, search_boost: float = 0
    ) -> Markup:
        shown.update(shown_tags(tags))
        return front_matter(title, description, tags, search_boost)

    def put(path: str, template: str, **context: Any) -> None:
        pages[path] = _ENV.get_template(template).render(
            kb=kb,
            link=linker(path),
            title=lambda key: page_title(kb, key, texts=options.texts),
            t=options.text,
            tm=options.markdown,
            label=options.label,
            number=options.number,
            euros=options.euros,
            percent=options.percent,
            keep_id=options.heading_id,
            tags=tags,
            category_title=categories.__getitem__,
            options=options,
            app_link=app_link,
            edit=lambda data_file: edit_link(options, data_file),
            front_matter=tagged_front_matter,
            **context,
        )

    put("articles/index.md", "articles_index.md.j2")
    for article in kb.articles:
        put(f"articles/{article.number}.md", "article.md.j2", article=article)
    put("measures/index.md", "measures_index.md.j2")
    for measure in kb.measures:
        put(
            f"measures/{measure.id}.md",
            "measure.md.j2",
            measure=measure,
            certifications=[c for c in kb.certifications if measure.id in c.measures],
        )
    put("services/index.md", "services_index.md.j2", labels=labels)
    for service in kb.services:
        put(
            f"services/{service.id}.md",
            "service.md.j2",
            service=service,
            labels=labels,
            stages=[s for s in kb.reporting.stages if service.id in s.evidence_services],
        )
    for category, members in _large_categories(kb):
        put(
            category_page(category.id),
            "category.md.j2",
            category=category,
            members=members,
            labels=labels,
        )
    put("matrix.md", "matrix.md.j2", columns=kb.measures, groups=_members(kb))
    put("responsibility.md", "responsibility.md.j2", labels=labels)
    put("scope.md", "scope.md.j2")
    put("reporting.md", "reporting.md.j2")
    put("certifications.md", "certifications.md.j2")
    put("glossary.md", "glossary.md.j2")
    put("assessments.md", "assessments.md.j2")
    put("training.md", "training.md.j2")
    files = [(name, options.text(fmt), options.text(what)) for name, fmt, what in DOWNLOADS]
    put("downloads.md", "downloads.md.j2", files=files)
    put("tags.md", "tags.md.j2", listings=Markup(tags_listings(shown)))  # once all are shown
    return pages


def abbreviation_glossary(kb: KnowledgeBase) -> dict[str, str]:
    """Each abbreviation of the glossary with its definition: the tooltips on every page."""
    return {t.term: " ".join(t.definition.split()) for t in kb.glossary if t.abbreviation}


def category_page(category_id: str) -> str:
    """The page of a category too large to list in the navigation."""
    return f"services/categories/{category_id}.md"


def _members(kb: KnowledgeBase) -> list[tuple[Any, list[Any]]]:
    """Each category that has services, with its services in data order."""
    by_category: dict[str, list[Any]] = {}
    for service in kb.services:
        by_category.setdefault(service.category, []).append(service)
    return [(c, by_category[c.id]) for c in kb.categories if c.id in by_category]


def _large_categories(kb: KnowledgeBase) -> list[tuple[Any, list[Any]]]:
    return [(c, m) for c, m in _members(kb) if len(m) > NAV_SERVICES_PER_CATEGORY]


def navigation(kb: KnowledgeBase) -> list[Any]:
    """The site navigation (MkDocs ``nav``) for generated and hand-written pages."""

    def measure_title(m: Measure) -> str:
        # The menu takes the short label (one line); the page keeps the legal title.
        return safe.html_text(f"({m.letter}) {m.short_title}")

    # Themes write navigation titles unescaped: titles from data/ are HTML-escaped.
    text = safe.html_text

    categories: list[Any] = []
    for category, members in _members(kb):
        if len(members) > NAV_SERVICES_PER_CATEGORY:
            categories.append({text(category.title): category_page(category.id)})
        else:
            categories.append(
                {text(category.title): [{text(s.name): f"services/{s.id}.md"} for s in members]}
            )
    return [
        {"Home": "index.md"},
        {"How to use": "how-to-use.md"},
        {
            "NIS 2": [
                "articles/index.md",
                {"Who is in scope": "scope.md"},
                {"Incident reporting": "reporting.md"},
                *[
                    {text(f"Art. {a.number}: {a.title}"): f"articles/{a.number}.md"}
                    for a in kb.articles
                ],
            ]
        },
        {
            "Measures": [
                "measures/index.md",
                *[{measure_title(m): f"measures/{m.id}.md"} for m in kb.measures],
            ]
        },
        {"AWS services": ["services/index.md", *categories]},
        {
            "Who does what": [
                {"Responsibility matrix": "responsibility.md"},
                {"Measures × services": "matrix.md"},
                {"Certifications": "certifications.md"},
            ]
        },
        {
            "Assess and train": [
                {"Self-assessments": "assessments.md"},
                {"Training modules": "training.md"},
            ]
        },
        {"Glossary": "glossary.md"},
        {"Downloads": "downloads.md"},
        {"Tags": "tags.md"},
        {"About": "about.md"},
    ]
