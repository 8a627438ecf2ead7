"""Eight processes submitting 500 results each: every result stored exactly once."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select
from store_support import submit_many

from quiz_app import accounts, people, store
from quiz_app.authz import Role

WORKERS = 8
PER_WORKER = 500


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_concurrent_submissions_are_each_stored_once(store_url, store_engine):
    admin = accounts.create_first_admin(store_engine, username="admin", password="x" * 12)
    staff = []
    for w in range(WORKERS):
        pid = people.create_person(store_engine, admin, external_id=f"W{w}", name=f"Worker {w}")
        aid = accounts.create_account(
            store_engine, admin, username=f"w{w}", role=Role.STAFF, password="y" * 12, person_id=pid
        )
        staff.append((pid, aid))
    store.dispose_engines()
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=submit_many, args=(store_url, pid, aid, w, PER_WORKER))
        for w, (pid, aid) in enumerate(staff)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(110)
    assert [p.exitcode for p in procs] == [0] * WORKERS
    engine = store.get_engine(store_url)
    a, ans = store.assessments, store.assessment_answers
    with store.transaction(engine) as conn:
        keys = conn.execute(select(a.c.submission_key)).scalars().all()
        per_person = dict(
            conn.execute(select(a.c.person_id, func.count()).group_by(a.c.person_id)).all()
        )
        answers = conn.execute(select(func.count()).select_from(ans)).scalar_one()
    expected = {f"w{w}-{n}" for w in range(WORKERS) for n in range(PER_WORKER)}
    assert len(keys) == WORKERS * PER_WORKER and set(keys) == expected
    assert per_person == {pid: PER_WORKER for pid, _ in staff}
    assert answers == 2 * WORKERS * PER_WORKER
