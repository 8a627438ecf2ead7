"""The command line: one-line messages and exit codes for bad input; nothing changes."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from store_support import PASSWORD, run_cli, seed_store

from quiz_app import cli, store
from quiz_app.config import Settings
from quiz_app.errors import AuthenticationFailed
from quiz_app.store import migrations

run = run_cli


def _accounts(engine) -> int:
    with store.transaction(engine) as conn:
        return conn.execute(select(func.count()).select_from(store.accounts)).scalar_one()


@pytest.fixture
def seeded(people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", people_store.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    return people_store


def test_first_admin_is_created_without_login_then_only_with_login(store_url, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", store_url)
    migrations.upgrade(store.get_engine(store_url))
    add = ["users", "add", "--username", "root", "--role", "admin", "--password-stdin"]
    assert run(add, PASSWORD + "\n") == (0, "created account root (admin) with id 1\n", "")
    add2 = ["users", "add", "--username", "root2", "--role", "admin", "--password-stdin"]
    assert run(add2, PASSWORD + "\n") == (
        3,
        "",
        "error: log in with --as USERNAME (password from NIS2_PASSWORD)\n",
    )


def test_the_first_account_must_be_an_admin(store_url, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", store_url)
    code, _, err = run(
        ["users", "add", "--username", "a", "--role", "staff", "--password-stdin"], PASSWORD
    )
    assert (code, err) == (3, "error: the first account must be an admin: use --role admin\n")
    assert migrations.current_version(store.get_engine(store_url)) is None


def revisions() -> str:
    """Every Alembic revision, in the order an upgrade from nothing applies them."""
    return ", ".join(sorted(migrations.known_versions()))


def test_commands_refuse_an_older_store_and_only_db_upgrade_migrates(sqlite_url, monkeypatch):
    from migration_support import old_store

    engine = store.get_engine(sqlite_url)
    old_store(engine, 1)
    seed_store(sqlite_url, engine)
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    head = migrations.head_version()
    refused = (
        1,
        "",
        f"error: the database is at schema version legacy-1, this app needs version {head}: "
        "run `python -m quiz_app db upgrade`\n",
    )
    assert run(["--as", "admin", "users", "list"]) == refused
    assert run(["--as", "admin", "db", "backup", "/nonexistent/b.db"]) == refused
    assert migrations.current_version(engine) == "legacy-1"
    assert run(["--as", "admin", "db", "upgrade"]) == (
        0,
        f"upgraded schema to version {head} (applied legacy-2, legacy-3, {revisions()})\n",
        "",
    )
    assert run(["--as", "admin", "users", "list"])[0] == 0


def test_a_store_behind_this_code_is_not_touched(seeded, monkeypatch):
    head = migrations.head_version()
    monkeypatch.setattr(migrations, "head_version", lambda *args: "9999")
    monkeypatch.setattr(migrations, "known_versions", lambda *args: {head, "9999"})
    code, _, err = run(["--as", "admin", "users", "disable", "--username", "staff"])
    assert (code, err) == (
        1,
        f"error: the database is at schema version {head}, this app needs version "
        "9999: run `python -m quiz_app db upgrade`\n",
    )
    monkeypatch.undo()
    assert "disabled" not in run(["--as", "admin", "users", "list"])[1]


@pytest.mark.parametrize(
    "argv",
    [
        ["--as", "admin", "--database-url", "{url}", "users", "list"],
        ["users", "list", "--as", "admin", "--database-url", "{url}"],
        ["--database-url", "{url}", "users", "list", "--as", "admin"],
        ["--as", "staff", "users", "list", "--as", "admin", "--database-url", "{url}"],
    ],
)
def test_as_and_database_url_go_before_or_after_the_command(people_store, monkeypatch, argv):
    monkeypatch.setenv("NIS2_DATABASE_URL", "sqlite:////nonexistent/elsewhere.db")
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    code, out, err = run([a.replace("{url}", people_store.url) for a in argv])
    assert (code, err) == (0, "")
    assert out.splitlines()[1].split()[:3] == ["1", "admin", "admin"]


def test_a_denied_account_learns_nothing_about_other_accounts(seeded):
    for argv in (
        ["users", "set-role", "--username", "nobody", "--role", "staff"],
        ["users", "disable", "--username", "nobody"],
        ["users", "link", "--username", "nobody", "--person", "nobody"],
        ["users", "link", "--username", "admin", "--person", "nobody"],
    ):
        assert run(["--as", "staff", *argv]) == (
            3,
            "",
            "error: the staff role may not manage accounts\n",
        )


def test_config_prints_every_setting_with_secrets_masked(monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", "postgresql+psycopg://nis2:db-secret@db:5432/nis2")
    monkeypatch.setenv(cli.ENV_PASSWORD, "login-secret")
    code, out, err = run(["config"])
    assert (code, err) == (0, "")
    lines = out.splitlines()
    names = [line.split()[0] for line in lines[::2]]
    assert names == [f"NIS2_{name.upper()}" for name in Settings.model_fields]
    assert {"NIS2_DATABASE_URL", "NIS2_SITE_URL", "NIS2_PASSWORD", "NIS2_DEBUG"} <= set(names)
    assert lines[0].split() == ["NIS2_DATABASE_URL", "postgresql+psycopg://nis2:***@db:5432/nis2"]
    assert lines[1].strip().startswith("the store: ")
    assert lines[2 * names.index("NIS2_PASSWORD")].split() == ["NIS2_PASSWORD", "********"]
    assert "db-secret" not in out and "login-secret" not in out
    shown = run(["config", "--database-url", "sqlite:////srv/nis2.db"])[1]
    assert shown.splitlines()[0].split() == ["NIS2_DATABASE_URL", "sqlite:////srv/nis2.db"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["users", "add", "--username", "x", "--role", "boss", "--password-stdin"],
            1,
            "error: unknown role 'boss' (expected one of: staff, manager, trainer, admin)",
        ),
        (
            ["users", "add", "--username", "Staff", "--role", "staff", "--password-stdin"],
            1,
            "error: username 'staff' is already taken",
        ),
        (
            ["users", "add", "--username", "shortpw", "--role", "staff", "--password-stdin"],
            1,
            "error: password too short: use at least 10 characters",
        ),
        (
            ["users", "set-role", "--username", "staff", "--role", "root"],
            1,
            "error: unknown role 'root' (expected one of: staff, manager, trainer, admin)",
        ),
        (
            ["users", "set-role", "--username", "nobody", "--role", "staff"],
            1,
            "error: no account named 'nobody'",
        ),
        (
            ["users", "set-role", "--username", "admin", "--role", "staff"],
            1,
            "error: refusing: this is the last enabled admin account",
        ),
        (
            ["person", "erase", "P-staff"],
            1,
            "error: erasing P-staff cannot be undone: repeat with --yes",
        ),
        (["person", "export", "nobody"], 1, "error: no person with id 'nobody'"),
        (
            ["audit", "list", "--since", "yesterday"],
            2,
            "error: python -m quiz_app audit list: argument --since: not a date: 'yesterday' "
            "(use YYYY-MM-DD) (see --help)",
        ),
        (
            ["users", "frobnicate"],
            2,
            "error: python -m quiz_app users: argument COMMAND: invalid choice: 'frobnicate' "
            "(choose from 'add', 'list', 'set-role', 'disable', 'enable', 'link') (see --help)",
        ),
        (
            ["users", "set-role", "--role", "staff"],
            2,
            "error: python -m quiz_app users set-role: the following arguments are required: "
            "--username (see --help)",
        ),
        (
            ["users", "list", "--verbose"],
            2,
            "error: python -m quiz_app users list: unrecognized arguments: --verbose (see --help)",
        ),
        (
            ["audit", "list", "--limit", "many"],
            2,
            "error: python -m quiz_app audit list: argument --limit: 'many' is not a valid "
            "integer. (see --help)",
        ),
        (
            ["training", "assign", "--module", "cyber-hygiene", "--role", "Dev", "--person", "P"],
            2,
            "error: python -m quiz_app training assign: argument --person: not allowed with "
            "argument --role (see --help)",
        ),
        (
            ["users"],
            2,
            "error: python -m quiz_app users: the following arguments are required: "
            "COMMAND (see --help)",
        ),
    ],
)
def test_bad_input_gets_one_line_and_changes_nothing(seeded, argv, code, message):
    before = _accounts(seeded.engine)
    stdin = "short\n" if "shortpw" in argv else PASSWORD
    result = run(["--as", "admin", *argv], stdin)
    assert result[0] == code
    assert result[2] == message + "\n"
    assert _accounts(seeded.engine) == before


def test_wrong_password_is_refused_and_audited(seeded, monkeypatch):
    monkeypatch.setenv(cli.ENV_PASSWORD, "not the password")
    assert run(["--as", "admin", "users", "list"]) == (3, "", "error: wrong username or password\n")


@pytest.mark.parametrize(
    ("url", "code", "message"),
    [
        (
            "::nonsense",
            1,
            "error: malformed database URL '::nonsense' (expected e.g. "
            "sqlite:///var/nis2.db or postgresql+psycopg://user@host:5432/db)",
        ),
        (
            "oracle://u@h/db",
            1,
            "error: unsupported database 'oracle' in database URL "
            "(expected one of: sqlite, postgresql)",
        ),
        (
            "postgresql+psycopg://postgres@127.0.0.1:1/none",
            4,
            "error: cannot open database postgresql+psycopg://postgres@127.0.0.1:1/none: "
            'connection failed: connection to server at "127.0.0.1", port 1 failed: '
            "Connection refused",
        ),
    ],
)
def test_bad_database_urls(monkeypatch, url, code, message):
    monkeypatch.setenv("NIS2_DATABASE_URL", url)
    result = run(["db", "upgrade"])
    assert result[0] == code
    assert result[2].startswith(message) and result[2].count("\n") == 1


def test_backup_and_restore_round_trip(seeded, tmp_path):
    for name in ("b.db", "b.json"):
        target = tmp_path / name
        assert run(["--as", "admin", "db", "backup", str(target)])[0] == 0
        assert run(["--as", "admin", "users", "disable", "--username", "staff"])[0] == 0
        code, out, err = run(["--as", "admin", "db", "restore", str(target)])
        assert (code, err) == (0, "")
        assert out.startswith(f"restored {target} (schema version {migrations.head_version()}): ")
        assert out.count("\n") == 1
        listing = run(["--as", "admin", "users", "list"])[1]
        assert "staff" in listing and "disabled" not in listing


def test_restoring_a_bad_file_changes_nothing(seeded, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    before = run(["--as", "admin", "users", "list"])[1]
    code, _, err = run(["--as", "admin", "db", "restore", str(bad)])
    assert (code, err) == (
        1,
        f"error: {bad} is not a backup of this app's store\n",
    )
    truncated = tmp_path / "truncated.json"
    run(["--as", "admin", "db", "backup", str(truncated)])
    truncated.write_text(truncated.read_text()[:-40])
    code, _, err = run(["--as", "admin", "db", "restore", str(truncated)])
    assert code == 1 and err.startswith(f"error: {truncated} is neither a SQLite nor a JSON")
    assert run(["--as", "admin", "users", "list"])[1] == before


def test_every_command_has_help_ending_with_an_example_of_itself():
    commands = cli.commands()
    assert len(commands) >= 15
    for (group, name), command in commands.items():
        path = f"{group} {name}".strip()
        result = CliRunner().invoke(cli.cli, [*path.split(), "--help"])
        assert result.exit_code == 0, path
        assert result.stdout.startswith(f"Usage: python -m quiz_app {path} [OPTIONS]")
        *_, heading, example = command.help.rstrip().splitlines()
        assert heading.strip() == "Example:", f"{path}: its help does not end with an example"
        assert re.search(rf"python -m quiz_app (--as \w+ )?{path}( |$)", example), path
        assert f"Example:\n    {example.strip()}\n" in result.stdout, path


def test_help_and_usage_errors_of_the_whole_command_line():
    assert run(["--help"])[0] == 0
    assert run([]) == (
        2,
        "",
        "error: python -m quiz_app: the following arguments are required: GROUP (see --help)\n",
    )
    assert isinstance(cli.cli, click.Group)


def test_module_entry_point_prints_no_traceback(tmp_path):
    env = {"NIS2_DATABASE_URL": "::nonsense", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "quiz_app", "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_fresh_install_bootstrap_as_the_readme_shows(tmp_path):
    env = {
        "NIS2_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "PATH": "/usr/bin:/bin",
        "NIS2_PASSWORD": PASSWORD,
    }

    def python_m_quiz_app(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "quiz_app", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    add = python_m_quiz_app(
        "users", "add", "--username", "admin", "--role", "admin", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert (add.returncode, add.stdout, add.stderr) == (
        0,
        "created account admin (admin) with id 1\n",
        "",
    )
    listed = python_m_quiz_app("users", "list", "--as", "admin")
    assert listed.returncode == 0 and "admin" in listed.stdout.splitlines()[1]


UPGRADE_NEEDED = (
    "error: the database is at schema version {}, this app needs version "
    f"{migrations.head_version()}: run `python -m quiz_app db upgrade`\n"
)


def test_commands_other_than_db_upgrade_do_not_adopt_an_old_store(store_url, monkeypatch):
    from migration_support import old_store
    from store_support import seed_store

    engine = store.get_engine(store_url)
    old_store(engine)
    seed_store(store_url, engine)
    monkeypatch.setenv("NIS2_DATABASE_URL", store_url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    assert run(["--as", "admin", "users", "list"]) == (1, "", UPGRADE_NEEDED.format("legacy-3"))
    assert migrations.current_version(engine) == "legacy-3"
    code, out, _ = run(["--as", "admin", "db", "upgrade"])
    head = migrations.head_version()
    assert (code, out) == (0, f"upgraded schema to version {head} (applied {revisions()})\n")
    assert "staff" in run(["--as", "admin", "users", "list"])[1]


def test_sessions_are_listed_and_revoked_by_id_or_by_account(seeded):
    from quiz_app import sessions

    s = seeded
    staff = [sessions.create(s.engine, s.staff.account_id, client_hint="Firefox") for _ in range(2)]
    manager = sessions.create(s.engine, s.manager.account_id)
    code, out, _ = run(["--as", "admin", "sessions", "list"])
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == ["manager", "staff", "staff"]
    assert out.splitlines()[1].endswith("Firefox")
    manager_id = int(out.split()[0])
    assert run(["--as", "admin", "sessions", "revoke", "--id", str(manager_id)]) == (
        0,
        f"revoked session {manager_id}\n",
        "",
    )
    assert run(["--as", "admin", "sessions", "revoke", "--username", "staff"]) == (
        0,
        "revoked 2 session(s) of staff\n",
        "",
    )
    for token in [*staff, manager]:
        with pytest.raises(AuthenticationFailed):
            sessions.resolve(s.engine, token)
    assert run(["--as", "admin", "sessions", "revoke"])[0] == cli.EXIT_USAGE
    assert run(["--as", "admin", "sessions", "revoke", "--id", str(manager_id)]) == (
        1,
        "",
        f"error: no open session with id {manager_id}\n",
    )
