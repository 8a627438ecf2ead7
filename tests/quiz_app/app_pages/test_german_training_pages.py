"""The trainer's pages in German (and the learner's in French), through the app's entry point
(AppTest): titles, labels, column headings and status words in the reader's language over
the very same data rows; the register export has the reader's headers over English rows."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta

import pytest
from store_support import open_page
from streamlit.testing.v1 import AppTest
from support import ROOT

from quiz_app import preferences, training
from quiz_app.training.register import register_headers

PAGES = ROOT / "quiz_app" / "app_pages"
TRAINER, PERSON, TEAM, REMINDERS, MY_TRAINING, VERIFY = (
    str(PAGES / f"{name}.py")
    for name in (
        "trainer_dashboard",
        "person_training",
        "team",
        "reminders_log",
        "my_training",
        "verify_certificate",
    )
)


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv("NIS2_ORGANISATION_NAME", "Zakład Łódź")
    return sqlite_people_store


def _in(language: str, s, actor, page: str, **params: str) -> AppTest:
    preferences.set_language(s.engine, actor, language)
    return open_page(actor.account_id, page, **params)


def _shown(elements) -> list[str]:
    """The texts of ``elements`` as a reader sees them (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def _table(at: AppTest, first: str):
    """The table whose first column is named ``first`` (a read-only table has no key)."""
    return next(d for d in at.dataframe if d.value.columns[0] == first)


def _headings(at: AppTest, first: str) -> list[str]:
    """The headings a reader sees over the table (its column labels, else its names)."""
    element = _table(at, first)
    labels = {name: c.get("label") for name, c in json.loads(element.proto.columns or "{}").items()}
    order = list(element.proto.column_order) or list(element.value.columns)
    return [labels.get(name) or name for name in order]


def _overdue_hygiene(s, kb, department: str = "Operations") -> None:
    past = datetime.now() - timedelta(days=40)
    training.assign(
        s.engine,
        s.trainer,
        training.module_by_id(kb, "cyber-hygiene"),
        training.AssignTarget("department", department),
        due_on=(past + timedelta(days=10)).date(),
        now=past,
    )


def test_a_german_trainer_reads_the_dashboard_in_german_over_the_same_rows(app_store, kb):
    s = app_store
    _overdue_hygiene(s, kb)
    english = _in("en", s, s.trainer, TRAINER)
    at = _in("de", s, s.trainer, TRAINER)

    assert [t.value for t in at.title] == ["Schulungsübersicht"]
    assert [h.value for h in at.subheader][:4] == [
        "Schulung zuweisen",
        "Filter",
        "Nach Abteilung",
        "Nach Modul",
    ]
    assert [m.label for m in at.metric] == ["Zuweisungen", "Abgeschlossen", "Überfällig"]
    assert at.selectbox(key="assign_target").options[0] == "Zielgruppe des Moduls"
    assert at.button(key="assign_submit").label == "Zuweisen"
    assert _headings(at, "Pers.-Nr.") == [
        "Pers.-Nr.",
        "Name",
        "Abteilung",
        "Modul",
        "Fällig am",
        "Tage überfällig",
    ]
    assert _headings(at, "learner_id") == [
        "Pers.-Nr.",
        "Name",
        "Abteilung",
        "Modul",
        "Status",
        "Fällig am",
        "Versuche",
        "Gültig bis",
    ]
    # the same people, modules and dates; only the status words are German
    rows, english_rows = (_table(a, "learner_id").value for a in (at, english))
    same = ["learner_id", "name", "department", "due_date", "attempts"]
    assert rows[same].equals(english_rows[same]) and len(rows) == 3
    assert set(english_rows["status"]) == {"overdue"} and set(rows["status"]) == {"überfällig"}
    late, english_late = _table(at, "Pers.-Nr.").value, _table(english, "HR id").value
    assert set(late["Modul"]) == {"Cyberhygiene im Alltag"}  # the module's German title
    assert late.drop(columns="Modul").values.tolist() == (
        english_late.drop(columns="module").values.tolist()
    )


def test_a_german_trainer_exports_german_headers_over_the_english_rows(app_store, kb):
    s = app_store
    _overdue_hygiene(s, kb)
    exported = {}
    for language in ("en", "de"):
        at = _in(language, s, s.trainer, TRAINER)
        at.radio(key="export_records").set_value("register").run()
        at.radio(key="export_format").set_value("csv")
        at.button(key="export_prepare").click().run()
        assert not at.exception and not at.error
        fmt, data, count, name = at.session_state["trainer_export"]
        exported[language] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        label = at.get("download_button")[0].label
    assert label == f"{name} herunterladen (3 Zeilen)"
    (header, *rows), (english_header, *english_rows) = exported["de"], exported["en"]
    assert header == register_headers("de") and english_header[0] == "assignment_id"
    assert rows == english_rows and len(rows) == 3


def test_a_german_trainer_reads_a_persons_page_in_german(app_store, kb):
    s = app_store
    _overdue_hygiene(s, kb)
    at = _in("de", s, s.trainer, PERSON, person="P-staff")
    assert [h.value for h in at.subheader] == [
        "Dieser Person ein Modul zuweisen",
        "Zuweisungen",
        "Offene Zuweisung ändern",
        "Versuche",
        "Zertifikate",
    ]
    assert _shown(at.caption)[0].startswith("Personalnummer P-staff · Operations")
    assert _headings(at, "module_title")[:4] == [
        "Modul",
        "Status",
        "Zugewiesen am",
        "Zugewiesen von",
    ]
    assert list(_table(at, "module_title").value["status"]) == ["überfällig"]
    assert list(_table(at, "module_title").value["score_scaled"]) == [""]  # not taken: no "None"
    assert at.button(key="person_extend").label == "Verlängern"
    new_due = date.today() + timedelta(days=20)
    at.date_input(key="person_new_due").set_value(new_due)
    at.button(key="person_extend").click().run()
    assert not at.exception
    german_date = new_due.strftime("%d.%m.%Y")
    assert [m.value for m in at.success] == [
        f"Cyberhygiene im Alltag ist jetzt am {german_date} fällig."
    ]


def test_the_team_and_reminders_pages_in_german(app_store, kb):
    s = app_store
    team = _in("de", s, s.manager, TEAM)
    assert [t.value for t in team.title] == ["Teamübersicht"]
    assert [h.value for h in team.subheader] == [
        "Durchschnittliches Ergebnis der Beschäftigten je Maßnahme",
        "Gruppen",
    ]
    assert _headings(team, "Bereich") == ["Bereich", "Personen", "Durchschnitt"]
    assert [i.value for i in team.info] == [
        "Noch nicht genug Abgaben der Beschäftigten, um Durchschnitte zu zeigen.",
        "Noch keine Abgaben der Beschäftigten.",
    ]

    training.assign(
        s.engine,
        s.trainer,
        training.module_by_id(kb, "cyber-hygiene"),
        training.AssignTarget("person", "P-staff"),
        due_on=date.today() + timedelta(days=20),
    )
    at = _in("de", s, s.trainer, REMINDERS)
    assert [t.value for t in at.title] == ["Erinnerungen"]
    assert [h.value for h in at.subheader] == ["Jetzt fällig: 1", "Gesendet"]
    assert _headings(at, "Art") == ["Art", "An", "Betrifft", "Modul", "Fällig am"]
    due = _table(at, "Art").value
    assert due.iloc[0].tolist()[:3] == ["zugewiesen", "staff@example.org", "Sam Staff"]


def test_a_french_learner_reads_my_training_and_verifies_in_french(app_store, kb):
    s = app_store
    training.assign(
        s.engine,
        s.trainer,
        training.module_by_id(kb, "cyber-hygiene"),
        training.AssignTarget("person", "P-staff"),
        due_on=date.today() + timedelta(days=60),
    )
    at = _in("fr", s, s.staff, MY_TRAINING)
    assert "- 1 module qui vous est attribué au total" in at.markdown[0].value
    assert _headings(at, "module") == [
        "module",
        "statut",
        "échéance",
        "valable jusqu'au",
    ]
    assert list(_table(at, "module").value["statut"]) == ["attribué"]
    assert "Pas encore de certificat" in at.caption[0].value

    at = _in("fr", s, s.staff, VERIFY)
    assert [t.value for t in at.title] == ["Vérifier un certificat"]
    at.text_input(key="verify_code").input("zzzz-zzzz-zzzz-zzzz").run()
    at.button(key="verify_submit").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        "ZZZZ-ZZZZ-ZZZZ-ZZZZ : code inconnu : aucun certificat n'a été émis avec ce code "
        "(faute de frappe ou falsification)"
    ]
