"""`kb.i18n.localise`: the same knowledge base with the texts of another language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import DATA, FIXTURES, copy_minimal

from kb.i18n import localise
from kb.i18n.texts import entries
from kb.load import DataError, load


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = copy_minimal(tmp_path)
    shutil.copytree(FIXTURES / "i18n", data / "i18n")
    return data


def _skeleton(value: object) -> object:
    """Everything but the texts: ids, numbers, flags, links and the shape of lists."""
    if isinstance(value, dict):
        return {k: _skeleton(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_skeleton(v) for v in value]
    return None if isinstance(value, str) else value


def test_translated_texts_replace_the_english(data: Path) -> None:
    german = localise(load(data), "de", data)
    measure = german.measure("21-2-b")
    assert measure.title == "Bewältigung von Sicherheitsvorfällen"
    assert measure.services[0].how == "Zeichnet API-Aufrufe für Untersuchungen auf."
    assert measure.responsibility.by_model.container == (
        "Sie protokollieren die Einstellungen der Plattform."
    )
    assert [t.term for t in german.glossary] == ["MFA", "Cyberhygiene"]


def test_ids_scores_links_and_structure_stay_the_same(data: Path) -> None:
    english = load(data)
    german = localise(english, "de", data)
    assert german != english
    assert [m.id for m in german.measures] == [m.id for m in english.measures]
    assert [u.service for u in german.measure("21-2-b").services] == ["cloudtrail"]
    assert [[o.score for o in q.options] for q in german.questions] == [
        [o.score for o in q.options] for q in english.questions
    ]
    skeleton = _skeleton(english.model_dump(mode="json"))
    assert _skeleton(german.model_dump(mode="json")) == skeleton


def test_untranslated_and_stale_texts_stay_english(data: Path) -> None:
    glossary = data / "i18n" / "de" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("f5159cc22985", "0123456789ab"), encoding="utf-8")
    english = load(data)
    german = localise(english, "de", data)
    assert german.glossary[0].definition == "Multi-factor authentication."
    assert german.articles == english.articles
    assert german.questions == english.questions


def test_english_is_the_knowledge_base_itself(data: Path) -> None:
    english = load(data)
    assert localise(english, "en", data) is english


def test_an_unknown_language_is_refused(data: Path) -> None:
    with pytest.raises(ValueError, match="unknown language 'it'; expected one of: en, de"):
        localise(load(data), "it", data)


def test_a_translation_that_breaks_a_rule_of_the_schema_is_located(data: Path) -> None:
    glossary = data / "i18n" / "de" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    long = "Sehr lang. " * 40
    glossary.write_text(text.replace("Multi-Faktor-Authentifizierung.", long), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        localise(load(data), "de", data)
    assert [str(p).replace(f"{data}/", "") for p in raised.value.problems] == [
        "i18n/de/glossary.yaml:8: glossary.MFA: text 'definition': "
        "string should have at most 300 characters"
    ]


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_real_translations_keep_every_id_and_score(language: str) -> None:
    english = load(DATA)
    translated = localise(english, language, DATA)
    assert _skeleton(translated.model_dump(mode="json")) == _skeleton(
        english.model_dump(mode="json")
    )
    assert entries(translated).keys() == entries(english).keys()
    assert translated.measure("21-2-b").title != english.measure("21-2-b").title


@pytest.mark.parametrize("language", ["de", "fr"])
def test_each_job_role_is_asked_the_same_questions_in_every_language(language: str) -> None:
    """``staff_sections`` names sections by title: it follows the translated titles."""
    from quiz_app.core.question_bank import asked_questions

    english = load(DATA)
    translated = localise(english, language, DATA)
    roles = [None] + [r for e in english.staff_sections.by_job_role for r in e.job_roles]
    for role in roles:
        asked = [q.id for q in asked_questions(english, "staff", role)]
        assert asked and [q.id for q in asked_questions(translated, "staff", role)] == asked
