"""``training assign``: assign training modules."""

from __future__ import annotations

from datetime import date

import click

from kb.load import load
from quiz_app import training
from quiz_app.cli.common import (
    DAY,
    CommandGroup,
    Session,
    exclusive,
    identity_options,
    pass_session,
)

group = CommandGroup("training", help="Assign training modules (trainer).")


@group.command("assign")
@click.option("--module", required=True, metavar="ID", help="training module id")
@click.option("--department", metavar="NAME", help="everyone in this department")
@click.option("--role", metavar="NAME", help="everyone with this job role")
@click.option("--person", metavar="ID", help="one person (HR id)")
@click.option("--due", type=DAY, metavar="DATE", help="due date (default: in 30 days)")
@identity_options
@pass_session
def assign(
    session: Session,
    module: str,
    department: str | None,
    role: str | None,
    person: str | None,
    due: date | None,
) -> None:
    """Assign a module to its audience (default), a department, a job role or a person
    (one of --department, --role, --person).

    \b
    Example:
      python -m quiz_app --as trainer training assign --module cyber-hygiene --due 2025-03-31
    """
    exclusive(department=department, role=role, person=person)
    engine = session.engine()
    actor = session.actor(engine)
    found = training.module_by_id(load(), module)
    if department:
        target = training.AssignTarget("department", department)
    elif role:
        target = training.AssignTarget("role", role)
    elif person:
        target = training.AssignTarget("person", person)
    else:
        target = training.AssignTarget("audience")
    result = training.assign(engine, actor, found, target, due_on=due)
    click.echo(
        f"assigned {found.id} to {result.assigned} people "
        f"({result.already_assigned} already assigned)"
    )
