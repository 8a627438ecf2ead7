"""What every command shares: the session (store and acting account), the ``--as`` and
``--database-url`` options, parameter types, and the translation of errors to exit codes."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from gettext import gettext
from typing import Any, TypeVar

import click
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from quiz_app import authentication, maintenance
from quiz_app.authz import Actor
from quiz_app.config import get_settings
from quiz_app.errors import (
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    QuizAppError,
    StoreUnavailable,
)
from quiz_app.i18n import N_

PROG = "python -m quiz_app"
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DENIED = 3
EXIT_UNAVAILABLE = 4
EXIT_INTERRUPTED = 130
ENV_PASSWORD = "NIS2_PASSWORD"
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

F = TypeVar("F", bound=Callable[..., Any])


class Session:
    """What a command needs: the store, the acting account (``--as``) and standard input."""

    def __init__(self) -> None:
        self.as_user: str | None = None
        self.database_url: str | None = None
        self._engine: Engine | None = None

    def raw_engine(self) -> Engine:
        """The store, reachable, whatever its schema version (``db`` commands, bootstrap)."""
        if self._engine is None:
            self._engine = maintenance.open_store(self.database_url)
        return self._engine

    def engine(self) -> Engine:
        """The store at the schema this code expects.

        Raises:
            SchemaOutdated: the store needs ``db upgrade`` first (nothing is migrated here).
        """
        engine = self.raw_engine()
        maintenance.check_schema(engine)
        return engine

    def actor(self, engine: Engine) -> Actor:
        """The account named by ``--as``, authenticated with its password.

        Raises:
            PermissionDenied: no ``--as`` given.
            AuthenticationFailed: wrong password (the failure is audited and throttled).
        """
        if not self.as_user:
            raise PermissionDenied(N_("log in with --as USERNAME (password from NIS2_PASSWORD)"))
        secret = get_settings().password
        password = secret.get_secret_value() if secret is not None else None
        if password is None:
            password = prompt_secret(f"Password for {self.as_user}: ")
        return authentication.authenticate(engine, self.as_user, password)

    def actor_or_bootstrap(self, engine: Engine) -> Actor | None:
        """None while the store has no enabled admin (bootstrap), else the ``--as`` account."""
        if not maintenance.has_admin(engine):
            return None
        return self.actor(engine)


pass_session = click.make_pass_decorator(Session, ensure=True)


def prompt_secret(label: str) -> str:
    """Ask for a secret on the terminal.

    Raises:
        InvalidInput: standard input is not a terminal.
    """
    if not sys.stdin.isatty():
        raise InvalidInput(
            N_("no password: set {variable} or run in a terminal"), variable=ENV_PASSWORD
        )
    return getpass.getpass(label)


def read_stdin_line() -> str:
    """The first line of standard input, without its line ending."""
    return sys.stdin.readline().rstrip("\r\n")


def _remember(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is not None:
            setattr(ctx.ensure_object(Session), attribute, value)

    return callback


def identity_options(command: F) -> F:
    """``--as USERNAME`` and ``--database-url URL``, accepted before or after the command
    (the value given last wins)."""
    command = click.option(
        "--database-url",
        metavar="URL",
        expose_value=False,
        callback=_remember("database_url"),
        help="database to use (default: NIS2_DATABASE_URL, else var/nis2.db)",
    )(command)
    return click.option(
        "--as",
        "as_user",
        metavar="USERNAME",
        expose_value=False,
        callback=_remember("as_user"),
        help="act as this account (password from NIS2_PASSWORD or a prompt)",
    )(command)


class IsoDate(click.ParamType):
    """A day written YYYY-MM-DD, converted with ``convert_to`` (``date`` or ``datetime``)."""

    name = "DATE"

    def __init__(self, convert_to: type[date] = date) -> None:
        self.convert_to = convert_to

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, date):
            return value
        try:
            return self.convert_to.fromisoformat(value)
        except ValueError:
            self.fail(f"not a date: {value!r} (use YYYY-MM-DD)", param, ctx)


DAY = IsoDate(date)
DAY_START = IsoDate(datetime)


class OneOf(click.Choice):
    """A choice whose error lists the choices as the command line always has."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if value in self.choices:
            return value
        choices = ", ".join(repr(c) for c in self.choices)
        self.fail(f"invalid choice: {value!r} (choose from {choices})", param, ctx)


def exclusive(**given: str | None) -> None:
    """Refuse more than one of these options (``--name=value`` pairs; None means not given).

    Raises:
        click.UsageError: two of them were given.
    """
    named = [f"--{name.replace('_', '-')}" for name, value in given.items() if value is not None]
    if len(named) > 1:
        raise click.UsageError(f"argument {named[1]}: not allowed with argument {named[0]}")


class CommandGroup(click.Group):
    """A group that lists its commands in the order they were added and names an unknown
    command the way the command line always has."""

    def __init__(self, *args: Any, choice_metavar: str = "COMMAND", **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        kwargs.setdefault("no_args_is_help", False)
        super().__init__(*args, **kwargs)
        self.choice_metavar = choice_metavar

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0]
        if (
            self.get_command(ctx, name) is None
            and not name.startswith("-")
            and not ctx.resilient_parsing
        ):
            choices = ", ".join(repr(c) for c in self.commands)
            ctx.fail(
                f"argument {self.choice_metavar}: invalid choice: {name!r} (choose from {choices})"
            )
        return super().resolve_command(ctx, args)


def _hint(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


def usage_line(exc: click.UsageError) -> str:
    """A usage error as one line: ``COMMAND PATH: what is wrong (see --help)``."""
    ctx = exc.ctx
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and param is not None:
        text = f"the following arguments are required: {_hint(param)}"
    elif isinstance(exc, click.BadParameter) and param is not None:
        text = f"argument {_hint(param)}: {exc.message}"
    elif isinstance(exc, click.NoSuchOption):
        text = f"unrecognized arguments: {exc.option_name}"
    elif exc.message == gettext("Missing command.") and ctx is not None:
        metavar = getattr(ctx.command, "choice_metavar", "COMMAND")
        text = f"the following arguments are required: {metavar}"
    else:
        text = exc.message
    return f"{ctx.command_path if ctx else PROG}: {text} (see --help)"


def _one_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _fail(message: str, code: int) -> int:
    click.echo(f"error: {message}", err=True)
    return code


def run_translated(invoke: Callable[[], Any]) -> int:
    """Run ``invoke`` (click's ``main`` without standalone mode); return the exit code.

    Every failure becomes one line on stderr: 1 bad input or refused, 2 usage, 3 not
    logged in or not allowed, 4 database unreachable. ``NIS2_DEBUG=1`` re-raises unexpected
    errors so their traceback shows.
    """
    try:
        result = invoke()
        return result if isinstance(result, int) else EXIT_OK
    except click.UsageError as exc:
        return _fail(usage_line(exc), EXIT_USAGE)
    except click.Abort:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except click.ClickException as exc:
        return _fail(exc.format_message(), EXIT_ERROR)
    except (PermissionDenied, AuthenticationFailed) as exc:
        return _fail(str(exc), EXIT_DENIED)
    except StoreUnavailable as exc:
        return _fail(str(exc), EXIT_UNAVAILABLE)
    except QuizAppError as exc:
        return _fail(str(exc), EXIT_ERROR)
    except SQLAlchemyError as exc:
        if get_settings().debug:
            raise
        return _fail(f"database error: {_one_line(exc)}", EXIT_ERROR)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if get_settings().debug:
            raise
        return _fail(
            f"unexpected {type(exc).__name__}: {_one_line(exc)} (set NIS2_DEBUG=1 for details)",
            EXIT_ERROR,
        )


class RootGroup(CommandGroup):
    """The ``python -m quiz_app`` group: runs a command and returns (or exits with) its code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        base = super().main
        code = run_translated(
            lambda: base(
                args=list(args) if args is not None else None,
                prog_name=PROG,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code
