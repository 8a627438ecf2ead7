"""The organisation, rounds and approvals commands: what they print and who may run them."""

from __future__ import annotations

from datetime import date

import pytest
from governance_support import add_board
from store_support import PASSWORD, run_cli

from quiz_app import cli
from quiz_app.governance import approvals, organisation, rounds


@pytest.fixture
def seeded(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    return sqlite_people_store


def test_an_admin_sets_the_profile_field_by_field_and_anyone_shows_it(seeded):
    assert run_cli(["--as", "staff", "organisation", "show"]) == (
        0,
        "no organisation profile yet\n",
        "",
    )
    code, out, err = run_cli(
        ["--as", "admin", "organisation", "set", "--name", "Łódź Energia", "--member-states", "pl"]
    )
    assert (code, out, err) == (0, "saved the profile of Łódź Energia (version 1)\n", "")
    run_cli(["--as", "admin", "organisation", "set", "--class", "essential"])
    code, out, _ = run_cli(["--as", "trainer", "organisation", "show"])
    assert out.splitlines()[:2] == ["name: Łódź Energia", "member states: PL"]
    assert "class: essential" in out and "version: 2" in out
    code, _, err = run_cli(["--as", "admin", "organisation", "set", "--member-states", "UK"])
    assert code == cli.EXIT_ERROR and "'UK' is not an EU Member State code" in err
    assert organisation.organisation_profile(seeded.engine).member_states == ("PL",)


def test_a_manager_opens_a_board_round_lists_and_closes_it(seeded):
    add_board(seeded)
    code, out, err = run_cli(
        ["--as", "manager", "rounds", "open", "--title", "Board review", "--track"]
        + ["management", "--deadline", "2099-01-31", "--board"]
    )
    assert (code, out, err) == (0, "opened round 1 for 4 participant(s)\n", "")
    code, out, _ = run_cli(["--as", "admin", "rounds", "list"])
    assert out.split() == ["1", "open", "0/4", "2099-01-31", "management", "Board", "review"]
    for role in ("staff", "trainer"):
        code, _, err = run_cli(["--as", role, "rounds", "close", "1"])
        assert (code, err) == (cli.EXIT_DENIED, f"error: the {role} role may not run rounds\n")
    assert run_cli(["--as", "manager", "rounds", "close", "1"]) == (
        0,
        "closed round 1: 0 of 4 submitted\n",
        "",
    )
    code, _, err = run_cli(["--as", "admin", "rounds", "close", "1"])
    assert (code, err) == (cli.EXIT_ERROR, "error: the round 'Board review' is already closed\n")
    assert rounds.list_rounds(seeded.engine, seeded.admin)[0].status == "closed"


def test_approvals_are_listed_with_their_members(seeded):
    board = add_board(seeded)
    approvals.record_approval(
        seeded.engine,
        seeded.manager,
        subject="measures",
        approved_on=date(2026, 11, 20),
        meeting_reference="Minutes 2026/11",
        member_ids=[board[0].person_id],
    )
    code, out, _ = run_cli(["--as", "manager", "approvals", "list"])
    assert out == "    1  2026-11-20  measures          Minutes 2026/11  [Łukasz Nowak]\n"
