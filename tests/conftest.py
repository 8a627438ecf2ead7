"""Shared fixtures for the app's store.

``store_url``/``store`` run a test on SQLite (a temporary file) and on PostgreSQL (a fresh
schema per test, dropped afterwards). PostgreSQL tests are skipped only when no server is
reachable and NIS2_REQUIRE_POSTGRES is unset; with it set they fail loudly.
``people_store`` adds one person and account per role (see ``Seed``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from quiz_app import accounts, migrations, people, store
from quiz_app.authz import Actor, Role

POSTGRES_URL = os.environ.get(
    "NIS2_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery"


def _postgres_admin_engine() -> Engine:
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001
        engine.dispose()
        reason = str(exc).strip().splitlines()[0]
        if os.environ.get("NIS2_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL required (NIS2_REQUIRE_POSTGRES) but unreachable: {reason}")
        pytest.skip(f"PostgreSQL unreachable: {reason}")
    return engine


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema (search_path), dropped after the test."""
    admin = _postgres_admin_engine()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        store.dispose_engines()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """URL of a SQLite file in a temporary directory."""
    yield f"sqlite:///{tmp_path / 'store.db'}"
    store.dispose_engines()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """An empty store's URL, on each backend in turn."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def store_engine(store_url: str) -> Engine:
    """An engine on an empty store, migrated to the current schema."""
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    return engine


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


@pytest.fixture
def people_store(store_url: str, store_engine: Engine) -> Seed:
    """A migrated store with an admin, a staff, a manager and a trainer account and person."""
    return seed_store(store_url, store_engine)


@pytest.fixture
def sqlite_people_store(sqlite_url: str) -> Seed:
    """``people_store`` on SQLite only (for app and CLI matrices)."""
    engine = store.get_engine(sqlite_url)
    migrations.upgrade(engine)
    return seed_store(sqlite_url, engine)
