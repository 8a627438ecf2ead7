"""The training store at scale: 5,000 people x 20 modules = 100,000 completion records.

Everything here reaches the training engineer's code (``quiz_app.training``,
``quiz_app.core.exports``) only through its public functions, imported when called, so
:func:`available` can tell the report why a section was not measured.

The store is filled with bulk inserts (the app's own ``assign``/``record_attempt`` would
take an hour for 100,000 records): one attempt per person and module, 80 % passed (with
the renewal assignment a pass opens), 20 % failed (their assignment still open, some
overdue), completed over the last 400 days. Module ids are the real modules first, then
retired ids ``<id>-r<k>`` up to 20.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.measure import clocked as _clocked

TRAINER = "bench-trainer"
ADMIN = "bench-admin"
STAFF = "bench-staff"
PASSWORD = "bench password 1234"
DEPARTMENTS = [f"Department {i:02d}" for i in range(25)]
JOB_ROLES = [f"Role {i}" for i in range(10)]
SITE_BASE = "https://kb.example.org/"
HOME_PAGE = "https://app.example.org/"


def available() -> str | None:
    """None when the training store and its exports can be measured, else why not."""
    try:
        from quiz_app import authentication, training  # noqa: F401
        from quiz_app.core import exports  # noqa: F401
    except ImportError as exc:
        return f"training store not available ({exc})"
    needed = {
        training: ("training_attempts", "training_assignments", "status_counts", "export_rows"),
        exports: ("write_csv", "write_xlsx", "write_xapi", "HEADER"),
    }
    for module, names in needed.items():
        missing = [n for n in names if not hasattr(module, n)]
        if missing:
            return f"training store not available ({module.__name__} lacks {', '.join(missing)})"
    return None


def module_ids(kb, count: int = 20) -> list[str]:
    real = [m.id for m in kb.training]
    ids = list(real)
    k = 1
    while len(ids) < count:
        ids.extend(f"{m}-r{k}" for m in real[: count - len(ids)])
        k += 1
    return ids[:count]


def _people_rows(count: int, now: datetime) -> list[dict[str, Any]]:
    rng = random.Random(7)
    return [
        {
            "id": 1000 + i,
            "external_id": f"E{i:05d}",
            "name": f"Person {i:05d}",
            "email": f"person{i:05d}@example.org",
            "department": DEPARTMENTS[i % len(DEPARTMENTS)],
            "job_role": JOB_ROLES[rng.randrange(len(JOB_ROLES))],
            "is_management_body": i % 20 == 0,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]


def _training_rows(
    person_ids: list[int], modules: list[str], now: datetime
) -> tuple[list[dict], list[dict]]:
    rng = random.Random(11)
    assignments, attempts = [], []
    next_assignment = 1
    for pid in person_ids:
        for module in modules:
            completed = now - timedelta(days=rng.randrange(400), seconds=rng.randrange(86400))
            passed = rng.random() < 0.8
            assigned_at = completed - timedelta(days=rng.randrange(1, 60))
            due_on = (assigned_at + timedelta(days=30)).date()
            first = next_assignment
            next_assignment += 1
            valid = completed + timedelta(days=365) if passed else None
            attempts.append(
                {
                    "id": len(attempts) + 1,
                    "person_id": pid,
                    "module_id": module,
                    "module_version": "1.0",
                    "assignment_id": first,
                    "attempt_no": 1,
                    "started_at": completed - timedelta(minutes=12),
                    "completed_at": completed,
                    "duration_seconds": 720,
                    "score_raw": 5 if passed else 2,
                    "score_max": 6,
                    "pass_mark": 0.8,
                    "passed": passed,
                    "valid_until": valid,
                }
            )
            assignments.append(
                {
                    "id": first,
                    "person_id": pid,
                    "module_id": module,
                    "assigned_at": assigned_at,
                    "due_on": due_on,
                    "assigned_by": None,
                    "reason": "assigned",
                    "target": "audience",
                    "closed_at": completed if passed else None,
                    "closed_by_attempt": len(attempts) if passed else None,
                    "held_until": None,
                }
            )
            if passed:
                assignments.append(
                    {
                        "id": next_assignment,
                        "person_id": pid,
                        "module_id": module,
                        "assigned_at": completed,
                        "due_on": valid.date(),
                        "assigned_by": None,
                        "reason": "renewal",
                        "target": f"renewal of attempt:{len(attempts)}",
                        "closed_at": None,
                        "closed_by_attempt": None,
                        "held_until": valid,
                    }
                )
                next_assignment += 1
    return assignments, attempts


def _chunks(rows: list[dict], size: int = 5000) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def seed(url: str, *, people: int = 5000, modules: int = 20) -> dict[str, Any]:
    """Fill an empty store at ``url``; return the accounts made and what was stored."""
    from kb.load import load
    from quiz_app import accounts, store, training
    from quiz_app import people as people_api
    from quiz_app.authz import Role
    from quiz_app.store import migrations

    engine = store.get_engine(url)
    migrations.upgrade(engine)
    admin = accounts.create_first_admin(engine, username=ADMIN, password=PASSWORD)
    made = {}
    for username, role in ((TRAINER, Role.TRAINER), (STAFF, Role.STAFF)):
        pid = people_api.create_person(
            engine, admin, external_id=f"P-{username}", name=username, department="Bench"
        )
        aid = accounts.create_account(
            engine, admin, username=username, role=role, password=PASSWORD, person_id=pid
        )
        made[username] = {"account_id": aid, "person_id": pid}
    now = store.utcnow().replace(microsecond=0)
    person_rows = _people_rows(people, now)
    ids = module_ids(load(), modules)
    assignments, attempts = _training_rows([p["id"] for p in person_rows], ids, now)
    with store.transaction(engine) as conn:
        for chunk in _chunks(person_rows):
            conn.execute(store.people.insert(), chunk)
        for chunk in _chunks(assignments):
            conn.execute(training.training_assignments.insert(), chunk)
        for chunk in _chunks(attempts):
            conn.execute(training.training_attempts.insert(), chunk)
    if engine.dialect.name == "postgresql":
        with store.transaction(engine) as conn:
            for table in ("people", "training_assignments", "training_attempts"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            conn.exec_driver_sql("ANALYZE")
    store.dispose_engines()
    return {
        "accounts": made,
        "people": people,
        "modules": len(ids),
        "records": len(attempts),
        "assignments": len(assignments),
    }


def _actor(engine, username: str):
    from quiz_app import accounts, authentication

    return authentication.load_actor(engine, accounts.account_id_for(engine, username))


def stream_rows(url: str, materialise: bool = False) -> Iterator[tuple] | list[tuple]:
    """The completion records as the export reads them (one streamed query)."""
    from quiz_app import store, training

    def rows() -> Iterator[tuple]:
        engine = store.get_engine(url)
        with store.transaction(engine) as conn:
            yield from training.export_rows(
                conn,
                _titles(),
                training.ExportFilter(),
                exported_at=store.utcnow().replace(microsecond=0),
                exported_by=TRAINER,
            )

    return list(rows()) if materialise else rows()


def fetch_rows(url: str) -> list[tuple]:
    return stream_rows(url, materialise=True)  # type: ignore[return-value]


@functools.cache
def _kb():
    from kb.load import load

    return load()


def _titles() -> dict[str, str]:
    return {m.id: m.title for m in _kb().training}


def export_from_store(url: str, fmt: str, path: Path) -> int:
    """The app's export, end to end: query, stream, write, audit."""
    from quiz_app import store, training

    engine = store.get_engine(url)
    return training.export_completions(engine, _actor(engine, TRAINER), _kb(), fmt, path)


# --- writers: the project's and the bare library's, each (rows, path) -> count ----------------


def _project_csv(rows, path: Path) -> int:
    from quiz_app.core import exports

    with open(path, "wb") as out:
        return exports.write_csv(rows, out)


def _project_xlsx(rows, path: Path) -> int:
    from quiz_app.core import exports

    with open(path, "wb") as out:
        return exports.write_xlsx(rows, out)


def _project_xapi(rows, path: Path) -> int:
    from quiz_app.core import exports

    with open(path, "wb") as out:
        return exports.write_xapi(rows, out, site_base=SITE_BASE, home_page=HOME_PAGE)


def _bare_csv(rows, path: Path) -> int:
    import pandas as pd

    from quiz_app.core import exports

    frame = pd.DataFrame(rows, columns=list(exports.HEADER))
    frame.to_csv(path, index=False)
    return len(frame)


def _bare_xlsx(rows, path: Path) -> int:
    import xlsxwriter

    from quiz_app.core import exports

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, exports.HEADER)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        sheet.write_row(count, 0, row)
    book.close()
    return count


def _bare_json(rows, path: Path) -> int:
    table = rows if isinstance(rows, list) else list(rows)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(table, out, default=str)
    return len(table)


WRITERS: dict[str, tuple[Callable, Callable]] = {
    "csv": (_project_csv, _bare_csv),
    "xlsx": (_project_xlsx, _bare_xlsx),
    "xapi": (_project_xapi, _bare_json),
}
BARE = {
    "csv": "pandas DataFrame(rows).to_csv",
    "xlsx": "xlsxwriter constant_memory write_row",
    "xapi": "json.dump(rows)",
}


# --- dashboard ------------------------------------------------------------------------------


def dashboard_queries(engine, actor) -> dict[str, Callable[[], Any]]:
    """Each query of the trainer dashboard, as the page makes it (default filters)."""
    from quiz_app import training

    today = date.today()
    year = training.DashboardFilter(since=today - timedelta(days=365), until=today)
    one_department = training.DashboardFilter(departments=(DEPARTMENTS[0],))
    counts = training.status_counts(engine, actor, year)
    return {
        "departments (filter choices)": lambda: training.departments(engine, actor),
        "status counts, everyone (100,000)": lambda: training.status_counts(engine, actor, year),
        "status counts, one department": lambda: training.status_counts(
            engine, actor, one_department
        ),
        "completion rates by department": lambda: training.completion_rates(counts, "department"),
        "completion rates by module": lambda: training.completion_rates(counts, "module"),
        "overdue list (as shown: the 1,000 most overdue)": lambda: training.overdue_rows(
            engine, actor, year, limit=1000
        ),
        "completions over time (365 days)": lambda: training.completions_over_time(
            engine, actor, year
        ),
    }


def dashboard_timings(url: str, runs: int) -> dict[str, Any]:
    """Each dashboard query and its bare twin (:mod:`bench.baselines`), ``runs`` times each
    after one warm-up call, taking turns so that both see the same machine."""
    from sqlalchemy import func, select

    from bench import baselines
    from quiz_app import store, training

    engine = store.get_engine(url)
    actor = _actor(engine, TRAINER)
    with store.transaction(engine) as conn:
        records = conn.execute(
            select(func.count()).select_from(training.training_attempts)
        ).scalar_one()
    queries = dashboard_queries(engine, actor)
    bare = baselines.Bare(url)
    twins = baselines.dashboard_queries(bare, DEPARTMENTS[0])
    timings: dict[str, list[float]] = {name: [] for name in queries}
    bare_timings: dict[str, list[float]] = {name: [] for name in twins}
    sizes: dict[str, int] = {}
    try:
        for name, query in queries.items():
            twin = twins.get(name)
            query()  # warm: the engine's pool and SQLAlchemy's statement cache, as on a rerun
            if twin:
                twin()
            for n in range(runs):
                turns = [("app", query), ("bare", twin)] if twin else [("app", query)]
                for kind, call in turns[:: 1 if n % 2 else -1]:
                    seconds, result = _clocked(call)
                    if kind == "app":
                        timings[name].append(seconds["wall"])
                        sizes[name] = len(result)
                    else:
                        bare_timings[name].append(seconds["wall"])
    finally:
        bare.close()
    return {"records": records, "timings": timings, "bare": bare_timings, "sizes": sizes}


def warm_imports() -> None:
    """Import what an export needs, so a memory probe's start excludes module code."""
    import pandas  # noqa: F401
    import xlsxwriter  # noqa: F401

    from quiz_app import store, training  # noqa: F401
    from quiz_app.core import exports  # noqa: F401

    _kb()


def profile_query(url: str, name: str) -> Callable[[], Any]:
    """One dashboard query (by its name in :func:`dashboard_queries`), warmed up once."""
    from quiz_app import store

    engine = store.get_engine(url)
    query = dashboard_queries(engine, _actor(engine, TRAINER))[name]
    query()
    return query
