"""3. Store: results submitted per second by 1, 4 and 8 writers; a 100,000-row people import;
trainer dashboard queries."""

from __future__ import annotations

import multiprocessing
from typing import Any

from bench import completions, profiling, stores
from bench.baselines import bare_writer
from bench.measure import (
    MIB,
    Figure,
    Section,
    against,
    check,
    median,
    probe,
    spread,
    timing,
)
from bench.settings import Settings
from bench.writers import ANSWERS, writer

TITLE = "3. Store: concurrent writers and the trainer dashboard"
WRITER_RATIO = 0.5  # one writer: at least half the bare loop's results per second
QUERY_RATIO = 1.5  # a dashboard query: at most 1.5 times its bare SQL twin
DRIVERS = {"sqlite": "sqlite3", "postgresql": "psycopg"}
RESEND_EVERY = 20
IMPORT_LIMIT_S = 30.0
IMPORT_RATIO = 1.5


def _writers_store(backend: str, settings: Settings, count: int) -> tuple[str, list[tuple]]:
    from quiz_app import accounts, people, store
    from quiz_app.authz import Role
    from quiz_app.store import migrations

    url = stores.new_store(backend, settings.out, settings.postgres_url, "writers")
    engine = store.get_engine(url)
    migrations.upgrade(engine)
    admin = accounts.create_first_admin(engine, username="admin", password="bench password 1")
    staff = []
    for w in range(count):
        pid = people.create_person(engine, admin, external_id=f"W{w}", name=f"Writer {w}")
        aid = accounts.create_account(
            engine,
            admin,
            username=f"w{w}",
            role=Role.STAFF,
            password="bench password 2",
            person_id=pid,
        )
        staff.append((pid, aid))
    store.dispose_engines()
    return url, staff


def _stored(url: str, prefix: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from quiz_app import store

    a, ans = store.assessments, store.assessment_answers
    mine = a.c.submission_key.like(f"{prefix}-%")
    engine = store.get_engine(url)
    with store.transaction(engine) as conn:
        rows, keys = conn.execute(
            select(func.count(), func.count(func.distinct(a.c.submission_key))).where(mine)
        ).one()
        answers = conn.execute(
            select(func.count()).select_from(ans.join(a, a.c.id == ans.c.assessment_id)).where(mine)
        ).scalar_one()
    return {"rows": rows, "keys": keys, "answers": answers}


def _throughput_run(
    url: str, staff: list[tuple], writers: int, total: int, tag: str, bare: bool = False
) -> dict:
    """``writers`` processes submitting ``total`` results between them, with the app's
    ``submit_assessment`` or (``bare``) the bare loop; their rate and what was stored."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(writers), ctx.Queue()
    per_writer = max(1, total // writers)
    procs = [
        ctx.Process(
            target=bare_writer if bare else writer,
            args=(url, pid, aid, f"{tag}-w{w}", per_writer, RESEND_EVERY, barrier, results),
        )
        for w, (pid, aid) in enumerate(staff[:writers])
    ]
    for p in procs:
        p.start()
    reports = _collect(results, procs)
    for p in procs:
        p.join(60)
    if any(p.exitcode != 0 for p in procs):
        raise RuntimeError(f"a writer failed: exit codes {[p.exitcode for p in procs]}")
    sent = sum(r["sent"] for r in reports)
    elapsed = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    stored = {"w": 0, "rows": 0, "keys": 0, "answers": 0}
    for w in range(writers):
        got = _stored(url, f"{tag}-w{w}")
        stored = {k: stored[k] + got.get(k, 0) for k in stored}
    return {
        "rate": sent / elapsed,
        "sent": sent,
        "resent": sum(r["resent"] for r in reports),
        **stored,
    }


def _collect(results: Any, procs: list, timeout: float = 600.0) -> list[dict]:
    """One report per writer; a writer that dies first fails the run at once instead of
    leaving the others waiting at the barrier until the timeout."""
    import queue
    import time

    reports: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(reports) < len(procs):
        try:
            reports.append(results.get(timeout=0.5))
            continue
        except queue.Empty:
            pass
        failed = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
        if failed or time.monotonic() > deadline:
            for p in procs:
                p.terminate()
            raise RuntimeError(
                f"a writer failed (exit codes {[p.exitcode for p in procs]}); its error is "
                "on stderr above"
                if failed
                else f"writers did not finish in {timeout:.0f} s"
            )
    return reports


def _throughput(section: Section, settings: Settings, backend: str) -> None:
    url, staff = _writers_store(backend, settings, max(settings.writers))
    for writers in settings.writers:
        runs, bare = [], []
        for r in range(settings.runs):  # one writer: app and bare loop take turns
            runs.append(
                _throughput_run(url, staff, writers, settings.store_results, f"n{writers}r{r}")
            )
            if writers == 1:
                tag = f"bare{r}"
                bare.append(_throughput_run(url, staff, 1, settings.store_results, tag, True))
        rates = [r["rate"] for r in runs]
        lost = sum(r["sent"] - r["keys"] for r in runs)
        duplicated = sum(r["rows"] - r["keys"] for r in runs) + sum(
            abs(r["answers"] - ANSWERS * r["rows"]) for r in runs
        )
        figure = section.add(
            Figure(
                f"{backend}, {writers} writer{'s' if writers > 1 else ''}: results stored per second",
                median(rates),
                "/s",
                len(rates),
                spread(rates),
                note=f"{runs[0]['sent']:,} results per run, {runs[0]['resent']} of them resent",
            )
        )
        if writers == 1:
            against(
                figure,
                median([b["rate"] for b in bare]),
                f"bare {DRIVERS[backend]} loop, same inserts and commits",
                WRITER_RATIO,
                at_least=True,
            )
            if not figure.met and backend == "sqlite":
                lines = probe("profile", url=url, workload="submit")["lines"]
                section.notes.append(
                    profiling.markdown("Why one SQLite writer is slower: 300 submissions", lines)
                )
        sent = sum(r["sent"] for r in runs)
        stored = sum(r["keys"] for r in runs)
        integrity = section.add(
            Figure(
                f"{backend}, {writers} writer{'s' if writers > 1 else ''}: lost + duplicated",
                lost + duplicated,
                "",
                len(runs),
                note=f"sent {sent:,}, stored {stored:,} (rows {sum(r['rows'] for r in runs):,}, "
                f"answers {sum(r['answers'] for r in runs):,})",
            )
        )
        if writers == max(settings.writers):
            check(integrity, lost + duplicated, 0, "0 with 8 writers")


def _people_import(section: Section, settings: Settings, backend: str) -> None:
    runs: dict[str, list[dict]] = {"project": [], "bare": []}
    for n in range(settings.runs):
        for kind in ("project", "bare")[:: 1 if n % 2 else -1]:
            url = stores.new_store(backend, settings.out, settings.postgres_url, f"import-{kind}")
            runs[kind].append(probe("people_import", url=url, rows=settings.import_rows, kind=kind))
    project, bare = runs["project"], runs["bare"]
    rows = f"{settings.import_rows:,}"
    total = section.add(
        timing(
            f"{backend}: import {rows} people, whole (read, check, plan, write)",
            [r["total"] for r in project],
            note=f"{project[0]['bytes'] / MIB:.1f} MiB file; parse "
            f"{median([r['parse'] for r in project]):.2f} s, plan "
            f"{median([r['plan'] for r in project]):.2f} s (no lock)",
        )
    )
    check(total, total.value, IMPORT_LIMIT_S, "< 30 s")
    write = section.add(
        timing(
            f"{backend}: import {rows} people, write phase (SQLite write lock held)",
            [r["write"] for r in project],
            baseline="bare executemany of the same rows",
        )
    )
    write.ratio = write.value / median([r["write"] for r in bare])
    check(write, write.ratio, IMPORT_RATIO, f"≤ {IMPORT_RATIO}× bare")
    section.add(
        Figure(
            f"{backend}: import {rows} people, memory growth",
            median([r["growth"] for r in project]),
            "MiB",
            len(project),
            spread([r["growth"] for r in project]),
            baseline="bare executemany",
            ratio=median([r["growth"] for r in project])
            / max(median([r["growth"] for r in bare]), 1.0),
            note=f"process peak {median([r['peak'] for r in project]):.0f} MiB (RSS)",
        )
    )


def _dashboard(section: Section, settings: Settings, backend: str, context: dict) -> None:
    seeded = training_store(settings, context, backend)
    result = probe("dashboard", url=seeded["url"], runs=max(3, settings.runs + 2))
    section.notes.append(
        f"- {backend} training store: {seeded['people']:,} people × {seeded['modules']} "
        f"modules, {result['records']:,} completion records, {seeded['assignments']:,} "
        "assignments."
    )
    slow = []
    driver = DRIVERS[backend]
    for name, seconds in result["timings"].items():
        ms = [s * 1000 for s in seconds]
        figure = section.add(
            Figure(
                f"{backend}: {name}",
                median(ms),
                "ms",
                len(ms),
                spread(ms),
                note=f"{result['sizes'][name]:,} rows out",
            )
        )
        bare = result["bare"].get(name)
        if not bare:
            figure.note += "; Python over the status counts: no query, no target"
            continue
        against(figure, median(bare) * 1000, f"bare SQL via {driver}", QUERY_RATIO)
        slow += [] if figure.met else [name]
    for name in slow[:2]:
        lines = probe("profile", url=seeded["url"], workload=f"dashboard:{name}")["lines"]
        section.notes.append(
            profiling.markdown(f"Why “{name}” is slow on {backend}: one call", lines)
        )


def training_store(settings: Settings, context: dict, backend: str) -> dict[str, Any]:
    """The seeded 100,000-record training store on ``backend``, made once per run."""
    stores_made = context.setdefault("training_stores", {})
    if backend not in stores_made:
        url = stores.new_store(backend, settings.out, settings.postgres_url, "training")
        seeded = completions.seed(url, people=settings.people, modules=settings.modules)
        stores_made[backend] = {"url": url, **seeded}
    return stores_made[backend]


def backends(settings: Settings, section: Section) -> list[str]:
    usable = []
    for backend in settings.backends:
        if backend == "postgresql":
            reason = stores.postgres_reachable(settings.postgres_url)
            if reason:
                section.notes.append(f"PostgreSQL not measured: unreachable ({reason}).")
                continue
        usable.append(backend)
    return usable


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    section.notes.append(
        "Writers are separate processes (spawned), each with its own engine and person, "
        "started together at a barrier; each calls `assessments.submit_assessment` with a "
        f"unique submission key and resends every {RESEND_EVERY}th result with the same key, "
        "as a retried request would. Results per second = results sent ÷ (last writer's "
        "end − first writer's start), wall clock. Afterwards the store is counted: every key "
        "sent must be stored exactly once with both its answers. One writer is judged against "
        "a bare loop in the same kind of process, taking turns with it: the same selects "
        "(key seen? draft?), inserts and one commit per result straight through the driver "
        "(`bench/baselines.py`), with the app's SQLite pragmas and `BEGIN IMMEDIATE`."
    )
    usable = backends(settings, section)
    for backend in usable:
        _throughput(section, settings, backend)
    section.notes.append(
        "People import: a generated HR file imported into an empty store "
        "(`people_import.parse_people_csv`, `plan_import` in a read transaction, "
        "`apply_plan`), in a fresh process per run; memory growth = peak RSS − RSS after "
        "set-up. Baseline: the same rows split with `str.split` and written with the "
        "driver's bare `executemany` (1,000 per call, one transaction)."
    )
    for backend in usable:
        _people_import(section, settings, backend)
    missing = completions.available()
    if missing:
        section.notes.append(f"Trainer dashboard: not measured: {missing}.")
        return section
    section.notes.append(
        "Trainer dashboard: each query the dashboard page makes with its default filters "
        "(`quiz_app.training`), timed after one warm-up call (as on a rerun), wall clock, "
        "taking turns with its bare twin: the same query written by hand as plain SQL, "
        "run through the driver with no SQLAlchemy (`bench/baselines.py`), its rows fetched. "
        "The store is filled with bulk inserts, see `bench/completions.py`."
    )
    for backend in usable:
        _dashboard(section, settings, backend, context)
    return section
