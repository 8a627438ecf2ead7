"""What helps close a gap: the measure's page, the AWS services that help, the customer's part.

Pure look-ups in the knowledge base; every URL comes from :mod:`quiz_app.links`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import KnowledgeBase
from kb.pages import page_title
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE
from quiz_app.links import service_url, site_url


@dataclass(frozen=True)
class Link:
    """A labelled link into the site."""

    label: str
    url: str


@dataclass(frozen=True)
class MeasureAdvice:
    """For one Art. 21(2) measure: its page, the AWS services that help, the customer's duties."""

    measure_id: str
    page: Link
    services: tuple[Link, ...]
    customer: tuple[str, ...]


def page_link(kb: KnowledgeBase, page_key: str, language: str = DEFAULT_LANGUAGE) -> Link:
    """A link to a site page, labelled with the title a reader of ``language`` sees there
    (``kb``: the knowledge base in that language)."""
    return Link(page_title(kb, page_key, language), site_url(page_key))


def measure_advice(
    kb: KnowledgeBase, measure_id: str, language: str = DEFAULT_LANGUAGE
) -> MeasureAdvice:
    """The advice for measure ``measure_id`` (e.g. ``21-2-b``), its page named in
    ``language``."""
    measure = kb.measure(measure_id)
    services = tuple(
        Link(kb.service(use.service).name, service_url(use.service)) for use in measure.services
    )
    return MeasureAdvice(
        measure_id=measure_id,
        page=page_link(kb, f"measures/{measure_id}", language),
        services=services,
        customer=tuple(measure.responsibility.customer),
    )


def short_label(kb: KnowledgeBase, area_key: str) -> str:
    """A short area label for charts: ``(b) Incident handling`` (the measure's short title)
    or ``Art. 23``."""
    section, _, ref = area_key.partition("/")
    if section == "measures":
        measure = kb.measure(ref)
        return f"({measure.letter}) {measure.short_title}"
    if section == "articles":
        return f"Art. {ref}"
    return page_title(kb, area_key)


def full_label(kb: KnowledgeBase, area_key: str) -> str:
    """The area's full title, for a chart's tooltip: ``Art. 21(2)(d) Supply chain security,
    including ...``."""
    section, _, ref = area_key.partition("/")
    if section == "measures":
        measure = kb.measure(ref)
        return f"Art. 21(2)({measure.letter}) {measure.title}"
    return page_title(kb, area_key)
