"""Shared fixtures for the app's store.

``store_url``/``store`` run a test on SQLite (a temporary file) and on PostgreSQL (a fresh
schema per test, dropped afterwards). PostgreSQL tests are skipped only when no server is
reachable and NIS2_REQUIRE_POSTGRES is unset; with it set they fail loudly.
``people_store`` adds one person and account per role (see ``Seed``).
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from store_support import Seed, seed_store

from quiz_app import store
from quiz_app.config import get_settings
from quiz_app.store import migrations

POSTGRES_URL = os.environ.get(
    "NIS2_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


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


@pytest.fixture(autouse=True)
def keep_main_module() -> Iterator[None]:
    """AppTest installs the app as ``__main__`` and leaves it there; a process a later test
    starts with "spawn" would then run the app's entry point (which stops, in bare mode
    without a page, on a store that needs ``db upgrade``)."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the environment anew (the app reads its settings once per process)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


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
    """An engine on an empty store, migrated to the current schema (explicitly: nothing
    else migrates)."""
    engine = store.get_engine(store_url)
    migrations.upgrade(engine)
    return engine


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


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole run, shared by the browser and deployment
    tests (Playwright's sync API allows one instance per thread; each test gets a fresh
    context). Skipped only when Chromium is missing and NIS2_REQUIRE_BROWSER is unset."""
    from tests.browser.browser_support import CHROMIUM, CHROMIUM_ARGS, REQUIRE_ENV

    if not CHROMIUM.exists():
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(
                f"{REQUIRE_ENV} is set but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
