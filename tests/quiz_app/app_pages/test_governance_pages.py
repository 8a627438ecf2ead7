"""The organisation, rounds and approvals pages and their traces on Home, the assessment,
the results and the scope checker, through the app's entry point (AppTest)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from governance_support import add_board, submit_all
from store_support import open_page
from support import ROOT

from kb.load import load
from quiz_app import self_assessment
from quiz_app.authz import Role
from quiz_app.governance import approvals, organisation, rounds
from quiz_app.ui import navigation
from quiz_app.ui.text import plain

PAGES = ROOT / "quiz_app" / "app_pages"
HOME, ASSESSMENT, RESULTS, SCOPE, ORGANISATION, ROUNDS, APPROVALS = (
    str(PAGES / f"{name}.py")
    for name in (
        "home",
        "assessment",
        "results",
        "scope_checker",
        "organisation",
        "rounds",
        "approvals",
    )
)


@pytest.fixture
def board(app_store):
    return add_board(app_store)


def _open(account_id: int, page: str, **params: str):
    return open_page(account_id, page, timeout=30, **params)


def _may_open(role: Role, page: str) -> bool:
    """Whether the page is in the role's navigation (a page's guard refuses the others)."""
    return any(str(PAGES.parent / p.path) == page for p in navigation.pages_for(role))


def _texts(at) -> str:
    return "\n".join(
        e.value for kind in (at.markdown, at.caption, at.info, at.success) for e in kind
    )


def test_the_admin_fills_the_profile_and_everyone_sees_its_name(app_store, kb):
    at = _open(app_store.admin.account_id, ORGANISATION)
    at.text_input(key="org_name").input("Wodociągi Miejskie Sp. z o.o.")
    at.multiselect(key="org_states").select("PL").select("DE")
    at.selectbox(key="org_class").select("essential")
    at.text_input(key="org_authority").input("Minister Cyfryzacji")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "Profile saved (version 1)." in [s.value for s in at.success]
    profile = organisation.organisation_profile(app_store.engine)
    assert (profile.member_states, profile.entity_class) == (("PL", "DE"), "essential")

    self_assessment.submit(app_store.engine, app_store.staff, kb, "staff", {})
    results = _open(app_store.staff.account_id, RESULTS)
    assert plain("Wodociągi Miejskie Sp. z o.o. · PL, DE · essential entity") in _texts(results)
    assert not _may_open(Role.STAFF, ORGANISATION) and not _may_open(Role.MANAGER, ORGANISATION)


def test_the_scope_checker_saves_its_result_for_admins_only(app_store):
    staff = _open(app_store.staff.account_id, SCOPE)
    assert not [b for b in staff.button if b.key == "scope_save_profile"]

    at = _open(app_store.admin.account_id, SCOPE)
    at.selectbox(key="scope_subsector").select("healthcare-providers")
    at.number_input(key="scope_employees").set_value(60)
    at.number_input(key="scope_turnover_m").set_value(8.0).run()
    at.text_input(key="scope_org_name").input("Szpital Miejski")
    at.multiselect(key="scope_org_states").select("PL")
    at.button(key="scope_save_profile").click().run()
    assert not at.exception and not at.error
    assert "Saved to the profile of Szpital Miejski (version 1)." in [s.value for s in at.success]
    profile = organisation.organisation_profile(app_store.engine)
    assert (profile.sector, profile.entity_size, profile.entity_class) == (
        "healthcare-providers",
        "medium",
        "important",
    )
    assert profile.scope_answers["employees"] == 60


def test_a_manager_opens_a_round_for_the_whole_board(app_store, board):
    at = _open(app_store.manager.account_id, ROUNDS)
    at.text_input(key="round_title").input("Board review 2026")
    at.radio(key="round_track").set_value("management")
    at.button(key="round_all_board").click().run()
    board_ids = sorted([m.person_id for m in board] + [app_store.manager.person_id])
    assert sorted(at.multiselect(key="round_participants").value) == board_ids
    at.button(key="round_open").click().run()
    assert not at.exception and not at.error
    [summary] = rounds.list_rounds(app_store.engine, app_store.manager)
    assert (summary.title, summary.participants, summary.status) == ("Board review 2026", 4, "open")
    assert "Mia Manager: not yet" in _texts(at)
    assert not _may_open(Role.STAFF, ROUNDS) and not _may_open(Role.TRAINER, ROUNDS)


def test_a_participant_starts_the_round_from_home_and_submits_into_it(app_store, board, kb):
    round_id = rounds.open_round(
        app_store.engine,
        app_store.manager,
        title="Board review 2026",
        track="management",
        deadline=date.today() + timedelta(days=7),
        participant_ids=[m.person_id for m in board],
    )
    home = _open(board[0].account_id, HOME)
    assert "Assessment round: Board review 2026" in _texts(home)
    assert home.button(key=f"home_round_{round_id}").label == "Start this round's assessment"
    staff_home = _open(app_store.staff.account_id, HOME)
    assert "Assessment round" not in _texts(staff_home)

    at = _open(board[0].account_id, ASSESSMENT, round=str(round_id))
    assert "your submission counts for this round" in _texts(at)
    at.button(key="assessment_submit").click().run()
    assert not at.exception and not at.error
    progress = rounds.round_progress(app_store.engine, app_store.manager, round_id)
    assert [p.submitted for p in progress if p.person_id == board[0].person_id] == [True]

    outsider = _open(app_store.staff.account_id, ASSESSMENT, round=str(round_id))
    assert [e.value for e in outsider.error] == ["You are not a participant of this round"]


def test_closing_shows_the_combined_view_to_managers_and_participants(app_store, board, kb):
    round_id = rounds.open_round(
        app_store.engine,
        app_store.manager,
        title="Board review 2026",
        track="management",
        deadline=date.today() + timedelta(days=7),
        participant_ids=[m.person_id for m in board],
    )
    submit_all(app_store, kb, round_id, board, options=(0, 1, 3))
    at = _open(app_store.manager.account_id, ROUNDS)
    at.button(key=f"round_close_{round_id}").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.columns[:4]) == ["Measure", "Median %", "Lowest %", "Highest %"]
    spreads = list(table["Spread (points)"])
    assert spreads == sorted(spreads, reverse=True) and spreads[0] > 0
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the round's report (PDF)",
        "Download the round's report (Markdown)",
    ]

    home = _open(board[2].account_id, HOME)
    assert home.expander and "Board review 2026" in home.expander[0].label
    assert list(home.dataframe[0].value["Spread (points)"]) == spreads


def test_a_manager_records_an_approval_beside_the_board_training(app_store, board):
    at = _open(app_store.manager.account_id, APPROVALS)
    assert "no valid pass" in at.dataframe[-1].value.to_string()
    management = [m for m in load().training if m.audience == "management"]
    assert [f"{m.title} valid until" for m in management] == list(at.dataframe[-1].value.columns)[
        1:
    ]
    at.date_input(key="approval_date").set_value(date(2026, 11, 20))
    at.text_input(key="approval_reference").input("Board minutes 2026/11")
    at.multiselect(key="approval_members").select(board[0].person_id).select(board[1].person_id)
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "Approval #1 recorded (2 members present)." in [s.value for s in at.success]
    history = at.dataframe[0].value
    assert history.loc[0, "Meeting"] == "Board minutes 2026/11"
    assert history.loc[0, "Members present"] == "Eliška Dvořáková, Łukasz Nowak"
    assert len(approvals.list_approvals(app_store.engine, app_store.manager)) == 1

    assert not any(_may_open(role, APPROVALS) for role in (Role.STAFF, Role.ADMIN, Role.TRAINER))
