"""The knowledge base as open data: JSON (+ JSON Schema), CSV, XLSX and OSCAL.

Every function here is pure and returns bytes; :func:`write_export` is the one
place that touches the disk, and it writes atomically. The same bytes are
published on the site's downloads page by the MkDocs hook.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from kb.model import KnowledgeBase, Measure, Service, ServiceModel
from kb.spreadsheet import safe_row

FORMATS = ("json", "csv", "xlsx", "oscal")
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


# ------------------------------------------------------------------ tables


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


def _shift(measure: Measure, model: ServiceModel) -> str:
    if model is ServiceModel.PROGRAMME:
        return ""
    return getattr(measure.responsibility.by_model, model.value)


def _measures_by_service(kb: KnowledgeBase) -> dict[str, list[Measure]]:
    """``kb.measures_using`` for every service in one pass (it scans every mapping per call)."""
    using: dict[str, list[Measure]] = {}
    for m in kb.measures:
        for service_id in dict.fromkeys(use.service for use in m.services):
            using.setdefault(service_id, []).append(m)
    return using


def mapping_rows(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """One row per measure × service: how it helps and who does what."""
    services = {s.id: s for s in kb.services}
    rows = []
    for m in kb.measures:
        for use in m.services:
            s = services[use.service]
            rows.append(
                {
                    "measure_id": m.id,
                    "measure_point": f"21(2)({m.letter})",
                    "measure_title": m.title,
                    "service_id": s.id,
                    "service_name": s.name,
                    "service_model": s.model.value,
                    "service_category": s.category,
                    "how_it_helps": use.how.strip(),
                    "aws_secures": _joined(m.responsibility.aws),
                    "customer_must": _joined(m.responsibility.customer),
                    "shared": _joined(m.responsibility.shared),
                    "shift_for_this_service_model": _shift(m, s.model).strip(),
                    "source": str(use.source),
                }
            )
    return rows


def entity_tables(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """Every entity of the model as a flat table, keyed by sheet name."""
    using = _measures_by_service(kb)
    return {
        "mapping": mapping_rows(kb),
        "measures": [
            {
                "id": m.id,
                "point": f"21(2)({m.letter})",
                "title": m.title,
                "summary": m.summary.strip(),
                "services": len(m.services),
                "aws_secures": _joined(m.responsibility.aws),
                "customer_must": _joined(m.responsibility.customer),
                "shared": _joined(m.responsibility.shared),
                "infrastructure": m.responsibility.by_model.infrastructure.strip(),
                "container": m.responsibility.by_model.container.strip(),
                "abstracted": m.responsibility.by_model.abstracted.strip(),
            }
            for m in kb.measures
        ],
        "services": [
            {
                "id": s.id,
                "name": s.name,
                "description": s.description,
                "category": s.category,
                "service_model": s.model.value,
                "url": str(s.url),
                "measures": ", ".join(m.id for m in using.get(s.id, ())),
            }
            for s in kb.services
        ],
        "categories": [c.model_dump(mode="json") for c in kb.categories],
        "articles": [
            {
                "number": a.number,
                "title": a.title,
                "chapter": a.chapter,
                "summary": a.summary.strip(),
                "source": str(a.sources[0].url),
            }
            for a in kb.articles
        ],
        "certifications": [
            {
                "id": c.id,
                "name": c.name,
                "scope": c.scope.strip(),
                "due_diligence": c.due_diligence.strip(),
                "measures": ", ".join(c.measures),
                "url": str(c.url),
            }
            for c in kb.certifications
        ],
        "sectors": [
            {
                "annex": sector.annex,
                "sector_id": sector.id,
                "sector": sector.name,
                "subsector_id": sub.id,
                "subsector": sub.name,
                "entity_types": "; ".join(sub.entity_types),
            }
            for sector in kb.scope.sectors
            for sub in sector.subsectors
        ],
        "reporting": [
            {
                "id": st.id,
                "name": st.name,
                "ref": st.ref,
                "due": st.due,
                "counted_from": st.from_event,
                "hours": st.hours,
                "months": st.months,
                "trust_service_hours": st.trust_service_hours,
                "contents": _joined(st.contents),
            }
            for st in kb.reporting.stages
        ],
        "glossary": [t.model_dump(mode="json") for t in kb.glossary],
    }


# ------------------------------------------------------------------ formats


def to_json(kb: KnowledgeBase) -> bytes:
    """The whole validated model as JSON, pointing at its JSON Schema."""
    document = {"$schema": "./nis2-aws.schema.json", **kb.model_dump(mode="json")}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def json_schema() -> bytes:
    """JSON Schema (draft 2020-12) of :func:`to_json`'s output."""
    schema = KnowledgeBase.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["properties"]["$schema"] = {"type": "string"}
    return (json.dumps(schema, indent=2) + "\n").encode("utf-8")


def to_csv(kb: KnowledgeBase) -> bytes:
    """The measure × service mapping as CSV (UTF-8 with BOM, spreadsheet-safe)."""
    rows = mapping_rows(kb)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(safe_row(r) for r in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(kb: KnowledgeBase) -> bytes:
    """One sheet per entity; header frozen, filters on, numbers as numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for name, rows in entity_tables(kb).items():
        sheet = book.add_worksheet(name)
        columns = list(rows[0]) if rows else []
        for col, header in enumerate(columns):
            sheet.write_string(0, col, header, bold)
            sheet.set_column(col, col, 18 if col else 14, wrap)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(safe_row(row).values()):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, str(value))
        sheet.freeze_panes(1, 0)
        if columns:
            sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    book.close()
    return buffer.getvalue()


# ------------------------------------------------------------------ OSCAL


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
    using = _measures_by_service(kb)
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
        shift = _shift(m, s.model).strip()
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


def _json_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ------------------------------------------------------------------ files


def export_files(kb: KnowledgeBase, fmt: str, name: str = "nis2-aws") -> dict[str, bytes]:
    """The files of one format, keyed by file name."""
    builders: dict[str, Callable[[], dict[str, bytes]]] = {
        "json": lambda: {f"{name}.json": to_json(kb), f"{name}.schema.json": json_schema()},
        "csv": lambda: {f"{name}.csv": to_csv(kb)},
        "xlsx": lambda: {f"{name}.xlsx": to_xlsx(kb)},
        "oscal": lambda: {
            CATALOG_FILE: _json_bytes(oscal_catalog(kb)),
            COMPONENTS_FILE: _json_bytes(oscal_component_definition(kb)),
        },
    }
    if fmt not in builders:
        raise ValueError(f"unknown format '{fmt}'; expected one of: {', '.join(FORMATS)}")
    return builders[fmt]()


def downloads(kb: KnowledgeBase) -> dict[str, bytes]:
    """Every export, as published on the site's downloads page."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        files.update(export_files(kb, fmt))
    return files


def write_export(kb: KnowledgeBase, fmt: str, out: Path) -> list[Path]:
    """Write one format to ``out`` atomically; return the paths written.

    ``out`` is a file for json (its schema is written beside it as
    ``<stem>.schema.json``), csv and xlsx, and a folder for oscal.

    Raises:
        ValueError: unknown format.
        OSError: the destination cannot be written; nothing partial is left.
    """
    out = Path(out)
    if fmt == "oscal":
        out.mkdir(parents=True, exist_ok=True)
        targets = {out / n: b for n, b in export_files(kb, fmt).items()}
    elif fmt == "json":
        files = export_files(kb, fmt, name=out.stem)
        targets = {
            out: files[f"{out.stem}.json"],
            out.with_name(f"{out.stem}.schema.json"): files[f"{out.stem}.schema.json"],
        }
        text = targets[out].replace(
            b'"./nis2-aws.schema.json"', f'"./{out.stem}.schema.json"'.encode()
        )
        targets[out] = text
    else:
        targets = {out: next(iter(export_files(kb, fmt).values()))}
    for path, content in targets.items():
        atomic_write(path, content)
    return list(targets)


def atomic_write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
