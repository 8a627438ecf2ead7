"""Concurrent writers: processes submitting self-assessment results with submit_assessment."""

from __future__ import annotations

import time
from typing import Any

ANSWERS = 2


def writer(
    url: str,
    person_id: int,
    account_id: int,
    prefix: str,
    count: int,
    resend_every: int,
    barrier: Any,
    results: Any,
) -> None:
    """Submit ``count`` results with keys ``<prefix>-<n>``; resend every ``resend_every``-th
    one with the same key, as a retried request would; report times and counts."""
    from quiz_app import assessments, store
    from quiz_app.assessments import Answer
    from quiz_app.authz import Actor, Role

    engine = store.get_engine(url)
    store.check_available(engine)  # connect before the clock starts
    actor = Actor(account_id, Role.STAFF, person_id)
    barrier.wait()
    start = time.time()
    resent = 0
    for n in range(count):
        for _ in range(2 if resend_every and n % resend_every == 0 else 1):
            assessments.submit_assessment(
                engine,
                actor,
                person_id=person_id,
                track="staff",
                answers=[Answer("q1", n % 4), Answer("q2", None, not_applicable=True)],
                score=n / count,
                maturity=None,
                submission_key=f"{prefix}-{n}",
            )
        resent += 1 if resend_every and n % resend_every == 0 else 0
    end = time.time()
    store.dispose_engines()
    results.put({"start": start, "end": end, "sent": count, "resent": resent})


def profile_submissions(url: str, count: int = 300) -> Any:
    """``count`` submissions by the first writer of ``url``'s store, ready to profile."""
    from sqlalchemy import select

    from quiz_app import assessments, store
    from quiz_app.assessments import Answer
    from quiz_app.authz import Actor, Role

    engine = store.get_engine(url)
    with store.transaction(engine) as conn:
        account_id, person_id = conn.execute(
            select(store.accounts.c.id, store.accounts.c.person_id).where(
                store.accounts.c.username == "w0"
            )
        ).one()
    actor = Actor(account_id, Role.STAFF, person_id)

    def submit() -> None:
        for n in range(count):
            assessments.submit_assessment(
                engine,
                actor,
                person_id=person_id,
                track="staff",
                answers=[Answer("q1", n % 4), Answer("q2", None, not_applicable=True)],
                score=0.5,
                maturity=None,
                submission_key=f"profile-{n}",
            )

    return submit


def soak_writer(url: str, admin_id: int, prefix: str, stop: Any, results: Any) -> None:
    """Until ``stop`` is set: add a person, then submit an assessment for them (so a backup
    that is not one snapshot would hold assessments without their person); report counts."""
    from quiz_app import assessments, people, store
    from quiz_app.assessments import Answer
    from quiz_app.authz import Actor, Role

    engine = store.get_engine(url)
    admin = Actor(admin_id, Role.ADMIN, None)
    n = 0
    while not stop.is_set():
        pid = people.create_person(engine, admin, external_id=f"{prefix}-{n}", name="Soak")
        assessments.submit_assessment(
            engine,
            Actor(admin_id, Role.STAFF, pid),
            person_id=pid,
            track="staff",
            answers=[Answer("q1", n % 4), Answer("q2", None, not_applicable=True)],
            score=0.5,
            maturity=None,
            submission_key=f"{prefix}-{n}",
        )
        n += 1
    store.dispose_engines()
    results.put({"sent": n})
