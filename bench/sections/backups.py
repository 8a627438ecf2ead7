"""6. Backups under load: 8 writers submit while backups are taken; every one must restore.

The soak test of issue 13: for ``soak_seconds`` (2 minutes), 8 writer processes each add a
person and submit an assessment for them, again and again, while a backup is taken every
``soak_every`` seconds (10 s) on each backend. Every backup is verified (`db verify`) and
restored into a fresh store of the same backend; the restored store must hold exactly the
manifest's rows (0 lost) and no assessment or answer without its parent (0 dangling).
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

from bench import stores
from bench.measure import Figure, Section, check, median, spread
from bench.sections.store import backends
from bench.settings import Settings
from bench.writers import soak_writer

TITLE = "6. Backups under load: 8 writers, a backup every 10 s, every backup restored"
WRITERS = 8
DANGLING = {
    "assessments without their person": "SELECT count(*) FROM assessments a "
    "WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = a.person_id)",
    "answers without their assessment": "SELECT count(*) FROM assessment_answers x "
    "WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.id = x.assessment_id)",
}


def _store(backend: str, settings: Settings, name: str) -> tuple[str, int]:
    from quiz_app import accounts, store
    from quiz_app.store import migrations

    url = stores.new_store(backend, settings.out, settings.postgres_url, name)
    engine = store.get_engine(url)
    migrations.upgrade(engine)
    admin = accounts.create_first_admin(engine, username="admin", password="bench password 1")
    return url, admin.account_id


def _take_backups(url: str, settings: Settings, folder: Path) -> tuple[list[Path], list[float]]:
    from quiz_app import store
    from quiz_app.store import backup

    engine = store.get_engine(url)
    paths, seconds = [], []
    end = time.monotonic() + settings.soak_seconds
    while time.monotonic() < end:
        next_at = time.monotonic() + settings.soak_every
        path = folder / f"backup-{len(paths):03d}.json"
        start = time.perf_counter()
        backup.backup(engine, path)
        seconds.append(time.perf_counter() - start)
        paths.append(path)
        time.sleep(max(0.0, next_at - time.monotonic()))
    return paths, seconds


def _wait_for_writers(url: str, procs: list, timeout: float = 120.0) -> None:
    """Return once every writer has submitted (spawned processes take seconds to start)."""
    from quiz_app import store

    engine = store.get_engine(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.exitcode not in (None, 0) for p in procs):
            return  # reported when the writers are joined
        with store.transaction(engine) as conn:
            writing = conn.exec_driver_sql(
                "SELECT count(DISTINCT substr(submission_key, 1, 3)) FROM assessments"
            ).scalar_one()
        if writing >= WRITERS:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the writers did not start in {timeout:.0f} s")


def _soak(url: str, admin_id: int, settings: Settings, folder: Path) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=soak_writer, args=(url, admin_id, f"s{w}", stop, results))
        for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    try:
        _wait_for_writers(url, procs)
        paths, seconds = _take_backups(url, settings, folder)
    finally:
        stop.set()
        sent = sum(results.get(timeout=120)["sent"] for _ in procs)
        for p in procs:
            p.join(60)
    if any(p.exitcode != 0 for p in procs):
        raise RuntimeError(f"a writer failed: exit codes {[p.exitcode for p in procs]}")
    return {"paths": paths, "backup_seconds": seconds, "sent": sent}


def _restore_each(backend: str, settings: Settings, paths: list[Path]) -> dict[str, Any]:
    from sqlalchemy import func, select

    from quiz_app import store
    from quiz_app.files import remove_sqlite_files
    from quiz_app.store import backup, restore

    lost = dangling = 0
    seconds = []
    for n, path in enumerate(paths):
        manifest = backup.verify(path)
        target = stores.new_store(backend, settings.out, settings.postgres_url, f"restored-{n}")
        engine = store.get_engine(target)
        start = time.perf_counter()
        restore.restore(engine, path)
        seconds.append(time.perf_counter() - start)
        with store.transaction(engine) as conn:
            for table in store.metadata.sorted_tables:
                count = conn.execute(select(func.count()).select_from(table)).scalar_one()
                lost += abs(manifest.tables.get(table.name, 0) - count)
            dangling += sum(conn.exec_driver_sql(sql).scalar_one() for sql in DANGLING.values())
        engine.dispose()
        if backend == "sqlite":
            remove_sqlite_files(Path(engine.url.database))
    return {"lost": lost, "dangling": dangling, "restore_seconds": seconds}


def _backend(section: Section, settings: Settings, backend: str) -> None:
    url, admin_id = _store(backend, settings, "soak")
    folder = settings.out / f"soak-backups-{backend}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    soak = _soak(url, admin_id, settings, folder)
    restored = _restore_each(backend, settings, soak["paths"])
    count = len(soak["paths"])
    ms = [s * 1000 for s in soak["backup_seconds"]]
    section.add(
        Figure(
            f"{backend}: backup under load",
            median(ms),
            "ms",
            count,
            spread(ms),
            note=f"{count} backups in {settings.soak_seconds:.0f} s, {soak['sent']:,} "
            f"assessments submitted by {WRITERS} writers meanwhile",
        )
    )
    restore_ms = [s * 1000 for s in restored["restore_seconds"]]
    section.add(
        Figure(
            f"{backend}: verify-checked restore",
            median(restore_ms),
            "ms",
            count,
            spread(restore_ms),
        )
    )
    integrity = section.add(
        Figure(
            f"{backend}: rows lost + dangling over all restores",
            restored["lost"] + restored["dangling"],
            "",
            count,
            note=f"lost {restored['lost']}, dangling {restored['dangling']}",
        )
    )
    check(integrity, integrity.value, 0, "0")


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    section.notes.append(
        f"{WRITERS} writer processes (spawned) each add a person and submit an assessment for "
        f"them in a loop for {settings.soak_seconds:.0f} s while `db backup` writes a JSON "
        f"backup every {settings.soak_every:.0f} s (one snapshot: SQLite's backup API, "
        "PostgreSQL one REPEATABLE READ READ ONLY transaction). Afterwards each backup is "
        "verified and restored into a fresh store of the same backend through the scratch "
        "store and its checks; lost = |manifest count − restored count| summed over tables, "
        "dangling = assessments without their person + answers without their assessment."
    )
    for backend in backends(settings, section):
        _backend(section, settings, backend)
    return section
