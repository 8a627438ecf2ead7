"""The words a page's tags show, in the page's language.

Articles and measures carry tags as ids (``risk-management``); Material's tags plugin shows
a tag's name as it is, on the page and on the tags page, and anchors it there at
``#tag:<slug of the name>``. So each id is shown by a label:

- a tag that names an item of the data (a measure's short title, an article's title, a
  glossary term: ``incident-handling``, ``penalties``, ``essential-entity``) takes that
  item's words, translated with the data;
- the others take their words from ``data/i18n/<code>/site.yaml`` (``tags:``, by id), and
  in English a label made from the id (:func:`english_label`).

Every English label slugs back to its id, so the anchors of the English tags page stay
as they were. A service page is tagged with its category's title.

The tags page lists the tags in the order a reader looks them up (:func:`alphabetical`:
"Änderungsmanagement" among the A's, "État" among the E's). Material's tags plugin sorts one
listing by plain string comparison, which puts every accented capital after Z, and Zensical
accepts none of our sort functions (only Material's own ``tag_name`` and
``tag_name_casefold``), so the page holds one listing per tag in our order
(:func:`tags_listings`), which both builders render as written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from difflib import get_close_matches

from kb.load import Problem
from kb.model import KnowledgeBase

# English words an id does not spell by itself: Roman numerals, a proper name, hyphenated
# compounds. Each still slugs back to its id.
ENGLISH_WORDS = {
    "annex-i": "Annex I",
    "annex-ii": "Annex II",
    "all-hazards": "All-hazards",
    "cross-border": "Cross-border",
    "cybersecurity-act": "Cybersecurity Act",
    "third-party-risk": "Third-party risk",
}
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``Incident handling`` -> ``incident-handling``: the form of a tag's id."""
    return _NOT_A_WORD.sub("-", text.lower()).strip("-")


def english_label(tag: str) -> str:
    """The English words of a tag the data does not name: ``near-miss`` -> ``Near miss``."""
    return ENGLISH_WORDS.get(tag) or tag.replace("-", " ").capitalize()


def alphabetical_key(name: str) -> tuple[str, str]:
    """Where a tag's name stands in the alphabet readers expect, whatever its accents and case.

    The name decomposed (NFKD), without its combining marks and casefolded: ``Ändern`` ->
    ``andern``, ``État`` -> ``etat``, ``Straße`` -> ``strasse``. The name itself breaks a tie,
    so the order never depends on the order the names came in.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold(), name


def alphabetical(names: Iterable[str]) -> list[str]:
    """``names`` without repeats, in alphabetical order with accents and case folded
    (:func:`alphabetical_key`): ``["Zugriff", "Überwachung", "Änderung"]`` ->
    ``["Änderung", "Überwachung", "Zugriff"]``."""
    return sorted(set(names), key=alphabetical_key)


def tags_listings(names: Iterable[str]) -> str:
    """The tag listings of the tags page: one Material ``material/tags`` listing per tag, in
    alphabetical order, which MkDocs + Material and Zensical both render as they stand.

    Each listing includes one tag (``include``, a YAML list: the name written as a JSON
    string). ``names`` are the tags as the pages' front matter shows them.
    """
    return "\n\n".join(
        f"<!-- material/tags {{ include: [{json.dumps(name, ensure_ascii=False)}] }} -->"
        for name in alphabetical(names)
    )


def page_tags(kb: KnowledgeBase) -> set[str]:
    """Every tag an article or a measure carries."""
    return {t for a in kb.articles for t in a.tags} | {t for m in kb.measures for t in m.tags}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def named_by_data(english: KnowledgeBase, local: KnowledgeBase) -> dict[str, str]:
    """The tags that name an item of the data, with its words in ``local``'s language.

    ``english`` and ``local`` are the same knowledge base (``local`` translated, with the
    same items in the same order): the English finds the item, ``local`` gives its words.
    A measure's short title comes first, then an article's title, then a glossary term.
    """
    pairs = [
        *(
            (m.short_title, t.short_title)
            for m, t in zip(english.measures, local.measures, strict=True)
        ),
        *((a.title, t.title) for a, t in zip(english.articles, local.articles, strict=True)),
        *((g.term, t.term) for g, t in zip(english.glossary, local.glossary, strict=True)),
    ]
    named: dict[str, str] = {}
    for source, shown in pairs:
        named.setdefault(slug(source), _capitalised(shown))
    return named


def tags_needing_words(kb: KnowledgeBase) -> set[str]:
    """The tags of ``kb`` that need their words in each language's ``site.yaml``."""
    return page_tags(kb) - set(named_by_data(kb, kb))


def tag_labels(
    english: KnowledgeBase, local: KnowledgeBase, words: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Each tag of the pages with its label in ``local``'s language.

    ``words`` are the language's labels by id (its ``site.yaml``); a tag without them shows
    its English label.
    """
    named = named_by_data(english, local)
    words = words or {}
    return {
        tag: named.get(tag) or words.get(tag) or english_label(tag)
        for tag in sorted(page_tags(english))
    }


def tag_problems(
    kb: KnowledgeBase,
    display: str,
    words: Mapping[str, str],
    lines: Mapping[str, int],
    section_line: int | None,
    language: str,
) -> tuple[list[Problem], list[Problem]]:
    """The errors and warnings of one language's tag labels (``site.yaml``'s ``tags:``).

    A label of a tag no page carries, or of one whose words come from the data, is an error;
    a tag without a label is a warning (its English label is shown).
    """
    needing = tags_needing_words(kb)
    named = set(named_by_data(kb, kb)) & page_tags(kb)
    errors: list[Problem] = []
    for tag in words:
        if tag in named:
            message = f"the words of tag '{tag}' come from the data: remove this label"
        elif tag not in needing:
            message = f"label of an unknown tag '{tag}'{_hint(tag, needing)}"
        else:
            continue
        errors.append(Problem(display, lines.get(tag, section_line), f"tags.{tag}", message))
    warnings = [
        Problem(
            display,
            section_line,
            f"tags.{tag}",
            f"no {language} label; shown in English as '{english_label(tag)}'",
        )
        for tag in sorted(needing - set(words))
    ]
    return errors, warnings


def _hint(name: str, known: Iterable[str]) -> str:
    match = get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""
