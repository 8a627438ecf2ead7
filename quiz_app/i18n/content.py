"""The knowledge base's texts in a recipient's language (e-mails, certificates).

:func:`kb.i18n.localise` reads the translation files; done once per process and language
(not once per message or per download).
"""

from __future__ import annotations

import threading

from kb.i18n import localise
from kb.model import KnowledgeBase
from quiz_app.i18n.catalogue import DEFAULT_LANGUAGE, LANGUAGES

_CACHE: dict[tuple[int, str], tuple[KnowledgeBase, KnowledgeBase]] = {}
_LOCK = threading.Lock()
_MAX = 16  # a process holds one or two knowledge bases; tests load a few more


def localised(kb: KnowledgeBase, language: str | None) -> KnowledgeBase:
    """The English ``kb`` in ``language`` (``kb`` itself for English or an unknown language)."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return kb
    key = (id(kb), language)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None or hit[0] is not kb:  # an id can be reused once a kb is gone
            if len(_CACHE) >= _MAX:
                _CACHE.clear()
            hit = (kb, localise(kb, language))
            _CACHE[key] = hit
    return hit[1]


def module_titles(kb: KnowledgeBase, language: str | None) -> dict[str, str]:
    """Each training module's title in ``language``, by module id."""
    return {m.id: m.title for m in localised(kb, language).training}
