"""Helpers for the app's store tests: seeded accounts, a concurrency worker."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner
from sqlalchemy.engine import Engine

from quiz_app import accounts, cli, people
from quiz_app.authz import Actor, Role

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Seed:
    """A store with one person and one password account per role (password ``PASSWORD``)."""

    url: str
    engine: Engine
    admin: Actor
    staff: Actor
    manager: Actor
    trainer: Actor

    def actor(self, role: Role) -> Actor:
        """The seeded actor with this role."""
        return getattr(self, role.value)

    def username(self, role: Role) -> str:
        """The seeded username with this role (equal to the role's name)."""
        return role.value


def run_cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run ``python -m quiz_app ARGV`` in-process; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli.cli, argv, input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def seed_store(url: str, engine: Engine) -> Seed:
    """Add persons P-<role> and accounts named after their roles to an empty store."""
    admin_person = None
    bootstrap = accounts.create_first_admin(engine, username="admin", password=PASSWORD)
    admin_person = people.create_person(
        engine,
        bootstrap,
        external_id="P-admin",
        name="Ada Admin",
        email="ada@example.org",
        department="IT",
    )
    accounts.link_person(engine, bootstrap, bootstrap.account_id, admin_person)
    actors = {Role.ADMIN: Actor(bootstrap.account_id, Role.ADMIN, admin_person)}
    names = {Role.STAFF: "Sam Staff", Role.MANAGER: "Mia Manager", Role.TRAINER: "Tom Trainer"}
    for role, name in names.items():
        person_id = people.create_person(
            engine,
            bootstrap,
            external_id=f"P-{role}",
            name=name,
            email=f"{role}@example.org",
            department="Operations",
            is_management_body=role is Role.MANAGER,
        )
        account_id = accounts.create_account(
            engine,
            bootstrap,
            username=role.value,
            role=role,
            password=PASSWORD,
            person_id=person_id,
        )
        actors[role] = Actor(account_id, role, person_id)
    return Seed(
        url=url,
        engine=engine,
        admin=actors[Role.ADMIN],
        staff=actors[Role.STAFF],
        manager=actors[Role.MANAGER],
        trainer=actors[Role.TRAINER],
    )


def submit_many(url: str, person_id: int, account_id: int, worker: int, count: int) -> None:
    """Concurrency worker: submit ``count`` assessments with keys ``w<worker>-<n>``."""
    from quiz_app import assessments, store
    from quiz_app.assessments import Answer

    engine = store.get_engine(url)
    actor = Actor(account_id, Role.STAFF, person_id)
    for n in range(count):
        assessments.submit_assessment(
            engine,
            actor,
            person_id=person_id,
            track="staff",
            answers=[Answer("q1", n % 4), Answer("q2", None, not_applicable=True)],
            score=n / count,
            maturity=None,
            submission_key=f"w{worker}-{n}",
        )
    store.dispose_engines()


def log_in(at, engine_or_url: Engine | str, account_id: int) -> str:
    """Log an account in to an ``AppTest`` app as the login page does: start a session in
    the store and give the app its token (where the app keeps the one its login made).
    Returns the token."""
    from quiz_app import sessions, store
    from quiz_app.ui import TOKEN_KEY

    engine = store.get_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    token = sessions.create(engine, account_id, client_hint="AppTest")
    at.session_state[TOKEN_KEY] = token
    return token


def open_page(account_id: int, page: str, *, timeout: float = 60, **params: str):
    """The app from its entry point, logged in as ``account_id``, at ``page`` with the query
    ``params``, after one run without an exception (store: ``NIS2_DATABASE_URL``)."""
    from streamlit.testing.v1 import AppTest
    from support import ROOT

    from quiz_app import store

    at = AppTest.from_file(str(ROOT / "quiz_app" / "app.py"), default_timeout=timeout)
    log_in(at, store.database_url(), account_id)
    at.query_params.update(params)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at
