"""``rounds list``, ``rounds open`` and ``rounds close``: assessment rounds (manager, admin)."""

from __future__ import annotations

import click

from quiz_app.cli.common import DAY, CommandGroup, OneOf, Session, identity_options, pass_session
from quiz_app.governance import rounds
from quiz_app.self_assessment import TRACK_ACTIONS

group = CommandGroup("rounds", help="Open, list and close assessment rounds (manager, admin).")


@group.command("list")
@identity_options
@pass_session
def list_(session: Session) -> None:
    """List the rounds: id, status, submitted of participants, deadline, track, title.

    \b
    Example:
      python -m quiz_app --as manager1 rounds list
    """
    engine = session.engine()
    for r in rounds.list_rounds(engine, session.actor(engine)):
        click.echo(
            f"{r.id:>5}  {r.status:<6}  {r.submitted}/{r.participants}  "
            f"{r.deadline:%Y-%m-%d}  {r.track:<10}  {r.title}"
        )


@group.command("open")
@click.option("--title", required=True, metavar="TEXT", help="the round's title")
@click.option("--track", required=True, type=OneOf(list(TRACK_ACTIONS)), help="the track")
@click.option("--deadline", required=True, type=DAY, help="YYYY-MM-DD")
@click.option("--board", is_flag=True, help="every member of the management body takes part")
@click.option("--person", "person_ids", multiple=True, type=int, metavar="ID", help="a person id")
@identity_options
@pass_session
def open_(
    session: Session, title: str, track: str, deadline, board: bool, person_ids: tuple[int, ...]
) -> None:
    """Open a round for --board and/or the --person ids given.

    \b
    Example:
      python -m quiz_app --as manager1 rounds open --title Review --track management --deadline 2026-12-15 --board
    """
    engine = session.engine()
    actor = session.actor(engine)
    chosen = set(person_ids)
    if board:
        chosen |= {c.person_id for c in rounds.candidates(engine, actor) if c.is_management_body}
    round_id = rounds.open_round(
        engine, actor, title=title, track=track, deadline=deadline, participant_ids=sorted(chosen)
    )
    click.echo(f"opened round {round_id} for {len(chosen)} participant(s)")


@group.command("close")
@click.argument("round_id", type=int, metavar="ID")
@identity_options
@pass_session
def close(session: Session, round_id: int) -> None:
    """Close a round: no more submissions; the combined view appears.

    \b
    Example:
      python -m quiz_app --as manager1 rounds close 3
    """
    engine = session.engine()
    closed = rounds.close_round(engine, session.actor(engine), round_id)
    click.echo(f"closed round {closed.id}: {closed.submitted} of {closed.participants} submitted")
