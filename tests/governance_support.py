"""Helpers for the governance tests: a management body of three with manager accounts, and
their submissions of the management track."""

from __future__ import annotations

from store_support import PASSWORD, Seed

from kb.model import KnowledgeBase
from quiz_app import accounts, people
from quiz_app.authz import Actor, Role
from quiz_app.governance import rounds

BOARD_NAMES = ("Łukasz Nowak", "Eliška Dvořáková", "Γιώργος Παπαδόπουλος")


def add_board(seed: Seed, names: tuple[str, ...] = BOARD_NAMES) -> list[Actor]:
    """People on the management body with manager accounts ``board1``, ``board2``, ..."""
    board = []
    for n, name in enumerate(names, start=1):
        person_id = people.create_person(
            seed.engine,
            seed.admin,
            external_id=f"B-{n}",
            name=name,
            department="Board",
            is_management_body=True,
        )
        account_id = accounts.create_account(
            seed.engine,
            seed.admin,
            username=f"board{n}",
            role=Role.MANAGER,
            password=PASSWORD,
            person_id=person_id,
        )
        board.append(Actor(account_id, Role.MANAGER, person_id))
    return board


def management_choices(kb: KnowledgeBase, option: int) -> dict[str, int]:
    """Every management question answered with option ``option`` (or the last one)."""
    return {q.id: min(option, len(q.options) - 1) for q in kb.questions if q.track == "management"}


def submit_all(seed: Seed, kb: KnowledgeBase, round_id: int, board, options) -> None:
    """Each board member submits the round with the matching option everywhere."""
    for member, option in zip(board, options, strict=True):
        rounds.submit_in_round(seed.engine, member, kb, round_id, management_choices(kb, option))
