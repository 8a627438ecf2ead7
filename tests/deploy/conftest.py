"""Fixtures of the deployment tests: Chromium, and the topology of docs/deploy.md running.

Like the browser tests, these skip only when a piece is missing (Chromium, nginx, the
PostgreSQL server) and NIS2_REQUIRE_BROWSER / NIS2_REQUIRE_POSTGRES are unset; CI sets
both, so there a missing piece fails the run instead of hiding it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import topology

from tests.browser.browser_support import REQUIRE_ENV

PASSWORD = "correct horse battery staple"
PEOPLE_CSV = topology.ROOT / "docs" / "people-example.csv"
# From docs/people-example.csv: E001 is a member of the management body.
ACCOUNTS = {"manager1": ("manager", "E001")}


def _missing(what: str, how: str, require_env: str = REQUIRE_ENV) -> None:
    if os.environ.get(require_env):
        pytest.fail(f"{require_env} is set but {what} is missing ({how})")
    pytest.skip(f"{what} is missing ({how})")


@dataclass
class Deployment:
    """Two replicas on one PostgreSQL database behind nginx, all on loopback."""

    url: str  # nginx: the site at /, the app at /app
    database_url: str
    replicas: list[topology.Process]
    nginx: topology.Process

    @property
    def app_url(self) -> str:
        return f"{self.url}/{topology.BASE_PATH}"

    @property
    def access_log(self) -> Path:
        return self.nginx.log.parent / "access.log"

    def replica_at(self, address: str) -> topology.Process:
        return next(r for r in self.replicas if r.address == address)


def _store_with_accounts(database_url: str) -> None:
    """`db upgrade`, the first admin, the people file and the accounts, through the CLI."""
    steps = [
        (("db", "upgrade"), None),
        (("users", "add", "--username", "admin", "--role", "admin", "--password-stdin"), None),
        (("people", "import", str(PEOPLE_CSV)), "admin"),
    ] + [
        (("users", "add", "--username", name, "--role", role, "--person", hr_id,
          "--password-stdin"), "admin")
        for name, (role, hr_id) in ACCOUNTS.items()
    ]  # fmt: skip
    for args, as_user in steps:
        done = topology.cli(
            database_url, *args, as_user=as_user, password=PASSWORD, stdin=PASSWORD + "\n"
        )
        assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """The topology, fresh for a test module: database, accounts, site, replicas, nginx."""
    if not topology.NGINX.exists():
        _missing(str(topology.NGINX), "apt-get install -y nginx")
    try:
        database = topology.fresh_database()
        database_url = database.__enter__()
    except Exception as exc:  # noqa: BLE001 - the server is not there
        reason = str(exc).strip().splitlines()[0]
        _missing(f"the PostgreSQL server ({reason})", "pg_ctlcluster", "NIS2_REQUIRE_POSTGRES")
    work = tmp_path_factory.mktemp("deploy")
    port = topology.free_port()
    url = f"http://127.0.0.1:{port}"
    started: list[topology.Process] = []
    try:
        _store_with_accounts(database_url)
        site = topology.build_site(work / "site", f"{url}/", f"{url}/app/")
        env = {
            "NIS2_DATABASE_URL": database_url,
            "NIS2_SITE_URL": f"{url}/",
            "NIS2_APP_URL": f"{url}/app/",
            "NIS2_TRUSTED_PROXY": "true",
        }
        for name in ("replica1", "replica2"):
            started.append(topology.start_replica(work, name, env))
        nginx = topology.start_nginx(work, port, site, started)
        started.append(nginx)
        yield Deployment(url, database_url, started[:2], nginx)
    finally:
        for server in reversed(started):
            topology.stop(server)
        database.__exit__(None, None, None)
