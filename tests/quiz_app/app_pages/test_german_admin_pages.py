"""The admin and rounds pages in German (AppTest from the entry point): titles, labels and
column names come from the catalogue; the rows hold the same data as in English."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from governance_support import add_board, submit_all
from store_support import PASSWORD, open_page
from support import ROOT

from quiz_app import accounts, preferences
from quiz_app.authz import Role
from quiz_app.governance import rounds

PAGES = ROOT / "quiz_app" / "app_pages"
ACCOUNTS, PEOPLE, ORGANISATION, AUDIT, ROUNDS, SESSIONS = (
    str(PAGES / f"{name}.py")
    for name in (
        "admin_accounts",
        "people_admin",
        "organisation",
        "audit_log",
        "rounds",
        "sessions_admin",
    )
)


def _open(store, actor, page: str, language: str):
    if language != "en":
        preferences.set_language(store.engine, actor, language)
    return open_page(actor.account_id, page, timeout=30)


def _titles(at) -> list[str]:
    return [t.value for t in at.title]


def test_accounts_in_german_name_roles_as_words_over_the_same_accounts(app_store):
    english = _open(app_store, app_store.admin, ACCOUNTS, "en").dataframe[0].value
    at = _open(app_store, app_store.admin, ACCOUNTS, "de")
    assert _titles(at) == ["Konten"]
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Benutzername",
        "Rolle",
        "Person",
        "Pers.-Nr.",
        "SSO-E-Mail",
        "deaktiviert",
    ]
    assert list(table["Benutzername"]) == list(english["username"])
    roles = dict(zip(table["Benutzername"], table["Rolle"], strict=True))
    assert (roles["staff"], roles["trainer"]) == ("Beschäftigte", "Schulungsverantwortliche")
    assert list(table["Pers.-Nr."]) == list(english["HR id"])
    assert [t.label for t in at.tabs] == ["Anlegen", "Rolle", "Aktivieren/deaktivieren", "Person"]
    role = at.selectbox(key="new_role")
    assert role.label == "Rolle" and "Administrator" in role.options
    assert at.selectbox(key="new_person").value == "(none)"  # stored as is, shown translated
    assert at.selectbox(key="new_person").options[0] == "(keine)"
    assert at.radio(key="state_new").options == ["deaktiviert", "aktiviert"]

    at.text_input(key="new_username").input("prüfer")
    at.text_input(key="new_password").input(PASSWORD)
    at.selectbox(key="new_role").set_value("trainer")
    next(b for b in at.button if b.label == "Konto anlegen").click().run()
    assert not at.exception and not at.error
    assert [m.value for m in at.success] == [
        "Konto **prüfer** angelegt (Rolle Schulungsverantwortliche)."
    ]
    table = at.dataframe[0].value
    roles = dict(zip(table["Benutzername"], table["Rolle"], strict=True))
    assert roles["prüfer"] == "Schulungsverantwortliche"


def test_people_in_german_keep_every_row(app_store):
    english = _open(app_store, app_store.admin, PEOPLE, "en").dataframe[0].value
    at = _open(app_store, app_store.admin, PEOPLE, "de")
    assert _titles(at) == ["Personen"]
    assert [h.value for h in at.subheader] == [
        "Aus einer CSV-Datei importieren",
        f"Alle ({len(english)})",
    ]
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Personalnummer",
        "Name",
        "E-Mail",
        "Abteilung",
        "Rolle",
        "Leitungsorgan",
        "gelöscht",
    ]
    assert table.values.tolist() == english.values.tolist()
    at.button(key="people_import").click().run()
    assert [w.value for w in at.warning] == [
        "Wählen Sie zuerst eine CSV-Datei oder fügen Sie ihren Text ein; es wurde nichts importiert."
    ]


def test_the_organisation_form_in_german_names_member_states_and_classes(app_store):
    at = _open(app_store, app_store.admin, ORGANISATION, "de")
    assert _titles(at) == ["Organisation"]
    assert at.text_input(key="org_name").label == "Name"
    assert at.text_input(key="org_authority").label == "Zuständige Behörde"
    states = at.multiselect(key="org_states")
    assert states.label == "Mitgliedstaat(en) der Niederlassung"
    assert "EL · Griechenland" in states.options and "DE · Deutschland" in states.options
    assert at.selectbox(key="org_class").options == [
        "nicht festgestellt",
        "wesentlich",
        "wichtig",
    ]
    at.text_input(key="org_name").input("Stadtwerke Musterstadt GmbH")
    at.multiselect(key="org_states").select("DE")
    at.selectbox(key="org_class").set_value("essential")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Profil gespeichert (Version 1)."]
    assert "Version 1, gespeichert am" in at.caption[0].value

    home = open_page(app_store.admin.account_id, str(PAGES / "home.py"), timeout=30)
    assert "wesentliche Einrichtung" in "\n".join(c.value for c in home.caption)


def test_the_audit_log_in_german_shows_actions_as_words_and_filters_by_stored_value(app_store):
    s = app_store
    accounts.change_role(s.engine, s.admin, s.trainer.account_id, Role.MANAGER)
    at = _open(s, s.admin, AUDIT, "de")
    assert _titles(at) == ["Prüfprotokoll"]
    action = at.selectbox(key="audit_action")
    assert action.label == "Ereignis" and action.options[0] == "(alle)"
    assert "Rolle geändert" in action.options and "Sprache geändert" in action.options
    assert at.selectbox(key="audit_actor").label == "Handelndes Konto"
    table = at.dataframe[0].value
    assert list(table.columns) == ["Zeitpunkt", "Konto", "Aktion", "Ziel", "Details"]
    action.set_value("role_change").run()
    rows = at.dataframe[0].value
    assert list(zip(rows["Konto"], rows["Aktion"], strict=True)) == [("admin", "Rolle geändert")]
    assert list(rows["Ziel"]) == [f"account:{s.trainer.account_id}"]  # stored values unchanged
    assert at.caption[0].value == "1 Eintrag (Zeiten in UTC)"


@pytest.fixture
def closed_round(app_store, kb):
    board = add_board(app_store)
    round_id = rounds.open_round(
        app_store.engine,
        app_store.manager,
        title="Vorstandsrunde 2026",
        track="management",
        deadline=date.today() + timedelta(days=7),
        participant_ids=[m.person_id for m in board],
    )
    submit_all(app_store, kb, round_id, board, options=(0, 1, 3))
    rounds.close_round(app_store.engine, app_store.manager, round_id)
    return round_id


def test_a_closed_round_in_german_has_german_columns_over_the_same_figures(app_store, closed_round):
    english = _open(app_store, app_store.manager, ROUNDS, "en").dataframe[0].value
    at = _open(app_store, app_store.manager, ROUNDS, "de")
    assert _titles(at) == ["Bewertungsrunden"]
    assert at.expander[0].label == "Eine Runde eröffnen"
    assert at.text_input(key="round_title").label == "Titel"
    assert at.date_input(key="round_deadline").label == "Frist"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Maßnahme",
        "Median %",
        "Niedrigster Wert %",
        "Höchster Wert %",
        "Spannweite (Punkte)",
        "IQR (Punkte)",
        "Mitglieder",
    ]
    assert table.iloc[:, 1:].values.tolist() == english.iloc[:, 1:].values.tolist()
    caption = next(c.value for c in at.caption if "Frist" in c.value)
    assert " · abgeschlossen · 3 von 3 abgegeben" in caption
    assert "- Łukasz Nowak: abgegeben" in "\n".join(m.value for m in at.markdown)
    assert [b.proto.label for b in at.get("download_button")] == [
        "Bericht der Runde herunterladen (PDF)",
        "Bericht der Runde herunterladen (Markdown)",
    ]


def test_sessions_in_french(app_store):
    at = _open(app_store, app_store.admin, SESSIONS, "fr")
    assert _titles(at) == ["Sessions"]
    assert [b.label for b in at.button if b.key and b.key.startswith("session_revoke_")] == [
        "Révoquer"
    ]
    assert any(m.value.startswith("Ouverte le ") for m in at.markdown)


@pytest.mark.parametrize(
    ("language", "dates", "one", "many"),
    [
        ("de", "DD.MM.YYYY", "Option wählen", "Optionen wählen"),
        ("fr", "DD/MM/YYYY", "Choisissez une option", "Choisissez des options"),
    ],
)
def test_pickers_and_tables_speak_the_readers_language_not_streamlits(
    app_store, language, dates, one, many
):
    """A German/French trial met Streamlit's ISO date picker, its English "Choose an option"
    and grey "None" cells; each is now the reader's own."""
    s = app_store
    english = _open(s, s.admin, ACCOUNTS, "en").dataframe[0].value
    accounts_page = _open(s, s.admin, ACCOUNTS, language)
    assert not accounts_page.exception
    assert accounts_page.selectbox(key="new_role").proto.placeholder == one
    table = accounts_page.dataframe[0].value
    assert not table.isna().any().any()  # a missing e-mail or person is an empty cell
    assert "" in set(table.iloc[:, 4])  # some account has no SSO e-mail
    assert list(table.iloc[:, 0]) == list(english["username"])  # the same rows
    rounds_page = _open(s, s.manager, ROUNDS, language)
    assert rounds_page.date_input(key="round_deadline").proto.format == dates
    assert rounds_page.multiselect(key="round_participants").proto.placeholder == many
