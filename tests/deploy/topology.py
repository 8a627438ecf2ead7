"""The deployment of docs/deploy.md on loopback ports: a fresh PostgreSQL database, app
replicas (``streamlit run`` from the project root, so with the committed
``.streamlit/config.toml``) and Debian's nginx with the project's own site configuration.

Used by ``tests/deploy/`` (the failover journey) and by ``make bench`` (users at the protocol
level against one replica and two behind nginx).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import free_port  # imported as tests.support: make bench loads this module too

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx-site.conf.template"
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
BASE_PATH = "app"
POSTGRES_URL = os.environ.get(
    "NIS2_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# Which replica served each request: the last address of $upstream_addr (nginx lists every
# replica it tried, comma-separated). A line is written when its request ends (a websocket's
# when it closes); $msec - $request_time is when it started.
LOG_FORMAT = '$msec $request_time $remote_addr "$request" $status upstream=$upstream_addr'
_PLACEHOLDER = re.compile(r"\$\{(NIS2_[A-Z0-9_]+)\}")
_LOG_LINE = re.compile(
    r'^(?P<msec>\S+) (?P<took>\S+) (?P<client>\S+) "(?P<request>[^"]*)" (?P<status>\d+) upstream=(?P<upstream>.*)$'
)


def fill_template(text: str, values: Mapping[str, str]) -> str:
    """Fill the ``${NIS2_*}`` placeholders, as compose's nginx image does with envsubst;
    nginx's own ``$variables`` stay.

    Raises:
        KeyError: a placeholder has no value (envsubst would leave it, and nginx refuse it).
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for ${{{name}}} in {TEMPLATE.name}")
        return values[name]

    return _PLACEHOLDER.sub(value, text)


def nginx_conf(prefix: Path, site: str) -> str:
    """A whole nginx.conf around ``site`` (the filled template) that keeps its pid, logs and
    temporary files under ``prefix`` and logs which replica served each request."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the site in a tmp dir
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / 'tmp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    log_format upstream '{LOG_FORMAT}';
    access_log {prefix / "access.log"} upstream;
{temp}
{site}
}}
"""


@dataclass
class Process:
    """A started server: its process, its base URL and its log file."""

    name: str
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def address(self) -> str:
        return self.url.split("//", 1)[1].split("/", 1)[0]


@dataclass(frozen=True)
class Served:
    """One request in nginx's access log and the replica that answered it."""

    started: float  # epoch seconds
    request: str
    status: int
    upstream: str  # host:port of the last replica tried, "" for the static site


def served(access_log: Path) -> list[Served]:
    """The requests nginx has logged so far (a websocket's when it closed)."""
    if not access_log.exists():
        return []
    found = []
    for line in access_log.read_text(encoding="utf-8").splitlines():
        match = _LOG_LINE.match(line)
        if match:
            upstream = match["upstream"].split(",")[-1].strip()
            found.append(
                Served(
                    float(match["msec"]) - float(match["took"]),
                    match["request"],
                    int(match["status"]),
                    "" if upstream == "-" else upstream,
                )
            )
    return found


def cli(
    database_url: str,
    *args: str,
    as_user: str | None = None,
    password: str | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess:
    """``python -m quiz_app [--as USER] ARGS`` against ``database_url``, from the root."""
    env = {**os.environ, "NIS2_DATABASE_URL": database_url}
    if password is not None:
        env["NIS2_PASSWORD"] = password
    command = [sys.executable, "-m", "quiz_app", *(["--as", as_user] if as_user else []), *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, check=False
    )


@contextmanager
def fresh_database(admin_url: str = POSTGRES_URL) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``admin_url``; dropped after."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    name = f"nis2_deploy_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def build_site(out: Path, site_url: str, app_url: str) -> Path:
    """``python -m generator site --out OUT`` with the two halves' public URLs."""
    env = {**os.environ, "NIS2_SITE_URL": site_url, "NIS2_APP_URL": app_url}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"site build failed:\n{done.stdout}{done.stderr}")
    return out


def _wait_for(url: str, server: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n"
                               f"{server.log.read_text(errors='replace')[-3000:]}")  # fmt: skip
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{server.name} did not answer {url} within {timeout:.0f} s")


def start_replica(
    workdir: Path, name: str, env: Mapping[str, str], extra: Sequence[str] = ()
) -> Process:
    """``streamlit run quiz_app/app.py --server.baseUrlPath app`` on a free loopback port,
    from the project root (so with ``.streamlit/config.toml``); waits until it is healthy."""
    port = free_port()
    log = workdir / f"{name}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "quiz_app/app.py",
        "--server.baseUrlPath", BASE_PATH, "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.headless", "true", *extra,
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    replica = Process(name, f"http://127.0.0.1:{port}/{BASE_PATH}", process, log)
    try:
        _wait_for(f"{replica.url}/_stcore/health", replica)
    except BaseException:
        stop(replica)
        raise
    return replica


def start_nginx(workdir: Path, port: int, site_root: Path, replicas: Sequence[Process]) -> Process:
    """Debian's nginx on ``port`` with the project's template, the site and ``replicas``."""
    prefix = workdir / "nginx"
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / kind).mkdir(parents=True, exist_ok=True)
    site = fill_template(
        TEMPLATE.read_text(encoding="utf-8"),
        {
            "NIS2_LISTEN": f"127.0.0.1:{port}",
            "NIS2_SITE_ROOT": str(site_root),
            "NIS2_APP_SERVERS": " ".join(f"server {r.address};" for r in replicas),
        },
    )
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, site), encoding="utf-8")
    command = [str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
    log = prefix / "stderr.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Process("nginx", f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_for(f"{server.url}/", server)
    except BaseException:
        stop(server)
        raise
    return server


def kill(server: Process) -> None:
    """Stop ``server`` at once by its process id (SIGKILL: a crash, nothing said goodbye)."""
    os.kill(server.pid, signal.SIGKILL)
    server.process.wait(timeout=10)


def stop(server: Process) -> None:
    """Stop ``server`` and its children, politely then firmly."""
    if server.process.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
