"""The people import at scale: a generated HR file of N rows into an empty store, phase by
phase, beside the same rows written with a bare ``executemany`` (the baseline)."""

from __future__ import annotations

import time
from typing import Any

HEADER = "id,name,email,department,role,is_management_body\n"


def hr_file(rows: int) -> bytes:
    """A valid HR CSV file of ``rows`` people (about 58 bytes a row)."""
    lines = (
        f"H{n:07d},Person {n},p{n}@example.org,Dept {n % 40},Role {n % 7},"
        f"{'yes' if n % 50 == 0 else 'no'}\n"
        for n in range(rows)
    )
    return (HEADER + "".join(lines)).encode()


def prepare(url: str) -> tuple[Any, Any]:
    """The migrated store at ``url`` with an admin: (engine, admin actor)."""
    from quiz_app import accounts, people_import, store  # noqa: F401 - imported before measuring
    from quiz_app.store import migrations

    engine = store.get_engine(url)
    migrations.upgrade(engine)
    admin = accounts.create_first_admin(engine, username="admin", password="bench password 1")
    return engine, admin


def import_phases(engine: Any, admin: Any, data: bytes) -> dict[str, Any]:
    """Seconds of each phase of ``import_people`` (parse, plan, write) and of the whole."""
    from quiz_app import people_import, store

    start = time.perf_counter()
    rows = people_import.parse_people_csv(data, "people.csv")
    parsed = time.perf_counter()
    with store.read_transaction(engine) as conn:
        plan = people_import.plan_import(conn, rows)
    planned = time.perf_counter()
    result = people_import.apply_plan(engine, admin, rows, plan)
    written = time.perf_counter()
    return {
        "parse": parsed - start,
        "plan": planned - parsed,
        "write": written - planned,
        "total": written - start,
        "created": result.created,
    }


def bare_executemany(engine: Any, data: bytes) -> dict[str, Any]:
    """The same people inserted with the driver's ``executemany`` in one transaction, rows
    split with ``str.split`` (no checks): the least an import could take to write them."""
    from quiz_app.store import utcnow

    now = utcnow()
    lines = data.decode().splitlines()[1:]
    start = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        style = "?" if engine.dialect.name == "sqlite" else "%s"
        sql = (
            "INSERT INTO people (external_id, name, email, department, job_role, "
            f"is_management_body, created_at, updated_at) VALUES ({', '.join([style] * 8)})"
        )
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
            now = now.isoformat(" ")
        for first in range(0, len(lines), 1000):
            batch = []
            for line in lines[first : first + 1000]:
                cells = line.split(",")
                batch.append((*cells[:5], cells[5] == "yes", now, now))
            cursor.executemany(sql, batch)
        raw.commit()
    finally:
        raw.close()
    return {"write": time.perf_counter() - start, "rows": len(lines)}
