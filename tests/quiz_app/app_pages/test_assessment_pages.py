"""The self-assessment pages through the app's entry point (AppTest): the journeys a user takes."""

from __future__ import annotations

import re

import pytest
from store_support import PASSWORD, log_in, open_page
from streamlit.testing.v1 import AppTest
from support import ROOT

from kb.load import load
from quiz_app import accounts, people, self_assessment, store
from quiz_app.authz import Actor, Role
from quiz_app.core.question_bank import asked_questions
from quiz_app.core.report import percent_text
from quiz_app.core.scoring import NOT_APPLICABLE, score_assessment
from quiz_app.errors import PermissionDenied

APP = ROOT / "quiz_app" / "app.py"
PAGES = APP.parent / "app_pages"
ASSESSMENT, RESULTS, HISTORY, TEAM = (
    str(PAGES / f"{name}.py") for name in ("assessment", "results", "history", "team")
)
SITE = "https://kb.example.org/nis2/"
LINK = re.compile(r"\]\((https://kb\.example\.org/nis2/[^)]*)\)")


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv("NIS2_SITE_URL", SITE)
    return sqlite_people_store


def _open(account_id: int, page: str, **params: str) -> AppTest:
    return open_page(account_id, page, timeout=30, **params)


def _asked(kb, track: str) -> list:
    """The questions of ``track`` asked of the seeded people (no job role: the default
    staff sections)."""
    return asked_questions(kb, track, None)


def _sections(kb, track: str) -> list[str]:
    return list(dict.fromkeys(q.section for q in _asked(kb, track)))


def _answer_all(at: AppTest, kb, track: str, pick) -> dict:
    """Answer every question of ``track`` section by section; return the choices made."""
    choices = {}
    for section in _sections(kb, track):
        at.radio(key=f"assessment_section_{track}").set_value(section).run()
        for q in (q for q in _asked(kb, track) if q.section == section):
            choices[q.id] = pick(q)
            at.radio(key=f"q_{track}_{q.id}").set_value(choices[q.id])
        at.run()
        assert not at.exception and not at.error
    return choices


def _correct(q) -> int:
    return next(i for i, o in enumerate(q.options) if o.correct)


def _wrong(q) -> int:
    return next(i for i, o in enumerate(q.options) if not o.correct)


def _expected(kb, track: str, choices: dict) -> str:
    questions = _asked(kb, track)
    return percent_text(score_assessment(questions, choices).percent)


def test_staff_journey_take_results_report_retake_and_trend(app_store, kb):
    at = _open(app_store.staff.account_id, ASSESSMENT)
    assert [t.value for t in at.title] == ["Self-assessment"]
    assert at.radio(key="assessment_track").options == ["Staff (knowledge)"]
    staff = _asked(kb, "staff")
    wrong_ids = {staff[0].id, staff[1].id}
    first = _answer_all(at, kb, "staff", lambda q: _wrong(q) if q.id in wrong_ids else _correct(q))
    assert at.get("progress")[0].value == 100
    at.button(key="assessment_submit").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Results"]
    assert [m.value for m in at.metric] == [
        _expected(kb, "staff", first),
        f"{len(staff) - 2} of {len(staff)} correct",
        "2",
    ]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")

    gaps = [m.value for m in at.markdown if re.match(r"\*\*\d+\. ", m.value)]
    assert len(gaps) == 2
    heavier = max((q for q in staff if q.id in wrong_ids), key=lambda q: (q.weight, q.id))
    assert gaps[0].startswith(f"**1. {heavier.text}**")
    assert f"- Why: {heavier.explanation.strip()}" in gaps[0]
    assert f"- Right answer: {heavier.options[_correct(heavier)].text}" in gaps[0]
    for url in LINK.findall(gaps[0]):  # following a gap lands on a page the site has
        assert url.removeprefix(SITE).strip("/") in kb.page_paths()
    helps = [e for e in at.expander if e.label.startswith("What helps: ")]
    assert helps
    texts = [m.value for m in helps[0].markdown]
    assert any(
        t.startswith("**AWS services that help:** [") and SITE + "services/" in t for t in texts
    )
    assert any(t.startswith("**What stays with the customer:**") for t in texts)
    assert [b.label for b in at.get("download_button")] == [
        "Download report (Markdown)",
        "Download report (PDF)",
    ]

    at.switch_page(HISTORY).run()
    assert [t.value for t in at.title] == ["History"]
    assert f"**Staff (knowledge):** {_expected(kb, 'staff', first)} (one submission so far)." in [
        m.value for m in at.markdown
    ]

    at.switch_page(ASSESSMENT).run()  # a retake starts from the previous answers
    assert at.get("progress")[0].value == 100
    assert at.info[0].value.startswith(f"Started from your last submitted answers ({len(staff)})")
    carried = [c for c in at.caption if c.value.endswith("Carried over from your last submission.")]
    first_section = _sections(kb, "staff")[0]
    assert len(carried) == sum(1 for q in staff if q.section == first_section)
    second = _answer_all(at, kb, "staff", _correct)
    at.button(key="assessment_submit").click().run()
    assert [m.value for m in at.metric] == [
        "100.0 %",
        f"{len(staff)} of {len(staff)} correct",
        "0",
    ]
    assert [s.value for s in at.success] == [
        "No gaps: every applicable question reaches its target level."
    ]
    at.switch_page(HISTORY).run()
    before = score_assessment(staff, first).percent
    today = store.utcnow().date().isoformat()
    assert (
        second
        and f"**Staff (knowledge):** latest 100.0 %, up {100 - round(before, 1):.1f} "
        f"points since {today} (2 submissions)."
        in [m.value for m in at.markdown]
    )
    table = at.dataframe[0].value
    assert len(table) == 2
    # The first submission has no change to show: an empty cell, not "None".
    assert list(table["Change (points)"]) == [f"{100 - before:+.1f}", ""]  # newest first


def test_manager_opens_measure_from_site_link_and_takes_management_track(app_store, kb):
    at = _open(app_store.manager.account_id, ASSESSMENT, track="management", measure="21-2-b")
    assert at.radio(key="assessment_track").value == "management"
    assert at.radio(key="assessment_track").options == [
        "Management body (maturity)",
        "Staff (knowledge)",
    ]
    section = at.radio(key="assessment_section_management")
    assert section.value == "Measure 21(2)(b): Incident handling"
    shown = [r.key for r in at.radio if r.key.startswith("q_")]
    assert shown == [
        f"q_management_{q.id}"
        for q in kb.questions_for_measure("21-2-b")
        if q.track == "management"
    ]
    badges = [m for m in at.markdown if m.value == ":orange-badge[Measure 21-2-b]"]
    assert len(badges) == len(shown)  # each question of the measure is marked...
    assert not any(
        "*" in r.label or ":" in r.label.split(" ", 1)[0] for r in at.radio
    )  # ...in plain labels

    def pick(q):  # 0.33 each: below the default target "defined", so every one is a gap
        return NOT_APPLICABLE if q.not_applicable else 1

    choices = _answer_all(at, kb, "management", pick)
    at.button(key="assessment_submit").click().run()
    assert [t.value for t in at.title] == ["Results"]
    assert [m.value for m in at.metric][:2] == [_expected(kb, "management", choices), "developing"]
    gaps = [m.value for m in at.markdown if re.match(r"\*\*\d+\. ", m.value)]
    assert gaps[0].startswith("**1. ") and "Weight 5" in gaps[0] and SITE in gaps[0]
    assert "- Why:" not in "".join(gaps)  # maturity questions have no right answer


def test_draft_is_saved_and_resumed_in_a_new_session(app_store, kb):
    at = _open(app_store.staff.account_id, ASSESSMENT)
    first_section = _asked(kb, "staff")[:3]
    for q in first_section:
        at.radio(key=f"q_staff_{q.id}").set_value(_correct(q))
    at.run()
    at.button(key="assessment_save_draft").click().run()
    assert [s.value for s in at.success] == [
        "Draft saved (3 answers). Come back any time to resume."
    ]

    later = _open(app_store.staff.account_id, ASSESSMENT)
    assert later.info[0].value.startswith("Resumed your draft saved on ")
    assert later.info[0].value.endswith("(3 answers).")
    assert [later.radio(key=f"q_staff_{q.id}").value for q in first_section] == [
        _correct(q) for q in first_section
    ]
    total = len(_asked(kb, "staff"))
    assert later.get("progress")[0].proto.text == f"3 of {total} questions answered"
    history = _open(app_store.staff.account_id, HISTORY)
    assert history.info[0].value.startswith("You have an unsubmitted draft: Staff (knowledge)")


def test_each_answer_is_saved_as_given_and_a_second_tab_sees_the_conflict(app_store, kb):
    staff = app_store.staff
    questions = _asked(kb, "staff")
    total = len(questions)
    tab_a = _open(staff.account_id, ASSESSMENT)
    tab_b = _open(staff.account_id, ASSESSMENT)  # the same draft in a second tab
    for q in questions[:3]:
        tab_a.radio(key=f"q_staff_{q.id}").set_value(_correct(q)).run()
    assert not tab_a.error
    _, stored = self_assessment.load_draft(app_store.engine, staff, kb, "staff")
    assert stored == {q.id: _correct(q) for q in questions[:3]}  # no "Save draft" pressed

    reloaded = _open(staff.account_id, ASSESSMENT)  # F5: a new session resumes the draft
    assert reloaded.get("progress")[0].proto.text == f"3 of {total} questions answered"
    assert reloaded.info[0].value.startswith("Resumed your draft saved on ")

    tab_b.radio(key=f"q_staff_{questions[0].id}").set_value(_wrong(questions[0])).run()
    [error] = [e.value.replace("\\", "") for e in tab_b.error]  # shown as plain text
    assert re.fullmatch(
        r"This draft was changed in another tab or window at \d\d:\d\d UTC; "
        r"reload to see the latest answers\.",
        error,
    )
    assert self_assessment.load_draft(app_store.engine, staff, kb, "staff")[1] == stored
    tab_b.button(key="assessment_reload").click().run()
    assert tab_b.get("progress")[0].proto.text == f"3 of {total} questions answered"
    assert tab_b.radio(key=f"q_staff_{questions[0].id}").value == _correct(questions[0])
    tab_b.radio(key=f"q_staff_{questions[3].id}").set_value(_correct(questions[3])).run()
    assert not tab_b.error
    assert len(self_assessment.load_draft(app_store.engine, staff, kb, "staff")[1]) == 4


def test_staff_cannot_take_the_management_track(app_store, kb):
    at = _open(app_store.staff.account_id, ASSESSMENT, track="management")
    assert [w.value for w in at.warning] == [
        "The 'management' track is not open to the staff role; the management track is for "
        "members of the management body."
    ]
    assert at.radio(key="assessment_track").value == "staff"
    staff = app_store.staff
    with pytest.raises(PermissionDenied, match="the staff role may not take management track"):
        self_assessment.save_draft(app_store.engine, staff, kb, "management", {})
    with pytest.raises(PermissionDenied, match="the staff role may not take management track"):
        self_assessment.submit(app_store.engine, staff, kb, "management", {})


def test_staff_cannot_see_the_team_overview(app_store, kb):
    at = _open(app_store.staff.account_id, ASSESSMENT)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(TEAM)
    direct = AppTest.from_file(TEAM, default_timeout=30)
    log_in(direct, app_store.engine, app_store.staff.account_id)
    direct.run()
    assert [e.value for e in direct.error] == [
        "Not allowed: the staff role may not view team aggregates."
    ]
    assert not direct.dataframe
    with pytest.raises(PermissionDenied):
        self_assessment.team_area_averages(app_store.engine, app_store.staff, kb)


def _staff_member(s, name: str) -> Actor:
    person_id = people.create_person(
        s.engine, s.admin, external_id=f"P-{name}", name=name, department="Operations"
    )
    account_id = accounts.create_account(
        s.engine,
        s.admin,
        username=name.lower(),
        role=Role.STAFF,
        password=PASSWORD,
        person_id=person_id,
    )
    return Actor(account_id, Role.STAFF, person_id)


def test_manager_team_overview_shows_aggregates_only(app_store, kb):
    staff = _asked(kb, "staff")
    members = [app_store.staff, _staff_member(app_store, "Uma"), _staff_member(app_store, "Vic")]
    all_right = {q.id: _correct(q) for q in staff}
    all_wrong = {q.id: _wrong(q) for q in staff}
    self_assessment.submit(app_store.engine, members[0], kb, "staff", all_right)
    self_assessment.submit(app_store.engine, members[1], kb, "staff", all_wrong)

    at = _open(app_store.manager.account_id, TEAM)
    assert [t.value for t in at.title] == ["Team overview"]
    assert [i.value for i in at.info] == ["Not enough staff submissions yet to show averages."]
    groups = at.dataframe[1].value
    assert groups.to_dict("records") == [
        {
            "Department": "Operations",
            "Management body": "no",
            "People": "fewer than 3",
            "Average score": "hidden",
            "Maturity": "hidden",
        }
    ]

    self_assessment.submit(app_store.engine, members[2], kb, "staff", all_right)
    at.run()
    assert not at.info and not at.exception
    groups = at.dataframe[1].value
    assert groups.to_dict("records") == [
        {
            "Department": "Operations",
            "Management body": "no",
            "People": "3-4",
            "Average score": "66.7 %",
            "Maturity": "initial: 1, managed: 2",
        }
    ]
    areas = at.dataframe[0].value
    row = areas[areas["Area"] == "(b) Incident handling"].iloc[0]
    assert (row["People"], row["Average"]) == ("3-4", "66.7 %")
    shown = " ".join(str(e.value) for e in [*at.markdown, *at.caption]) + groups.to_string()
    for name in ("Sam Staff", "Uma", "Vic", "P-staff"):
        assert name not in shown


EVIL = "[click here](https://evil.example/x) ![seen](https://evil.example/pixel.png)"


def _unescaped(markdown_source: str) -> str:
    """The text CommonMark shows for ``markdown_source`` without any markup in it."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown_source)


def test_query_parameters_show_as_text_not_as_links_or_images(app_store):
    """`/assessment?measure=<markdown link>` showed a working link to any site, and an
    injected image was fetched, in the app's own warning."""
    import markdown

    at = _open(app_store.staff.account_id, ASSESSMENT, track=EVIL, measure=EVIL)
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2
    for source in warnings:
        html = markdown.markdown(source)
        assert "<a " not in html and "<img" not in html, source
        assert "https://" not in source and "](" not in source, source  # no autolink either
        assert EVIL in _unescaped(source)
