"""The measure-to-service mapping as the open-data exports read it (tables and OSCAL)."""

from __future__ import annotations

from kb.model import KnowledgeBase, Measure, ServiceModel


def shift(measure: Measure, model: ServiceModel) -> str:
    """What the measure's responsibility shifts to AWS under ``model`` ('' for programmes)."""
    if model is ServiceModel.PROGRAMME:
        return ""
    return getattr(measure.responsibility.by_model, model.value)


def measures_by_service(kb: KnowledgeBase) -> dict[str, list[Measure]]:
    """``kb.measures_using`` for every service in one pass (it scans every mapping per call)."""
    using: dict[str, list[Measure]] = {}
    for m in kb.measures:
        for service_id in dict.fromkeys(use.service for use in m.services):
            using.setdefault(service_id, []).append(m)
    return using
