"""Translations of the knowledge base, kept as data beside the English.

- :func:`localise` gives the knowledge base in German or French for the site and the app.
- :func:`check_translations` reports orphaned (error), missing and stale (warning)
  translations and key terms not in their official wording (error), located by file:LINE.
- :mod:`kb.i18n.texts` says which texts are translated and fingerprints their English.
"""

from kb.i18n.check import TranslationReport, check_translations
from kb.i18n.localise import ENGLISH, english_of, localise

__all__ = ["ENGLISH", "TranslationReport", "check_translations", "english_of", "localise"]
