"""Synthetic knowledge bases: the real data/ scaled by a factor, written as YAML files.

The schema pins the measures to the ten points of Art. 21(2) and article numbers to at most
46 -- domain truth we keep. What grows instead, each ``factor`` times: services, the
services mapped to each measure (mappings), questions, glossary terms, certifications and
sectors. Articles, measures, categories, tracks, reporting stages and training modules stay
as they are. Copies get ids ``<id>-x<k>`` (k = 1 .. factor-1) so every cross-reference stays
valid, and the files are written as YAML so the loader (and its line tracking) is measured
too.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

REAL_DATA = Path(__file__).resolve().parent.parent / "data"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SCALED = ("services", "mappings", "questions", "glossary terms", "certifications", "sectors")
FIXED = ("articles", "measures", "categories", "tracks", "reporting stages", "training modules")


def _read(data_dir: Path) -> dict[str, dict[str, Any]]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(data_dir.glob("*.yaml"))
    }


def _copies(items: list[dict], factor: int, rename) -> list[dict]:
    out = list(items)
    for k in range(1, factor):
        for item in items:
            clone = copy.deepcopy(item)
            rename(clone, k)
            out.append(clone)
    return out


def _suffix(k: int) -> str:
    return f"-x{k}"


def scale(
    files: dict[str, dict[str, Any]],
    factor: int,
    *,
    glossary_factor: int | None = None,
    abbreviations: bool = True,
) -> dict[str, dict[str, Any]]:
    """The parsed data files with the growing entities multiplied by ``factor``.

    Copies of an abbreviation stay abbreviations (unless not ``abbreviations``), with a
    token that appears nowhere in the text: they cost what a longer glossary costs every
    page, without adding tooltips. ``glossary_factor`` scales the glossary alone (default:
    ``factor``).
    """
    files = copy.deepcopy(files)
    glossary_factor = factor if glossary_factor is None else glossary_factor

    def term(t: dict, k: int) -> None:
        # A copied abbreviation gets a token that appears nowhere in the text: its cost is
        # that of its definition on every page, with no new tooltips.
        if abbreviations and t.get("abbreviation"):
            t["term"] = f"{t['term']}X{k}"
        else:
            t["term"] = f"{t['term']} {k}"
            t.pop("abbreviation", None)

    glossary = files["glossary.yaml"]
    glossary["glossary"] = _copies(glossary["glossary"], glossary_factor, term)
    if factor <= 1:
        return files

    def service(s: dict, k: int) -> None:
        s["id"] += _suffix(k)
        s["name"] = f"{s['name']} ({k})"
        s.pop("aliases", None)

    services = files["services.yaml"]
    services["services"] = _copies(services["services"], factor, service)

    for measure in files["measures.yaml"]["measures"]:
        uses = measure["services"]

        def use(u: dict, k: int) -> None:
            u["service"] += _suffix(k)

        measure["services"] = _copies(uses, factor, use)

    def question(q: dict, k: int) -> None:
        q["id"] += _suffix(k)
        q["text"] = f"{q['text']} ({k})"

    questions = files.get("questions.yaml")
    if questions:
        questions["questions"] = _copies(questions["questions"], factor, question)

    def certification(c: dict, k: int) -> None:
        c["id"] += _suffix(k)
        c["name"] = f"{c['name']} ({k})"

    certs = files["certifications.yaml"]
    certs["certifications"] = _copies(certs["certifications"], factor, certification)

    def sector(s: dict, k: int) -> None:
        s["id"] += _suffix(k)
        s["name"] = f"{s['name']} ({k})"
        for sub in s["subsectors"]:
            sub["id"] += _suffix(k)

    scope = files["scope.yaml"]["scope"]
    scope["sectors"] = _copies(scope["sectors"], factor, sector)
    return files


def write_scaled(factor: int, out: Path, source: Path = REAL_DATA, **options: Any) -> Path:
    """Write the data in ``source`` scaled by ``factor`` as YAML files into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for name, content in scale(_read(source), factor, **options).items():
        text = yaml.dump(content, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
        (out / name).write_text(text, encoding="utf-8")
    return out


def counts(kb) -> dict[str, int]:
    """What a knowledge base holds, for the report."""
    return {
        "articles": len(kb.articles),
        "measures": len(kb.measures),
        "services": len(kb.services),
        "mappings": sum(len(m.services) for m in kb.measures),
        "questions": len(kb.questions),
        "glossary terms": len(kb.glossary),
        "certifications": len(kb.certifications),
        "sectors": len(kb.scope.sectors),
    }
