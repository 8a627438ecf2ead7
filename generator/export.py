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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

from kb.model import KnowledgeBase
from kb.spreadsheet import safe_row

from .mapping import measures_by_service, shift
from .oscal import (
    CATALOG_FILE,
    COMPONENTS_FILE,
    oscal_catalog,
    oscal_component_definition,
)

FORMATS = ("json", "csv", "xlsx", "oscal")


# ------------------------------------------------------------------ tables


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


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
                    "shift_for_this_service_model": shift(m, s.model).strip(),
                    "source": str(use.source),
                }
            )
    return rows


def entity_tables(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """Every entity of the model as a flat table, keyed by sheet name."""
    using = measures_by_service(kb)
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
