"""The knowledge base as OSCAL: a catalog of the Art. 21(2) measures and a component definition
of the AWS services that implement them (validated by compliance-trestle in the tests)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from kb.model import KnowledgeBase, Measure, Service, ServiceModel

from .mapping import measures_by_service
from .mapping import shift as model_shift

OSCAL_VERSION = "1.1.2"
NAMESPACE = "https://github.com/nis2-aws-kb/ns/oscal"
_UUID_NS = uuid.UUID("6f1e4a52-8e0b-4c55-9f0e-0a4c2b1d9e11")
CATALOG_FILE = "nis2-catalog.json"
COMPONENTS_FILE = "aws-component-definition.json"


def _uuid(*parts: object) -> str:
    """A stable UUID for the same thing in every build (uuid5)."""
    return str(uuid.uuid5(_UUID_NS, "/".join(str(p) for p in parts)))


def _stamp(generated_at: datetime | None) -> str:
    moment = generated_at or datetime.now(UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NAMESPACE, "value": " ".join(value.split())}


def _metadata(title: str, stamp: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "last-modified": stamp,
        "version": "1.0",
        "oscal-version": OSCAL_VERSION,
        **extra,
    }


def _control_id(key: str) -> str:
    return f"nis2-{key}"


def oscal_catalog(kb: KnowledgeBase, generated_at: datetime | None = None) -> dict[str, Any]:
    """OSCAL catalog of the NIS 2 measures: Art. 20, Art. 21(2)(a)-(j) and Art. 23."""
    stamp = _stamp(generated_at)
    groups = []
    for number in (20, 21, 23):
        article = next((a for a in kb.articles if a.number == number), None)
        if number == 21:
            controls = [_measure_control(m) for m in kb.measures]
        elif number == 23:
            controls = [
                {
                    "id": _control_id(f"23-{st.id}"),
                    "title": st.name,
                    "props": [{"name": "label", "value": st.ref.removeprefix("Art. ")}],
                    "parts": [
                        {
                            "id": _control_id(f"23-{st.id}_smt"),
                            "name": "statement",
                            "prose": f"{st.name}: {st.due}.",
                        },
                        {
                            "id": _control_id(f"23-{st.id}_gdn"),
                            "name": "guidance",
                            "prose": "Contents: " + " ".join(st.contents),
                        },
                    ],
                }
                for st in kb.reporting.stages
            ]
        else:
            controls = [
                {
                    "id": _control_id(_paragraph_key(p.ref)),
                    "title": p.heading,
                    "props": [{"name": "label", "value": p.ref}],
                    "parts": [
                        {
                            "id": _control_id(_paragraph_key(p.ref) + "_smt"),
                            "name": "statement",
                            "prose": p.body.strip(),
                        }
                    ],
                }
                for p in (article.paragraphs if article else [])
            ]
        if controls:
            title = f"Art. {number}: {article.title}" if article else f"Art. {number}"
            groups.append(
                {"id": f"art-{number}", "class": "article", "title": title, "controls": controls}
            )
    return {
        "catalog": {
            "uuid": _uuid("catalog"),
            "metadata": _metadata(
                "NIS 2 Directive (EU) 2022/2555: governance, risk-management measures and "
                "incident reporting",
                stamp,
                links=[
                    {"href": "https://eur-lex.europa.eu/eli/dir/2022/2555/oj", "rel": "reference"}
                ],
                remarks="Plain-language restatement for working use; the Directive's text is "
                "authoritative. Not legal advice.",
            ),
            "groups": groups,
        }
    }


def _paragraph_key(ref: str) -> str:
    cleaned = ref.replace("Art. ", "").replace(")(", "-").replace("(", "-").replace(")", "")
    return "-".join(part for part in cleaned.split("-") if part)


def _measure_control(m: Measure) -> dict[str, Any]:
    return {
        "id": _control_id(m.id),
        "class": "measure",
        "title": m.title,
        "props": [{"name": "label", "value": f"21(2)({m.letter})"}],
        "links": [{"href": str(s.url), "rel": "reference"} for s in m.sources],
        "parts": [
            {"id": _control_id(f"{m.id}_smt"), "name": "statement", "prose": m.summary.strip()},
            {"id": _control_id(f"{m.id}_gdn"), "name": "guidance", "prose": m.explanation.strip()},
        ],
    }


def oscal_component_definition(
    kb: KnowledgeBase, generated_at: datetime | None = None
) -> dict[str, Any]:
    """OSCAL component definition: each AWS service, and per measure who does what."""
    stamp = _stamp(generated_at)
    using = measures_by_service(kb)
    components = [_component(s, using.get(s.id, [])) for s in kb.services]
    return {
        "component-definition": {
            "uuid": _uuid("component-definition"),
            "metadata": _metadata(
                "AWS services for the NIS 2 measures, with the shared-responsibility split",
                stamp,
                roles=[
                    {
                        "id": "provider",
                        "title": "Cloud service provider (AWS)",
                        "description": "Secures the cloud: facilities, hardware, network and the "
                        "software that runs its services.",
                    },
                    {
                        "id": "customer",
                        "title": "Customer (the NIS 2 entity)",
                        "description": "Secures what it puts in the cloud: data, identities, "
                        "configuration and use of each service.",
                    },
                ],
            ),
            "components": components,
        }
    }


def _component(s: Service, measures: list[Measure]) -> dict[str, Any]:
    requirements = []
    for m in measures:
        use = next(u for u in m.services if u.service == s.id)
        customer = " ".join(m.responsibility.customer)
        shift = model_shift(m, s.model).strip()
        requirements.append(
            {
                "uuid": _uuid("requirement", s.id, m.id),
                "control-id": _control_id(m.id),
                "description": use.how.strip(),
                "props": [_prop("responsibility", "shared")],
                "links": [{"href": str(use.source), "rel": "reference"}],
                "responsible-roles": [
                    {"role-id": "provider", "remarks": " ".join(m.responsibility.aws)},
                    {
                        "role-id": "customer",
                        "remarks": customer
                        + (f" For this service model: {shift}" if shift else ""),
                    },
                ],
                "remarks": "Shared: " + " ".join(m.responsibility.shared),
            }
        )
    component: dict[str, Any] = {
        "uuid": _uuid("component", s.id),
        "type": "guidance" if s.model is ServiceModel.PROGRAMME else "service",
        "title": s.name,
        "description": s.description,
        "props": [_prop("service-model", s.model.value), _prop("category", s.category)],
        "links": [{"href": str(s.url), "rel": "reference"}],
    }
    if requirements:
        component["control-implementations"] = [
            {
                "uuid": _uuid("implementation", s.id),
                "source": f"./{CATALOG_FILE}",
                "description": f"How {s.name} helps with the NIS 2 measures of Art. 21(2).",
                "implemented-requirements": requirements,
            }
        ]
    return component
