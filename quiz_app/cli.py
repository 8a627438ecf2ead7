"""Command line: ``python -m quiz_app <group> <command> ...``; the only place with exit codes.

Identity: commands act as an account given by ``--as USERNAME`` (before or after the
command); the password comes from ``NIS2_PASSWORD`` or a prompt. Authorization is the same
as in the app (``quiz_app.authz``) and the audit log names the acting account's id.
Bootstrap exceptions, allowed only while the store has no enabled admin: ``users add
--role admin``, ``db upgrade`` and ``db restore`` without ``--as``.

Exit codes: 0 done, 1 bad input or refused change, 2 usage error, 3 not logged in or not
allowed, 4 database unreachable. Every failure is one line on stderr, never a traceback
(``NIS2_DEBUG=1`` shows it).

How to add a command (e.g. ``people import``): write ``register(cli: CommandLine)`` in your
module calling ``cli.add("people", "import", handler, help=..., example=...)`` and add the
arguments to the parser it returns; then append ``your_module.register`` to ``REGISTRARS``.
A handler is ``handler(ctx: Context, args: Namespace) -> None`` and prints with ``ctx.out``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TextIO

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from quiz_app import accounts, audit, gdpr, people, store, training_cli
from quiz_app.authz import Action, Actor, Role, require
from quiz_app.config import get_settings
from quiz_app.errors import (
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    QuizAppError,
    StoreUnavailable,
)
from quiz_app.store import backup, migrations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DENIED = 3
EXIT_UNAVAILABLE = 4
ENV_PASSWORD = "NIS2_PASSWORD"

Handler = Callable[["Context", argparse.Namespace], None]


class UsageError(Exception):
    """Wrong command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


class Context:
    """What a handler needs: the store, the acting account, and output streams."""

    def __init__(self, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> None:
        self.args = args
        self.stdin = stdin
        self.stdout = stdout
        self._engine: Engine | None = None

    def out(self, text: str) -> None:
        """Print one line (or block) of output."""
        print(text, file=self.stdout)

    def raw_engine(self) -> Engine:
        """The engine without running migrations (for ``db`` commands)."""
        if self._engine is None:
            self._engine = store.get_engine(self.args.database_url)
            store.check_available(self._engine)
        return self._engine

    @property
    def engine(self) -> Engine:
        """The store, checked to be at the current schema (only ``db upgrade`` migrates).

        Raises:
            MigrationError: the store needs ``python -m quiz_app db upgrade`` (or is newer).
        """
        engine = self.raw_engine()
        migrations.require_current(engine)
        return engine

    def has_admin(self) -> bool:
        """Whether an enabled admin exists (False on a store without tables)."""
        engine = self.raw_engine()
        with store.transaction(engine) as conn:
            if not inspect(conn).has_table("accounts"):
                return False
        return accounts.admin_exists(engine)

    def actor(self, engine: Engine | None = None) -> Actor:
        """The account named by ``--as``, authenticated with its password.

        Raises:
            PermissionDenied: no ``--as`` given.
            AuthenticationFailed: wrong password (the failure is audited and throttled).
        """
        username = self.args.as_user
        if not username:
            raise PermissionDenied("log in with --as USERNAME (password from NIS2_PASSWORD)")
        secret = get_settings().password
        password = secret.get_secret_value() if secret is not None else None
        if password is None:
            password = _prompt(f"Password for {username}: ", self.stdin)
        return accounts.authenticate(engine or self.engine, username, password)

    def actor_or_bootstrap(self, action: Action) -> Actor | None:
        """The ``--as`` actor allowed ``action``, or None while no admin exists and no
        ``--as`` was given (bootstrap)."""
        if not self.args.as_user and not self.has_admin():
            return None
        actor = self.actor(self.raw_engine() if self.has_admin() else None)
        require(actor, action)
        return actor


def _prompt(label: str, stdin: TextIO) -> str:
    if not stdin.isatty():
        raise InvalidInput(f"no password: set {ENV_PASSWORD} or run in a terminal")
    return getpass.getpass(label)


class CommandLine:
    """The parser under construction; registrars add groups and commands to it."""

    def __init__(self) -> None:
        self.common = _Parser(add_help=False)
        self.common.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            default=argparse.SUPPRESS,
            help="act as this account (password from NIS2_PASSWORD or a prompt)",
        )
        self.common.add_argument(
            "--database-url",
            metavar="URL",
            default=argparse.SUPPRESS,
            help="database to use (default: NIS2_DATABASE_URL, else var/nis2.db)",
        )
        self.parser = _Parser(
            prog="python -m quiz_app",
            description="Manage the NIS 2 self-assessment app's store, accounts and people.",
            epilog="Example:\n  NIS2_PASSWORD=... python -m quiz_app --as admin users list",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        self.parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            default=None,
            help="act as this account (password from NIS2_PASSWORD)",
        )
        self.parser.add_argument(
            "--database-url",
            metavar="URL",
            default=None,
            help="database to use (default: NIS2_DATABASE_URL)",
        )
        self._groups = self.parser.add_subparsers(dest="group", metavar="GROUP", required=True)
        self._group_parsers: dict[str, Any] = {}
        self.commands: dict[tuple[str, str], argparse.ArgumentParser] = {}

    def group(self, name: str, help: str) -> None:
        """Declare a command group (``db``, ``users``, ...) with its help line."""
        if name in self._group_parsers:
            return
        parser = self._groups.add_parser(name, help=help, description=help)
        self._group_parsers[name] = parser.add_subparsers(
            dest="command", metavar="COMMAND", required=True
        )

    def add(
        self, group: str, name: str, handler: Handler, *, help: str, example: str
    ) -> argparse.ArgumentParser:
        """Add ``group name`` running ``handler``; return its parser for arguments."""
        self.group(group, help=f"{group} commands")
        parser = self._group_parsers[group].add_parser(
            name,
            help=help,
            description=help,
            epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[self.common],
        )
        parser.set_defaults(handler=handler)
        self.commands[(group, name)] = parser
        return parser

    def add_command(
        self, name: str, handler: Handler, *, help: str, example: str
    ) -> argparse.ArgumentParser:
        """Add a command without a group (``export``), keyed ``(name, "")`` in ``commands``."""
        parser = self._groups.add_parser(
            name,
            help=help,
            description=help,
            epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[self.common],
        )
        parser.set_defaults(handler=handler)
        self.commands[(name, "")] = parser
        return parser


# --- db -------------------------------------------------------------------------------------


def _db_upgrade(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.actor_or_bootstrap(Action.DB_ADMIN)
    ran = migrations.upgrade(ctx.raw_engine())
    version = migrations.current_version(ctx.raw_engine())
    if ran:
        with store.transaction(ctx.raw_engine()) as conn:
            audit.record(
                conn,
                actor.account_id if actor else None,
                audit.DB_UPGRADE,
                "store",
                {"applied": ran},
            )
        ctx.out(f"upgraded schema to version {version} (applied {', '.join(map(str, ran))})")
    else:
        ctx.out(f"schema already at version {version}")


def _db_backup(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    actor = ctx.actor(engine)
    require(actor, Action.DB_ADMIN)
    kind = backup.backup(engine, Path(args.file))
    with store.transaction(engine) as conn:
        audit.record(conn, actor.account_id, audit.DB_BACKUP, "store", {"format": kind})
    ctx.out(f"backup written to {args.file} ({kind})")


def _db_restore(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.actor_or_bootstrap(Action.DB_ADMIN)
    version = backup.restore(ctx.raw_engine(), Path(args.file))
    with store.transaction(ctx.raw_engine()) as conn:
        audit.record(
            conn,
            actor.account_id if actor else None,
            audit.DB_RESTORE,
            "store",
            {"schema_version": version},
        )
    ctx.out(f"restored {args.file} (schema version {version})")


def register_db(cli: CommandLine) -> None:
    """``db upgrade|backup|restore``."""
    cli.group("db", "schema upgrades, backups and restores (admin)")
    cli.add(
        "db",
        "upgrade",
        _db_upgrade,
        help="apply pending schema migrations (admin; no --as needed before the first "
        "admin exists)",
        example="NIS2_PASSWORD=... python -m quiz_app --as admin db upgrade",
    )
    p = cli.add(
        "db",
        "backup",
        _db_backup,
        help="write a backup: a SQLite copy, or portable JSON when FILE ends in .json "
        "(always JSON for PostgreSQL) (admin)",
        example="python -m quiz_app --as admin db backup var/backup-2025-01-31.db",
    )
    p.add_argument("file", metavar="FILE", help="where to write the backup")
    p = cli.add(
        "db",
        "restore",
        _db_restore,
        help="replace the store's contents with a backup, then upgrade it (admin; no "
        "--as needed on a store without admin)",
        example="python -m quiz_app --as admin db restore var/backup-2025-01-31.db",
    )
    p.add_argument("file", metavar="FILE", help="a file written by `db backup`")


# --- users ----------------------------------------------------------------------------------


def _read_new_password(ctx: Context, args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        line = ctx.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput("no password on standard input")
        return line
    if args.sso_email:
        return None
    first = _prompt(f"New password for {args.username}: ", ctx.stdin)
    if first != _prompt("Repeat the password: ", ctx.stdin):
        raise InvalidInput("the two passwords differ")
    return first


def _person_id(engine: Engine, external_id: str | None) -> int | None:
    if external_id is None:
        return None
    with store.transaction(engine) as conn:
        return people.person_id_for(conn, external_id)


def _users_add(ctx: Context, args: argparse.Namespace) -> None:
    role = Role.parse(args.role)
    accounts.normalise_username(args.username)
    engine = ctx.engine
    bootstrap = not ctx.args.as_user and not accounts.admin_exists(engine)
    if bootstrap and role is not Role.ADMIN:
        raise PermissionDenied("the first account must be an admin: use --role admin")
    actor = None if bootstrap else ctx.actor(engine)
    if actor is not None:
        require(actor, Action.MANAGE_ACCOUNTS)
    person_id = _person_id(engine, args.person)
    password = _read_new_password(ctx, args)
    if bootstrap:
        created = accounts.create_first_admin(
            engine, username=args.username, password=password or "", person_id=person_id
        )
        account_id = created.account_id
    else:
        account_id = accounts.create_account(
            engine,
            actor,
            username=args.username,
            role=role,
            password=password,
            person_id=person_id,
            sso_email=args.sso_email,
        )
    ctx.out(f"created account {args.username.strip().lower()} ({role}) with id {account_id}")


def _users_list(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    rows = accounts.list_accounts(engine, ctx.actor(engine))
    ctx.out(f"{'id':>4}  {'username':<30} {'role':<8} {'person':>6}  state")
    for a in rows:
        state = "disabled" if a.disabled else "enabled"
        login = ("password" if a.has_password else "") + (" sso" if a.sso_email else "")
        person = "" if a.person_id is None else str(a.person_id)
        ctx.out(f"{a.id:>4}  {a.username:<30} {a.role:<8} {person:>6}  {state}, {login.strip()}")


def _users_set_role(ctx: Context, args: argparse.Namespace) -> None:
    role = Role.parse(args.role)
    engine = ctx.engine
    actor = ctx.actor(engine)
    require(actor, Action.MANAGE_ACCOUNTS)
    accounts.change_role(engine, actor, accounts.account_id_for(engine, args.username), role)
    ctx.out(f"{args.username.strip().lower()} is now {role}")


def _set_disabled(disabled: bool) -> Handler:
    def handler(ctx: Context, args: argparse.Namespace) -> None:
        engine = ctx.engine
        actor = ctx.actor(engine)
        require(actor, Action.MANAGE_ACCOUNTS)
        account_id = accounts.account_id_for(engine, args.username)
        accounts.set_disabled(engine, actor, account_id, disabled)
        ctx.out(f"{args.username.strip().lower()} is {'disabled' if disabled else 'enabled'}")

    return handler


def _users_link(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    actor = ctx.actor(engine)
    require(actor, Action.MANAGE_ACCOUNTS)
    account_id = accounts.account_id_for(engine, args.username)
    accounts.link_person(engine, actor, account_id, _person_id(engine, args.person))
    ctx.out(f"{args.username.strip().lower()} is linked to person {args.person}")


def register_users(cli: CommandLine) -> None:
    """``users add|list|set-role|disable|enable|link``."""
    cli.group("users", "local and SSO accounts and their roles (admin)")
    p = cli.add(
        "users",
        "add",
        _users_add,
        help="create an account; the password is prompted for or read with "
        "--password-stdin. Without --as only the first admin can be created.",
        example="printf '%s\\n' \"$PW\" | python -m quiz_app users add "
        "--username alice --role admin --password-stdin",
    )
    p.add_argument("--username", required=True, help="login name (case-insensitive)")
    p.add_argument("--role", required=True, help="staff, manager, trainer or admin")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new password from the first line of standard input",
    )
    p.add_argument("--person", metavar="ID", help="link to the person with this HR id")
    p.add_argument(
        "--sso-email",
        metavar="EMAIL",
        help="e-mail the SSO provider reports for this account (no password needed)",
    )
    cli.add(
        "users",
        "list",
        _users_list,
        help="list every account with role and state",
        example="python -m quiz_app --as admin users list",
    )
    p = cli.add(
        "users",
        "set-role",
        _users_set_role,
        help="give an account another role",
        example="python -m quiz_app --as admin users set-role --username bob --role trainer",
    )
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True, help="staff, manager, trainer or admin")
    for name, disabled in (("disable", True), ("enable", False)):
        p = cli.add(
            "users",
            name,
            _set_disabled(disabled),
            help=f"{name} an account ({'it can no longer log in' if disabled else 'again'})",
            example=f"python -m quiz_app --as admin users {name} --username bob",
        )
        p.add_argument("--username", required=True)
    p = cli.add(
        "users",
        "link",
        _users_link,
        help="link an account to a person (HR id)",
        example="python -m quiz_app --as admin users link --username bob --person E123",
    )
    p.add_argument("--username", required=True)
    p.add_argument("--person", required=True, metavar="ID", help="the person's HR id")


# --- person ---------------------------------------------------------------------------------


def _person_export(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    data = gdpr.export_person(engine, ctx.actor(engine), args.id)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if args.output:
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"cannot write {args.output}: {exc.strerror or exc}") from None
        ctx.out(f"wrote everything held about {args.id} to {args.output}")
    else:
        ctx.out(text)


def _person_erase(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    actor = ctx.actor(engine)
    require(actor, Action.ERASE_PERSON)
    if not args.yes:
        raise InvalidInput(f"erasing {args.id} cannot be undone: repeat with --yes")
    pseudonym = gdpr.erase_person(engine, actor, args.id)
    ctx.out(f"erased {args.id}: now known only as {pseudonym}")


def register_person(cli: CommandLine) -> None:
    """``person export|erase`` (GDPR access and erasure requests)."""
    cli.group("person", "GDPR: export or erase everything held about one person (admin)")
    p = cli.add(
        "person",
        "export",
        _person_export,
        help="print (or write) everything held about one person as JSON",
        example="python -m quiz_app --as admin person export E123 --output e123.json",
    )
    p.add_argument("id", metavar="ID", help="the person's HR id (external id)")
    p.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    p = cli.add(
        "person",
        "erase",
        _person_erase,
        help="irreversibly pseudonymise a person everywhere; scores stay in aggregates",
        example="python -m quiz_app --as admin person erase E123 --yes",
    )
    p.add_argument("id", metavar="ID", help="the person's HR id (external id)")
    p.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")


# --- audit ----------------------------------------------------------------------------------


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def _audit_list(ctx: Context, args: argparse.Namespace) -> None:
    engine = ctx.engine
    until = args.until + timedelta(days=1) if args.until else None
    entries = audit.list_entries(
        engine,
        ctx.actor(engine),
        action=args.action,
        actor_account_id=args.actor,
        since=args.since,
        until=until,
        limit=args.limit,
    )
    for e in entries:
        actor = "-" if e.actor_account_id is None else f"account:{e.actor_account_id}"
        detail = json.dumps(e.detail, sort_keys=True) if e.detail else ""
        ctx.out(
            f"{e.at.isoformat(timespec='seconds')}  {actor:<12} {e.action:<16} "
            f"{e.target:<16} {detail}".rstrip()
        )


def register_audit(cli: CommandLine) -> None:
    """``audit list``."""
    cli.group("audit", "read the append-only audit log (admin)")
    p = cli.add(
        "audit",
        "list",
        _audit_list,
        help="list audit entries, newest first",
        example="python -m quiz_app --as admin audit list --action login_failed --since 2025-01-01",
    )
    p.add_argument("--action", help="only this action, e.g. login, role_change, person_erase")
    p.add_argument("--actor", type=int, metavar="ACCOUNT_ID", help="only this acting account")
    p.add_argument("--since", type=_date, metavar="DATE", help="from this day (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, metavar="DATE", help="up to and including this day")
    p.add_argument("--limit", type=int, default=1000, help="at most this many (default 1000)")


REGISTRARS: list[Callable[[CommandLine], None]] = [
    register_db,
    register_users,
    register_person,
    register_audit,
    training_cli.register,
]


def build_parser() -> CommandLine:
    """The full command line, with every registrar's commands."""
    cli = CommandLine()
    for register in REGISTRARS:
        register(cli)
    return cli


def _one_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; return its exit code. Never raises for user or database errors."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    debug = get_settings().debug
    try:
        cli = build_parser()
        try:
            args = cli.parser.parse_args(argv)
        except SystemExit as exit_:  # --help
            return int(exit_.code or 0)
        args.handler(Context(args, stdin, stdout), args)
        return EXIT_OK
    except UsageError as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_USAGE
    except (PermissionDenied, AuthenticationFailed) as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_DENIED
    except StoreUnavailable as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_UNAVAILABLE
    except QuizAppError as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=stderr)
        return 130
    except SQLAlchemyError as exc:
        if debug:
            raise
        print(f"error: database error: {_one_line(exc)}", file=stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if debug:
            raise
        print(
            f"error: unexpected {type(exc).__name__}: {_one_line(exc)} "
            "(set NIS2_DEBUG=1 for details)",
            file=stderr,
        )
        return EXIT_ERROR
