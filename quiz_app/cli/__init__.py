"""Command line: ``python -m quiz_app <group> <command> ...``; the only place with exit codes.

One click group (``cli``) with one module per group (``db``, ``users``, ``sessions``, ``person``, ``audit``,
``people``, ``training``, ``organisation``, ``rounds``, ``approvals``) and the top-level ``export`` and ``config``. Commands are thin:
parse, call a domain function (``accounts``, ``people_import``, ``gdpr``, ``training``,
``audit``, ``maintenance``), print. They never touch the store, and they never check
permissions themselves: the domain functions call ``quiz_app.authz.require``, once.

Identity: commands act as an account given by ``--as USERNAME`` (before or after the
command); the password comes from ``NIS2_PASSWORD`` or a prompt. The audit log names the
acting account's id. Bootstrap exceptions, allowed only while the store has no enabled
admin: ``users add --role admin`` (which also creates the schema of an empty store),
``db upgrade`` and ``db restore`` without ``--as``.

Schema: only ``db upgrade`` (and ``db restore``, and the first ``users add`` on an empty
store) migrate. Every other command refuses an older store with one line telling the user to
run ``python -m quiz_app db upgrade``.

Exit codes: 0 done, 1 bad input or refused change, 2 usage error, 3 not logged in or not
allowed, 4 database unreachable. Every failure is one line on stderr, never a traceback
(``NIS2_DEBUG=1`` shows it).

How to add a command (e.g. ``people list``):

1. In the group's module (``quiz_app/cli/people.py``; a new group gets a new module with
   ``group = CommandGroup("name", help=...)``, added to ``cli`` below), write::

       @group.command("list")
       @click.option("--department", metavar="NAME", help="only this department")
       @identity_options
       @pass_session
       def list_(session: Session, department: str | None) -> None:
           \"\"\"List people, by name.

           \\b
           Example:
             python -m quiz_app --as admin people list --department IT
           \"\"\"
           engine = session.engine()
           for person in people.list_people(engine, session.actor(engine)):
               click.echo(person.name)

2. End the docstring with an example (``tests/quiz_app/cli/test_cli.py`` checks every command has one),
   add the command to the role matrix in ``tests/quiz_app/test_authz.py``, and test it with
   ``CliRunner`` (``tests/quiz_app/cli/test_cli.py`` shows how).
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from quiz_app.cli import (
    approvals,
    audit,
    certificate,
    config,
    db,
    export,
    organisation,
    people,
    person,
    reminders,
    rounds,
    sessions,
    training,
    users,
)
from quiz_app.cli.common import (
    ENV_PASSWORD,
    EXIT_DENIED,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    PROG,
    RootGroup,
    identity_options,
)

__all__ = [
    "ENV_PASSWORD",
    "EXIT_DENIED",
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_UNAVAILABLE",
    "EXIT_USAGE",
    "cli",
    "commands",
    "main",
]


@click.group(cls=RootGroup, choice_metavar="GROUP", subcommand_metavar="GROUP [ARGS]...")
@identity_options
def cli() -> None:
    """Manage the NIS 2 self-assessment app's store, accounts and people.

    Exit codes: 0 done, 1 bad input or refused, 2 usage error, 3 not logged in or not
    allowed, 4 database unreachable.

    \b
    Example:
      NIS2_PASSWORD=... python -m quiz_app --as admin users list
    """


for _group in (
    db,
    users,
    sessions,
    person,
    audit,
    people,
    training,
    reminders,
    certificate,
    organisation,
    rounds,
    approvals,
):
    cli.add_command(_group.group)
cli.add_command(export.export)
cli.add_command(config.config)


def commands() -> dict[tuple[str, str], click.Command]:
    """Every command, keyed ``(group, name)``; a command without group is ``(name, "")``."""
    found: dict[tuple[str, str], click.Command] = {}
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                found[(name, sub_name)] = sub
        else:
            found[(name, "")] = command
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``argv``, default ``sys.argv[1:]``) as ``python -m quiz_app``;
    return its exit code. Never raises for user or database errors."""
    return cli.main(argv, prog_name=PROG, standalone_mode=False)
