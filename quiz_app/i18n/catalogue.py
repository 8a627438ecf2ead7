"""Loading the gettext catalogues and translating with them."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LANGUAGE = "en"
# The interface languages, each with its own name (what the language picker shows).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for extraction without translating it (translated where shown)."""
    return message


def catalogue_path(language: str) -> Path:
    """Where the ``.po`` catalogue of ``language`` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return gettext.NullTranslations()
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, so they stay English
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Translator:
    """The interface texts in one language: ``t.gettext("Log in")``, ``t.ngettext(...)``."""

    language: str

    def gettext(self, message: str) -> str:
        """``message`` in this language (English when the catalogue lacks it)."""
        return _translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form for ``n``, in this language."""
        return _translations(self.language).ngettext(singular, plural, n)


def translator(language: str | None) -> Translator:
    """The translator of ``language``; an unknown or missing language gives English."""
    return Translator(language if language in LANGUAGES else DEFAULT_LANGUAGE)
