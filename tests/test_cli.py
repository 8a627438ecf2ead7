"""The command line: one-line messages and exit codes for bad input; nothing changes."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from sqlalchemy import func, select
from store_support import PASSWORD

from quiz_app import cli, store
from quiz_app.cli import main
from quiz_app.store import migrations


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


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
    migrations.upgrade(store.get_engine(store_url))
    code, _, err = run(
        ["users", "add", "--username", "a", "--role", "staff", "--password-stdin"], PASSWORD
    )
    assert (code, err) == (3, "error: the first account must be an admin: use --role admin\n")


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
        assert run(["--as", "admin", "db", "restore", str(target)]) == (
            0,
            f"restored {target} (schema version {migrations.head_version()})\n",
            "",
        )
        listing = run(["--as", "admin", "users", "list"])[1]
        assert "staff" in listing and "disabled" not in listing


def test_restoring_a_bad_file_changes_nothing(seeded, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    before = run(["--as", "admin", "users", "list"])[1]
    code, _, err = run(["--as", "admin", "db", "restore", str(bad)])
    assert (code, err) == (
        1,
        f"error: {bad} is not a backup of this app's store (format is not 'nis2-store-backup')\n",
    )
    truncated = tmp_path / "truncated.json"
    run(["--as", "admin", "db", "backup", str(truncated)])
    truncated.write_text(truncated.read_text()[:-40])
    code, _, err = run(["--as", "admin", "db", "restore", str(truncated)])
    assert code == 1 and err.startswith(f"error: {truncated} is neither a SQLite nor a JSON")
    assert run(["--as", "admin", "users", "list"])[1] == before


def test_every_command_has_help_with_an_example():
    commands = cli.build_parser().commands
    assert len(commands) >= 10
    for (group, name), parser in commands.items():
        text = parser.format_help()
        assert "Example:\n  " in text, f"{group} {name} has no example"
        assert "python -m quiz_app" in text.split("Example:")[1]


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


UPGRADE_NEEDED = (
    "error: the database needs `python -m quiz_app db upgrade` "
    f"(schema version {{}}, this app needs {migrations.head_version()})\n"
)


def test_commands_other_than_db_upgrade_do_not_migrate_a_new_store(store_url, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", store_url)
    add = ["users", "add", "--username", "root", "--role", "admin", "--password-stdin"]
    assert run(add, PASSWORD + "\n") == (1, "", UPGRADE_NEEDED.format("none"))
    engine = store.get_engine(store_url)
    assert migrations.current_version(engine) is None
    assert run(["db", "upgrade"]) == (
        0,
        f"upgraded schema to version {migrations.head_version()} "
        f"(applied {migrations.head_version()})\n",
        "",
    )
    assert run(add, PASSWORD + "\n")[0] == 0


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
    assert (code, out) == (0, "upgraded schema to version 0001 (applied 0001)\n")
    assert "staff" in run(["--as", "admin", "users", "list"])[1]
