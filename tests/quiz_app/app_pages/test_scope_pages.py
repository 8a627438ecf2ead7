"""The scope checker and incident clock pages, through the app's entry point (AppTest)."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa
from store_support import log_in
from streamlit.testing.v1 import AppTest
from support import ROOT

from quiz_app import store
from quiz_app.authz import Role

APP = ROOT / "quiz_app" / "app.py"
SCOPE_PAGE = str(APP.parent / "app_pages" / "scope_checker.py")
CLOCK_PAGE = str(APP.parent / "app_pages" / "incident_clock.py")
SITE = "https://kb.example.org/nis2/"


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    return sqlite_people_store


def _open(account_id: int, page: str, browser_zone: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    if browser_zone:
        at.context = {"timezone": browser_zone}  # what the browser reports
    log_in(at, store.database_url(), account_id)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def _shown(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return markdown.replace("\\", "")


def _row_counts(engine: sa.Engine) -> dict[str, int]:
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in meta.tables.items()
        }


def test_scope_checker_hospital_is_important(app_store):
    at = _open(app_store.staff.account_id, SCOPE_PAGE)
    before = _row_counts(app_store.engine)  # with the login's session
    assert [t.value for t in at.title] == ["Scope checker"]
    assert "not legal advice" in at.warning[0].value
    at.selectbox(key="scope_subsector").select("healthcare-providers")
    at.number_input(key="scope_employees").set_value(60)
    at.number_input(key="scope_turnover_m").set_value(8.0)
    at.number_input(key="scope_balance_m").set_value(6.0).run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        "In scope as an **important** entity (medium enterprise)."
    ]
    steps = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert steps.splitlines()[2] == (
        "3. A medium-sized entity of an Annex I type is in scope; unless another rule makes it "
        f"essential, it is important. ([Art. 2(1); Art. 3(2)]({SITE}articles/3/))"
    )
    articles = next(m.value for m in at.markdown if m.value.startswith("**Articles"))
    assert f"[Art. 33]({SITE}articles/33/)" in articles
    fine = next(m.value for m in at.markdown if m.value.startswith("**Fine ceiling"))
    assert "at least €7,000,000 with the turnover you entered" in fine
    assert _row_counts(app_store.engine) == before


def test_scope_checker_dns_case_checkbox_makes_essential(app_store):
    at = _open(app_store.manager.account_id, SCOPE_PAGE)
    at.selectbox(key="scope_subsector").select("digital-infrastructure")
    at.number_input(key="scope_employees").set_value(30)
    at.checkbox(key="scope_case_dns-service-providers").check().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "In scope as an **essential** entity (micro/small enterprise)."
    ]


def test_incident_clock_shows_three_deadlines_across_the_clock_change(app_store):
    at = _open(app_store.trainer.account_id, CLOCK_PAGE, browser_zone="Europe/Brussels")
    before = _row_counts(app_store.engine)  # with the login's session
    assert [t.value for t in at.title] == ["Incident reporting clock"]
    assert at.selectbox(key="clock_tz").value == "Europe/Brussels"
    assert "your browser's time zone (Europe/Brussels)" in _shown(at.caption[1].value)
    at.date_input(key="clock_aware_date").set_value(date(2026, 10, 24))
    at.time_input(key="clock_aware_time").set_value(time(10, 0)).run()
    assert not at.exception and not at.error
    assert [h.value for h in at.subheader] == [
        "Early warning: Sun 25 Oct 2026, 09:00 CET",
        "Incident notification: Tue 27 Oct 2026, 09:00 CET",
        "Final report: Fri 27 Nov 2026, 09:00 CET",
        "Reports without a fixed date",
    ]
    evidence = [m.value for m in at.markdown if m.value.startswith("Evidence on AWS")]
    assert f"[AWS CloudTrail]({SITE}services/cloudtrail/)" in evidence[1]
    assert _row_counts(app_store.engine) == before


def test_incident_clock_starts_in_the_browsers_zone_not_brussels(app_store):
    at = _open(app_store.staff.account_id, CLOCK_PAGE, browser_zone="Europe/Lisbon")
    assert at.selectbox(key="clock_tz").value == "Europe/Lisbon"
    at.date_input(key="clock_aware_date").set_value(date(2026, 7, 1))
    at.time_input(key="clock_aware_time").set_value(time(10, 0)).run()
    assert at.subheader[0].value == "Early warning: Thu 02 Jul 2026, 10:00 WEST"


def test_incident_clock_without_a_browser_zone_says_it_uses_utc(app_store):
    at = _open(app_store.staff.account_id, CLOCK_PAGE)
    assert at.selectbox(key="clock_tz").value == "UTC"
    assert any("the clock starts in UTC: pick yours" in _shown(c.value) for c in at.caption)


def test_incident_clock_trust_service_provider_and_time_zone(app_store):
    at = _open(app_store.staff.account_id, CLOCK_PAGE)
    at.selectbox(key="clock_tz").select("UTC")
    at.date_input(key="clock_aware_date").set_value(date(2028, 1, 30))
    at.time_input(key="clock_aware_time").set_value(time(8, 0))
    at.radio(key="clock_entity").set_value("trust-service-provider").run()
    assert not at.exception
    assert [h.value for h in at.subheader][:3] == [
        "Early warning: Mon 31 Jan 2028, 08:00 UTC",
        "Incident notification: Mon 31 Jan 2028, 08:00 UTC",
        "Final report: Tue 29 Feb 2028, 08:00 UTC",
    ]


@pytest.mark.parametrize("role", list(Role))
def test_pages_are_in_every_roles_navigation(app_store, role):
    at = _open(app_store.actor(role).account_id, CLOCK_PAGE)
    at.switch_page(SCOPE_PAGE).run()
    assert not at.exception


def test_scope_checker_search_narrows_the_sectors_to_what_matches(app_store):
    at = _open(app_store.staff.account_id, SCOPE_PAGE)
    at.text_input(key="scope_search").input("managed service provider").run()
    assert not at.exception
    box = at.selectbox(key="scope_subsector")
    assert box.options[0] == "Annex I · ICT service management (business-to-business)"
    assert box.value == "ict-service-management-b2b"
    assert "matches “managed service provider”" in _shown(at.caption[0].value)
    at.text_input(key="scope_search").input("data center").run()
    assert at.selectbox(key="scope_subsector").value == "digital-infrastructure"
    at.text_input(key="scope_search").input("underwater basket weaving").run()
    assert "Nothing in Annex I or II matches" in at.caption[0].value
    assert len(at.selectbox(key="scope_subsector").options) > 30
