"""Stores for the benchmarks: a SQLite file under bench/out, or a PostgreSQL schema.

PostgreSQL stores live in schemas ``bench_<hex>`` of the database in the URL (default: the
test database); :func:`cleanup` drops every schema this run made.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

_SCHEMAS: list[tuple[str, str]] = []


def postgres_reachable(url: str) -> str | None:
    """None when PostgreSQL answers at ``url``, else the reason it does not."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means: not measured
        return str(exc).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def new_store(backend: str, out: Path, postgres_url: str, name: str) -> str:
    """The URL of a new, empty store."""
    if backend == "sqlite":
        path = out / f"{name}.db"
        out.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    admin.dispose()
    _SCHEMAS.append((postgres_url, schema))
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def cleanup() -> None:
    """Drop every PostgreSQL schema made by :func:`new_store` in this process."""
    from quiz_app import store

    store.dispose_engines()
    while _SCHEMAS:
        url, schema = _SCHEMAS.pop()
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        finally:
            admin.dispose()
