"""The bare baselines of `make bench` ask the store what the app asks: on the same store,
each bare dashboard query gives the app's figures, and the bare writer loop stores what
the app's writer stores. Small sizes: these check equivalence, never speed."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bench import baselines, completions, writers
from bench.sections.store import _stored
from quiz_app import store, training
from quiz_app.store import migrations


@pytest.fixture
def training_store(store_url: str) -> str:
    """40 people x 3 modules of generated training records (the bench's own seeding)."""
    completions.seed(store_url, people=40, modules=3)
    # Open assignments the generated records lack: due later than soon, with and without
    # a valid pass held, so that every branch of the status rule is counted.
    later, soon = date.today() + timedelta(days=60), date.today() + timedelta(days=5)
    held = store.utcnow().replace(microsecond=0) + timedelta(days=90)
    engine = store.get_engine(store_url)
    with store.transaction(engine) as conn:
        conn.execute(
            training.training_assignments.insert(),
            [
                {"person_id": 1000 + n, "module_id": module, "assigned_at": store.utcnow(),
                 "due_on": due, "reason": "assigned", "target": "audience",
                 "held_until": held if n % 2 else None}
                for n in range(0, 40, 5)
                for module, due in (("extra-later", later), ("extra-soon", soon))
            ],
        )  # fmt: skip
    store.dispose_engines()
    return store_url


@pytest.fixture
def bare(training_store: str):
    connection = baselines.Bare(training_store)
    yield connection
    connection.close()


def _app(url: str):
    engine = store.get_engine(url)
    return engine, completions._actor(engine, completions.TRAINER)


def _bare_counts(rows: list[tuple]) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        department, module_id, *status, n = row
        counts[(department, module_id, status[0] if status else "completed")] += n
    return counts


@pytest.mark.parametrize("department", [None, completions.DEPARTMENTS[0]])
def test_bare_status_counts_are_the_dashboards_figures(training_store, bare, department):
    engine, actor = _app(training_store)
    filters = training.DashboardFilter(departments=(department,) if department else ())
    app = training.status_counts(engine, actor, filters)
    expected = Counter({(c.department, c.module_id, c.status.value): c.count for c in app})
    assert _bare_counts(baselines.status_counts(bare, department)) == expected
    # every status occurs, so the CASE of each branch was compared
    assert {c.status.value for c in app} == {"assigned", "due", "overdue", "completed"}


def test_bare_overdue_list_is_the_dashboards_list_in_its_order(training_store, bare):
    engine, actor = _app(training_store)
    app = training.overdue_rows(engine, actor, limit=25)
    rows = baselines.overdue_rows(bare, limit=25)
    assert len(app) == 25
    assert [(r[0], r[4]) for r in rows] == [(r.person_id, r.module_id) for r in app]


def test_bare_completions_over_time_and_departments_match(training_store, bare):
    engine, actor = _app(training_store)
    today = date.today()
    since = today - timedelta(days=365)
    year = training.DashboardFilter(since=since, until=today)
    app = training.completions_over_time(engine, actor, year)
    counted = Counter()
    for day, passed, n in baselines.completions_over_time(bare, since, today):
        day = date.fromisoformat(day) if isinstance(day, str) else day
        counted[(day, "passed" if passed else "failed")] += n
    assert counted == Counter({(day, outcome): n for day, outcome, n in app})
    assert sum(counted.values()) > 0
    assert [r[0] for r in baselines.departments(bare)] == training.departments(engine, actor)


def test_every_timed_dashboard_query_but_the_rates_has_a_bare_twin(training_store, bare):
    engine, actor = _app(training_store)
    app = completions.dashboard_queries(engine, actor)
    twins = baselines.dashboard_queries(bare, completions.DEPARTMENTS[0])
    assert set(app) - set(twins) == {
        "completion rates by department",
        "completion rates by module",
    }
    assert set(twins) <= set(app)


class _Barrier:
    def wait(self) -> None:
        pass


class _Reports(list):
    def put(self, report: dict) -> None:
        self.append(report)


def _stored_results(url: str, prefix: str) -> list[tuple]:
    a, ans = store.assessments, store.assessment_answers
    engine = store.get_engine(url)
    with store.transaction(engine) as conn:
        rows = conn.execute(
            select(a.c.track, a.c.status, a.c.score, ans.c.question_id, ans.c.option_index)
            .add_columns(ans.c.not_applicable)
            .join(ans, ans.c.assessment_id == a.c.id)
            .where(a.c.submission_key.like(f"{prefix}-%"))
            .order_by(a.c.submission_key, ans.c.question_id)
        )
        return [tuple(r) for r in rows]


def test_the_bare_writer_stores_what_the_apps_writer_stores(people_store):
    url, staff = people_store.url, people_store.staff
    migrations.upgrade(store.get_engine(url))
    count, resend_every = 12, 5
    reports = {}
    for prefix, write in (("app", writers.writer), ("bare", baselines.bare_writer)):
        reports[prefix] = _Reports()
        write(url, staff.person_id, staff.account_id, prefix, count, resend_every, _Barrier(),
              reports[prefix])  # fmt: skip
    app, bare = _stored(url, "app"), _stored(url, "bare")
    assert app == bare == {"rows": count, "keys": count, "answers": 2 * count}
    assert reports["app"][0]["sent"] == reports["bare"][0]["sent"] == count
    assert reports["app"][0]["resent"] == reports["bare"][0]["resent"] == 3
    assert _stored_results(url, "app") == _stored_results(url, "bare")
