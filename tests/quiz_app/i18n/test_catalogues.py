"""The German and French catalogues: complete, current and with the English placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from quiz_app.i18n import translator
from quiz_app.i18n.catalogue import LOCALE_DIR, catalogue_path

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _catalogue(language: str):
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language)


def _extracted(tmp_path: Path) -> set[str]:
    """The msgids the code holds today, as `make messages` extracts them."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location"]
        + ["-F", str(LOCALE_DIR / "babel.cfg"), "-k", "N_", "-k", "tr", "-o", str(pot)]
        + [str(LOCALE_DIR.parent)],
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_interface_string_has_a_current_translation(language, tmp_path):
    catalogue = _catalogue(language)
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    missing = sorted(_extracted(tmp_path) - translated)
    assert (untranslated, fuzzy, missing) == ([], [], [])


@pytest.mark.parametrize("language", ["de", "fr"])
def test_translations_keep_the_placeholders_of_the_english(language):
    wrong = {
        m.id: m.string
        for m in _catalogue(language)
        if m.id
        and isinstance(m.id, str)
        and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    }
    assert wrong == {}


def test_the_catalogues_translate_and_english_stays_the_source():
    assert translator("de").gettext("Log in") == "Anmelden"
    assert translator("fr").gettext("Log in") == "Se connecter"
    assert translator("en").gettext("Log in") == "Log in"
    assert translator("es").gettext("Log in") == "Log in"  # not an interface language
    management = "Management body (maturity)"
    assert translator("de").gettext(management).startswith("Leitungsorgan")  # Art. 20 term
    assert translator("fr").gettext(management).startswith("Organe de direction")


PYTHON_FORMAT = re.compile(r"%\([a-z_]+\)[sd]")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_plural_has_each_form_the_language_counts_with_the_same_placeholders(language):
    """French counts three forms (CLDR: 0-1, exact millions, the rest): a message with only
    two would show an empty text for, say, 2 days."""
    catalogue = _catalogue(language)
    wrong = {}
    for m in catalogue:
        if not (m.id and m.pluralizable):
            continue
        forms = list(m.string)
        expected = sorted(set(PYTHON_FORMAT.findall(m.id[1])))
        if len(forms) != catalogue.num_plurals or not all(forms):
            wrong[m.id[0]] = f"{len([f for f in forms if f])} of {catalogue.num_plurals} forms"
        elif any(sorted(set(PYTHON_FORMAT.findall(f))) != expected for f in forms):
            wrong[m.id[0]] = "placeholders differ from the English plural"
    assert wrong == {}
