"""The scope checker's sector search: the words a reader types -> the Annex I/II subsectors.

Pure. A subsector is found by its name, its sector's name, its entity types (Annex I and II
wording) and its ``synonyms`` (data/scope.yaml: other names, abbreviations, spellings such as
"data center" or "MSP"). Each query word may be the start of a word ("provider" finds
"providers"). Where a term holds the query as a phrase, only such matches are returned, so
"managed service provider" does not also find an entry that happens to use the three words apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kb.model import Scope, Sector, Subsector

PHRASE, ALL_WORDS = 2, 1


@dataclass(frozen=True)
class SubsectorMatch:
    """A subsector the query found, and the term (name, entity type or synonym) it matched."""

    sector: Sector
    subsector: Subsector
    matched: str


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation ("Data-centre" -> ["data", "centre"])."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", plain.casefold())


def _score(query: list[str], term: list[str]) -> int:
    """PHRASE if the query's words start consecutive words of the term, ALL_WORDS if each starts
    some word of it, else 0."""
    n = len(query)
    for i in range(len(term) - n + 1):
        if all(t.startswith(q) for q, t in zip(query, term[i : i + n], strict=True)):
            return PHRASE
    if all(any(t.startswith(q) for t in term) for q in query):
        return ALL_WORDS
    return 0


def _terms(sector: Sector, subsector: Subsector) -> list[str]:
    """The synonyms first: they are what readers type, so they name the match best."""
    return [*subsector.synonyms, subsector.name, sector.name, *subsector.entity_types]


def search_subsectors(scope: Scope, query: str) -> list[SubsectorMatch]:
    """The subsectors ``query`` finds, best first, in data order within a rank; [] if none."""
    wanted = words(query)
    if not wanted:
        return []
    ranked: list[tuple[int, int, SubsectorMatch]] = []
    order = 0
    for sector in scope.sectors:
        for subsector in sector.subsectors:
            best, term = 0, ""
            for candidate in _terms(sector, subsector):
                score = _score(wanted, words(candidate))
                if score > best:
                    best, term = score, candidate
            if best:
                ranked.append((best, order, SubsectorMatch(sector, subsector, term)))
            order += 1
    if not ranked:
        return []
    top = max(score for score, _order, _match in ranked)
    return [match for score, _o, match in sorted(ranked, key=lambda r: r[1]) if score == top]
