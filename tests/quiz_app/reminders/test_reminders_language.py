"""Reminders in the recipient's language: the locale of the account linked to the person
(to the manager, for an escalation); English for people without an account or a choice."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kb.i18n import localise
from kb.load import load
from quiz_app import people_import, preferences, reminders, training

DUE = date(2025, 1, 31)
STAFF = "staff@example.org"  # Sam Staff's account chooses German
MANAGER = "manager@example.org"  # Mia Manager's account chooses French
OTHER = "olga@example.org"  # no account: English

PEOPLE_CSV = (
    "id,name,email,department,role,is_management_body,manager\n"
    "P-staff,Sam <b>Staff</b>,staff@example.org,Operations,,no,P-manager\n"
    "P-manager,Mia Manager,manager@example.org,Operations,,yes,\n"
    "P-olga,Olga Other,olga@example.org,Operations,,no,P-manager\n"
)


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture(scope="module")
def titles(kb):
    return {
        lang: training.module_by_id(localise(kb, lang), "cyber-hygiene").title
        for lang in ("en", "de", "fr")
    }


@pytest.fixture
def multilingual(people_store, kb):
    s = people_store
    people_import.import_people(s.engine, s.admin, PEOPLE_CSV.encode(), "people.csv")
    preferences.set_language(s.engine, s.staff, "de")
    preferences.set_language(s.engine, s.manager, "fr")
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    for person in ("P-staff", "P-olga"):
        target = training.AssignTarget("person", person)
        training.assign(s.engine, s.trainer, hygiene, target, due_on=DUE, now=datetime(2025, 1, 20))
    return s


def run(s, kb, inbox, at: datetime) -> list[tuple[str, str]]:
    before = len(inbox.received)
    reminders.send_reminders(s.engine, s.trainer, kb, now=at, organisation="Acme")
    return sorted(inbox.subjects()[before:])


def bodies(inbox, recipient: str) -> list[tuple[str, str]]:
    return [
        (m.get_body(("plain",)).get_content(), m.get_body(("html",)).get_content())
        for to, m in inbox.received
        if to == [recipient]
    ]


def test_each_recipient_reads_the_reminder_in_their_language(multilingual, kb, titles, smtp_server):
    s, de, fr, en = multilingual, titles["de"], titles["fr"], titles["en"]
    assert len({de, fr, en}) == 3  # the module title is translated in both languages

    assert run(s, kb, smtp_server, datetime(2025, 1, 20, 9, 5)) == [
        (OTHER, f"Training assigned: {en} (due 2025-01-31)"),
        (STAFF, f"Neue Schulung: {de} (fällig am 31.01.2025)"),
    ]
    german, _html = bodies(smtp_server, STAFF)[0]
    assert "Guten Tag Sam <b>Staff</b>," in german
    assert f"Bitte schließen Sie das Schulungsmodul „{de}“ bis zum 31.01.2025 ab." in german
    assert "my_training?module=cyber-hygiene" in german
    english, _html = bodies(smtp_server, OTHER)[0]
    assert f'complete the training module "{en}" by 2025-01-31.' in english

    assert run(s, kb, smtp_server, datetime(2025, 1, 20, 9, 6)) == []  # never twice

    assert run(s, kb, smtp_server, datetime(2025, 2, 14, 6, 0)) == [
        (MANAGER, f"Olga Other a 14 jours de retard sur {fr}"),
        (MANAGER, f"Sam <b>Staff</b> a 14 jours de retard sur {fr}"),
        (OTHER, f"Training overdue since 2025-01-31: {en}"),
        (STAFF, f"Schulung überfällig seit 31.01.2025: {de}"),
    ]
    french = {text: html for text, html in bodies(smtp_server, MANAGER)}
    text, html = next((t, h) for t, h in french.items() if "Sam" in t)
    assert "Bonjour Mia Manager," in text
    assert f"Sam <b>Staff</b> n'a pas encore terminé le module de formation « {fr} »" in text
    assert "dont l'échéance était le 31 janv. 2025 (il y a 14 jours)" in text
    assert '<html lang="fr">' in html
    assert "Sam &lt;b&gt;Staff&lt;/b&gt; n" in html and "<b>Staff</b>" not in html

    assert run(s, kb, smtp_server, datetime(2025, 2, 15, 6, 0)) == []  # never twice
