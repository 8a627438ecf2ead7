"""My training's certificates, the Verify certificate page and the trainer's Reminders page,
through the app's entry point (AppTest)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from smtp_support import running_smtp
from store_support import open_page
from support import ROOT

from kb.load import load
from quiz_app import reminders, training
from quiz_app.authz import Role
from quiz_app.store import utcnow
from quiz_app.ui import navigation

PAGES = ROOT / "quiz_app" / "app_pages"
MY_TRAINING, VERIFY, REMINDERS = (
    str(PAGES / f"{name}.py") for name in ("my_training", "verify_certificate", "reminders_log")
)


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv("NIS2_ORGANISATION_NAME", "Zakład Łódź")
    return sqlite_people_store


def pass_hygiene(s, kb):
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    questions = {q.id: q for q in kb.questions}
    answers = {
        qid: next(i for i, o in enumerate(questions[qid].options) if o.correct)
        for qid in hygiene.quiz
    }
    at = utcnow().replace(microsecond=0) - timedelta(hours=1)
    return training.record_attempt(s.engine, s.staff, kb, hygiene, answers, started_at=at, now=at)


def test_staff_download_their_certificate_and_its_code_verifies(app_store):
    s = app_store
    kb = load()
    at = open_page(s.staff.account_id, MY_TRAINING)
    assert "No certificate yet: passing a module gives one." in [c.value for c in at.caption]

    record = pass_hygiene(s, kb)
    at = open_page(s.staff.account_id, MY_TRAINING)
    pick = at.selectbox(key="my_certificate_pick")
    assert pick.value == record.id
    assert "Everyday cyber hygiene (version 1.0), passed" in pick.format_func(record.id)
    at.button(key="my_certificate_prepare").click().run()
    assert not at.exception
    code_line = next(c.value for c in at.caption if c.value.startswith("Verification code: "))
    code = code_line.split()[2]
    downloads = at.get("download_button")
    assert len(downloads) == 1

    at = open_page(s.manager.account_id, VERIFY, code=code)
    at.button(key="verify_submit").click().run()
    assert not at.exception
    assert len(at.success) == 1
    assert "valid until" in at.success[0].value and "Sam Staff passed" in at.success[0].value


def test_a_forged_code_is_reported_unknown(app_store):
    s = app_store
    at = open_page(s.staff.account_id, VERIFY)
    at.text_input(key="verify_code").input("zzzz-zzzz-zzzz-zzzz").run()
    at.button(key="verify_submit").click().run()
    assert not at.exception
    shown = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]  # as Markdown renders it
    assert shown == [
        "ZZZZ-ZZZZ-ZZZZ-ZZZZ: unknown code: no certificate was issued with it (mistyped or forged)"
    ]


def test_trainers_see_what_was_sent_to_whom_and_what_is_due(app_store, monkeypatch):
    s = app_store
    kb = load()
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    due = (utcnow() + timedelta(days=20)).date()
    training.assign(
        s.engine, s.trainer, hygiene, training.AssignTarget("person", "P-staff"), due_on=due
    )
    at = open_page(s.trainer.account_id, REMINDERS)
    assert [h.value for h in at.subheader][:2] == ["Due now: 1", "Sent"]
    with running_smtp(monkeypatch) as inbox:
        reminders.send_reminders(s.engine, s.trainer, kb)
    assert len(inbox.received) == 1
    at = open_page(s.trainer.account_id, REMINDERS)
    assert [h.value for h in at.subheader] == ["Due now: 0", "Sent (latest 1)"]
    table = at.dataframe[0].value
    assert table[["kind", "to", "person", "due"]].values.tolist() == [
        ["assigned", "staff@example.org", "Sam Staff (P-staff)", due]
    ]


def test_only_trainers_have_the_reminders_page_and_everyone_the_verify_page():
    for role in Role:
        paths = [p.path for p in navigation.pages_for(role)]
        assert ("app_pages/reminders_log.py" in paths) is (role is Role.TRAINER)
        assert "app_pages/verify_certificate.py" in paths


def test_certificates_name_the_organisation_of_the_profile_once_it_is_saved(app_store):
    from quiz_app.certificates.organisation import organisation_name
    from quiz_app.governance.organisation import OrganisationProfile, save_profile

    s = app_store
    assert organisation_name(s.engine) == "Zakład Łódź"  # the setting, while there is no profile
    save_profile(
        s.engine,
        s.admin,
        OrganisationProfile(name="Spółka Wodna Gdańsk", member_states=("PL",)),
        expected_version=0,
    )
    assert organisation_name(s.engine) == "Spółka Wodna Gdańsk"


def test_a_trainer_downloads_a_persons_certificate_from_the_person_page(app_store):
    s = app_store
    kb = load()
    record = pass_hygiene(s, kb)
    person_page = str(PAGES / "person_training.py")
    at = open_page(s.trainer.account_id, person_page, person="P-staff")
    assert not at.exception
    pick = at.selectbox(key="person_certificate_pick")
    assert pick.value == record.id
    at.button(key="person_certificate_prepare").click().run()
    assert not at.exception
    assert any(c.value.startswith("Verification code: ") for c in at.caption)
    assert len(at.get("download_button")) == 1

    admin_view = open_page(s.admin.account_id, person_page, person="P-staff")
    assert not admin_view.exception
    assert "Certificates are shown to trainers." in [c.value for c in admin_view.caption]
