"""The app in German (AppTest from the entry point): the browser's preference, the sidebar
switch remembered per account, and a staff check answered, scored and reported in German."""

from __future__ import annotations

from store_support import open_page
from support import ROOT

from kb.i18n import localise
from quiz_app import audit, preferences
from quiz_app.config import get_settings
from quiz_app.core.question_bank import asked_questions
from quiz_app.core.scoring import score_assessment
from quiz_app.i18n import format_percent
from quiz_app.ui import i18n as ui_i18n

PAGES = ROOT / "quiz_app" / "app_pages"
ASSESSMENT, RESULTS, HOME = (str(PAGES / f"{n}.py") for n in ("assessment", "results", "home"))


def test_a_browser_preferring_german_gets_the_pages_in_german(app_store, monkeypatch):
    monkeypatch.setattr(ui_i18n, "browser_language", lambda: "de-DE,de;q=0.9,en;q=0.5")
    at = open_page(app_store.staff.account_id, HOME)
    assert [t.value for t in at.title] == ["NIS-2-Selbstbewertung"]
    assert at.selectbox(key=ui_i18n.PICKER_KEY).value == "de"
    assert at.button(key="logout").label == "Abmelden"
    assert preferences.language_of(app_store.engine, app_store.staff.account_id) is None


def test_the_account_choice_beats_the_browser_and_a_switch_is_remembered(app_store, monkeypatch):
    s = app_store
    monkeypatch.setattr(ui_i18n, "browser_language", lambda: "de-DE")
    preferences.set_language(s.engine, s.staff, "fr")
    at = open_page(s.staff.account_id, HOME)
    assert [t.value for t in at.title] == ["Auto-évaluation NIS 2"]

    at.selectbox(key=ui_i18n.PICKER_KEY).set_value("en").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["NIS 2 self-assessment"]
    assert preferences.language_of(s.engine, s.staff.account_id) == "en"
    changes = audit.list_entries(s.engine, s.admin, action=audit.LANGUAGE_CHANGE)
    assert [(c.detail["from"], c.detail["to"]) for c in reversed(changes)] == [
        (None, "fr"),
        ("fr", "en"),
    ]


def test_a_german_staff_check_is_asked_scored_and_reported_in_german(app_store, kb):
    s = app_store
    preferences.set_language(s.engine, s.staff, "de")
    german = localise(kb, "de")
    asked = asked_questions(kb, "staff", None)
    german_asked = {q.id: q for q in asked_questions(german, "staff", None)}
    at = open_page(s.staff.account_id, ASSESSMENT, track="staff")
    assert [t.value for t in at.title] == ["Selbstbewertung"]

    choices = {}
    for section in dict.fromkeys(german_asked[q.id].section for q in asked):
        at.radio(key="assessment_section_staff").set_value(section).run()
        for q in (q for q in asked if german_asked[q.id].section == section):
            radio = at.radio(key=f"q_staff_{q.id}")
            assert german_asked[q.id].text in radio.label  # the question in German
            choices[q.id] = 0
            radio.set_value(0)
        at.run()
        assert not at.exception and not at.error
    assert any(german_asked[q.id].text != q.text for q in asked)  # really translated
    at.button(key="assessment_submit").click().run()
    assert not at.exception

    at.switch_page(RESULTS).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Ergebnisse"]
    expected = format_percent(score_assessment(asked, choices).percent, "de")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gesamtergebnis"] == expected  # the English score, written the German way
    assert [b.label for b in at.get("download_button")] == [
        "Bericht herunterladen (Markdown)",
        "Bericht herunterladen (PDF)",
    ]


def test_a_german_reader_follows_links_into_the_german_site(app_store, kb, monkeypatch):
    """My training's reading list (and every other link into the site) opens /de/ pages."""
    monkeypatch.setenv("NIS2_SITE_URL", "https://kb.example.org/")
    get_settings.cache_clear()
    s = app_store
    preferences.set_language(s.engine, s.staff, "de")
    at = open_page(s.staff.account_id, str(PAGES / "incident_clock.py"))
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "https://kb.example.org/de/reporting/" in shown
    assert "https://kb.example.org/reporting/" not in shown
    get_settings.cache_clear()
