"""Training in the store (SQLite and PostgreSQL): assignment, attempts, renewal, dashboards."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from kb.load import load
from quiz_app import audit, gdpr, people, training
from quiz_app.core.schedule import TrainingStatus as S
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.store import transaction

NOW = datetime(2025, 3, 3, 9, 0)


@pytest.fixture(scope="module")
def kb():
    return load()


def correct_answers(kb, module, wrong: int = 0) -> dict[str, int]:
    """Answers to ``module``'s quiz with the first ``wrong`` of them wrong."""
    questions = {q.id: q for q in kb.questions}
    answers = {}
    for n, qid in enumerate(module.quiz):
        options = questions[qid].options
        right = next(i for i, o in enumerate(options) if o.correct)
        answers[qid] = right if n >= wrong else (right + 1) % len(options)
    return answers


def _status(engine, actor, module_id, now):
    rows = [r for r in training.my_training(engine, actor, now=now) if r.module_id == module_id]
    return (rows[0].status, rows[0].due_on) if rows else None


def test_assign_by_audience_department_role_and_person(people_store, kb):
    s = people_store
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    board = training.module_by_id(kb, "management-body")
    with transaction(s.engine) as conn:
        people.insert_person(
            conn, s.admin, external_id="E9", name="Ivy IT", department="IT", job_role="Engineer"
        )
    due = date(2025, 4, 30)
    assign = training.assign
    everyone = assign(
        s.engine, s.trainer, hygiene, training.AssignTarget("audience"), due_on=due, now=NOW
    )
    assert everyone == training.AssignResult(assigned=5, already_assigned=0)
    again = assign(
        s.engine, s.trainer, hygiene, training.AssignTarget("audience"), due_on=due, now=NOW
    )
    assert again == training.AssignResult(assigned=0, already_assigned=5)
    managers = assign(
        s.engine, s.trainer, board, training.AssignTarget("audience"), due_on=due, now=NOW
    )
    assert managers.assigned == 1
    assert _status(s.engine, s.manager, "management-body", NOW) == (S.ASSIGNED, due)
    assert _status(s.engine, s.staff, "management-body", NOW) is None

    incident = training.module_by_id(kb, "incident-reporting")
    by_dept = assign(
        s.engine, s.trainer, incident, training.AssignTarget("department", "Operations"), now=NOW
    )
    assert by_dept.assigned == 3  # staff, manager, trainer
    assert _status(s.engine, s.staff, "incident-reporting", NOW) == (S.ASSIGNED, date(2025, 4, 2))
    by_role = assign(s.engine, s.trainer, board, training.AssignTarget("role", "Engineer"), now=NOW)
    assert by_role.assigned == 1
    by_person = assign(
        s.engine, s.trainer, board, training.AssignTarget("person", "P-staff"), now=NOW
    )
    assert by_person.assigned == 1

    with pytest.raises(InvalidInput, match=r"^the due date 2025-03-02 is in the past$"):
        assign(
            s.engine,
            s.trainer,
            hygiene,
            training.AssignTarget("audience"),
            due_on=date(2025, 3, 2),
            now=NOW,
        )
    with pytest.raises(InvalidInput, match="^name the department to assign 'cyber-hygiene' to$"):
        assign(s.engine, s.trainer, hygiene, training.AssignTarget("department", " "), now=NOW)
    with pytest.raises(PermissionDenied, match="^the staff role may not assign training$"):
        assign(s.engine, s.staff, hygiene, training.AssignTarget("audience"), now=NOW)
    entries = audit.list_entries(s.engine, s.admin, action="training_assign")
    assert entries[-1].detail == {
        "already_assigned": 0,
        "assigned": 5,
        "due_on": "2025-04-30",
        "target_kind": "audience",
    }


def test_fail_then_pass_records_attempts_and_schedules_renewal(people_store, kb):
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    due = date(2025, 3, 10)
    training.assign(
        s.engine, s.trainer, module, training.AssignTarget("audience"), due_on=due, now=NOW
    )
    assert _status(s.engine, s.staff, module.id, NOW) == (S.DUE, due)
    assert _status(s.engine, s.staff, module.id, datetime(2025, 3, 11)) == (S.OVERDUE, due)

    start = datetime(2025, 3, 12, 10, 0)
    failed = training.record_attempt(
        s.engine,
        s.staff,
        kb,
        module,
        correct_answers(kb, module, wrong=3),
        started_at=start,
        now=start + timedelta(minutes=12, seconds=30),
    )
    assert (failed.attempt_no, failed.result, failed.valid_until) == (
        1,
        training.QuizResult(7, 10, False),
        None,
    )
    assert _status(s.engine, s.staff, module.id, datetime(2025, 3, 12, 11)) == (S.OVERDUE, due)

    done_at = datetime(2025, 3, 12, 11, 0)
    passed = training.record_attempt(
        s.engine,
        s.staff,
        kb,
        module,
        correct_answers(kb, module, wrong=2),
        started_at=datetime(2025, 3, 12, 10, 45),
        now=done_at,
    )
    assert passed.attempt_no == 2 and passed.result.passed
    assert passed.valid_until == datetime(2026, 3, 12, 11, 0)
    assert passed.renewal_due_on == date(2026, 3, 12)
    assert _status(s.engine, s.staff, module.id, done_at) == (S.COMPLETED, date(2026, 3, 12))
    # The renewal is scheduled: due two weeks before expiry, overdue the day after.
    assert _status(s.engine, s.staff, module.id, datetime(2026, 2, 26)) == (
        S.DUE,
        date(2026, 3, 12),
    )
    assert _status(s.engine, s.staff, module.id, datetime(2026, 3, 13)) == (
        S.OVERDUE,
        date(2026, 3, 12),
    )

    renewed = training.record_attempt(
        s.engine,
        s.staff,
        kb,
        module,
        correct_answers(kb, module),
        started_at=datetime(2026, 3, 13, 8),
        now=datetime(2026, 3, 13, 8, 20),
    )
    assert renewed.attempt_no == 1  # counted afresh after a pass
    assert _status(s.engine, s.staff, module.id, datetime(2026, 3, 14)) == (
        S.COMPLETED,
        date(2027, 3, 13),
    )

    history = training.my_attempts(s.engine, s.staff)
    assert [(a.attempt_no, a.passed, a.score_raw) for a in history] == [
        (1, True, 10),
        (2, True, 8),
        (1, False, 7),
    ]
    with transaction(s.engine) as conn:
        rows = conn.execute(
            select(
                training.training_assignments.c.reason, training.training_assignments.c.closed_at
            )
            .where(training.training_assignments.c.person_id == s.staff.person_id)
            .order_by(training.training_assignments.c.id)
        ).all()
    assert [(r.reason, r.closed_at is None) for r in rows] == [
        ("assigned", False),
        ("renewal", False),
        ("renewal", True),
    ]


def test_attempts_are_only_ones_own_and_answers_are_checked(people_store, kb):
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    with pytest.raises(
        InvalidInput, match="^question 'nope' is not part of the quiz of 'cyber-hygiene'$"
    ):
        training.record_attempt(s.engine, s.staff, kb, module, {"nope": 0}, started_at=NOW, now=NOW)
    with pytest.raises(InvalidInput, match="has no option 9$"):
        training.record_attempt(
            s.engine, s.staff, kb, module, {module.quiz[0]: 9}, started_at=NOW, now=NOW
        )
    orphan = training.Actor(s.staff.account_id, s.staff.role, None)
    with pytest.raises(PermissionDenied, match="not linked to a person"):
        training.my_training(s.engine, orphan)
    # Unassigned attempts are allowed and hold a completion, without a renewal.
    record = training.record_attempt(
        s.engine, s.staff, kb, module, correct_answers(kb, module), started_at=NOW, now=NOW
    )
    assert record.renewal_due_on is None
    assert _status(s.engine, s.staff, module.id, NOW) == (S.COMPLETED, None)
    with pytest.raises(PermissionDenied):
        training.status_rows(s.engine, s.staff)


def test_dashboard_rates_overdue_and_timeline(people_store, kb):
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("audience"),
        due_on=date(2025, 3, 5),
        now=NOW,
    )
    training.record_attempt(
        s.engine, s.staff, kb, module, correct_answers(kb, module, wrong=5), started_at=NOW, now=NOW
    )
    training.record_attempt(
        s.engine,
        s.staff,
        kb,
        module,
        correct_answers(kb, module),
        started_at=NOW,
        now=NOW + timedelta(days=1),
    )
    later = datetime(2025, 3, 10)
    rows = training.status_rows(s.engine, s.trainer, now=later)
    counts = training.status_counts(s.engine, s.trainer, now=later)
    for by in ("department", "module"):
        assert training.completion_rates(counts, by) == training.completion_rates(rows, by)
    assert training.overdue_rows(s.engine, s.trainer, now=later) == training.overdue(rows)
    assert {(r.external_id, r.status) for r in rows} == {
        ("P-admin", S.OVERDUE),
        ("P-manager", S.OVERDUE),
        ("P-staff", S.COMPLETED),
        ("P-trainer", S.OVERDUE),
    }
    rates = training.completion_rates(rows, "department")
    assert [(r.group, r.completed, r.total) for r in rates] == [("IT", 0, 1), ("Operations", 1, 3)]
    assert rates[1].counts == {"assigned": 0, "due": 0, "overdue": 2, "completed": 1}
    assert [(r.group, round(r.rate, 2)) for r in training.completion_rates(rows, "module")] == [
        ("cyber-hygiene", 0.25)
    ]
    assert [(r.external_id, r.days_overdue) for r in training.overdue(rows)] == [
        ("P-admin", 5),
        ("P-manager", 5),
        ("P-trainer", 5),
    ]
    only_it = training.status_rows(
        s.engine, s.trainer, training.DashboardFilter(departments=("IT",)), now=later
    )
    assert [r.external_id for r in only_it] == ["P-admin"]
    only_done = training.status_rows(
        s.engine, s.trainer, training.DashboardFilter(statuses=(S.COMPLETED,)), now=later
    )
    assert [r.external_id for r in only_done] == ["P-staff"]
    assert training.completions_over_time(s.engine, s.trainer) == [
        (date(2025, 3, 3), "failed", 1),
        (date(2025, 3, 4), "passed", 1),
    ]
    assert training.completions_over_time(
        s.engine, s.trainer, training.DashboardFilter(since=date(2025, 3, 4))
    ) == [
        (date(2025, 3, 4), "passed", 1),
    ]
    assert training.departments(s.engine, s.trainer) == ["IT", "Operations"]


def test_gdpr_export_holds_training_records_once_and_erase_hides_the_person(people_store, kb):
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    training.assign(
        s.engine, s.trainer, module, training.AssignTarget("person", "P-staff"), now=NOW
    )
    training.record_attempt(
        s.engine, s.staff, kb, module, correct_answers(kb, module), started_at=NOW, now=NOW
    )
    data = gdpr.export_person(s.engine, s.admin, "P-staff")
    assert len(data["tables"]["training_attempts"]) == 1
    assert len(data["tables"]["training_assignments"]) == 2  # the assignment and its renewal
    gdpr.erase_person(s.engine, s.admin, "P-staff")
    assert all(
        r.external_id != "P-staff" for r in training.status_rows(s.engine, s.trainer, now=NOW)
    )


def _random_training(s, seed: int) -> None:
    """People with every kind of training history around NOW, written straight to the
    tables: open assignments due long ago, lately, soon and later; passes still valid,
    expired or never; failures only; a pass with no open assignment; an erased person."""
    import random

    rng = random.Random(seed)
    modules = ["m-a", "m-b", "m-c"]
    with transaction(s.engine) as conn:
        pids = [
            people.insert_person(
                conn,
                s.admin,
                external_id=f"R{n:03d}",
                name=f"Random {n}",
                department=rng.choice(["IT", "HR", "Sales", None]),
            )
            for n in range(40)
        ]
        for pid in pids:
            for module_id in modules:
                held = None  # the latest validity of the passes, as assign() records it
                for attempt_no in range(rng.choice([0, 0, 1, 2, 3])):
                    done = NOW - timedelta(days=rng.randrange(0, 800), hours=rng.randrange(24))
                    passed = rng.random() < 0.6
                    valid = done + timedelta(days=365) if passed and rng.random() < 0.9 else None
                    if valid is not None:
                        held = max(held, valid) if held else valid
                    conn.execute(
                        training.training_attempts.insert().values(
                            person_id=pid,
                            module_id=module_id,
                            module_version="1",
                            attempt_no=attempt_no + 1,
                            started_at=done - timedelta(minutes=5),
                            completed_at=done,
                            duration_seconds=300,
                            score_raw=8 if passed else 2,
                            score_max=10,
                            pass_mark=0.8,
                            passed=passed,
                            valid_until=valid,
                        )
                    )
                if rng.random() < 0.75:
                    conn.execute(
                        training.training_assignments.insert().values(
                            person_id=pid,
                            module_id=module_id,
                            assigned_at=NOW - timedelta(days=60),
                            due_on=NOW.date() + timedelta(days=rng.randrange(-90, 60)),
                            reason=rng.choice(["assigned", "renewal"]),
                            held_until=held,
                        )
                    )
    gdpr.erase_person(s.engine, s.admin, "R007")


@pytest.mark.parametrize("seed", [1, 2])
def test_dashboard_counts_in_the_database_agree_with_the_status_of_each_person(people_store, seed):
    """status_counts and overdue_rows (SQL) give what schedule.module_status gives per row."""
    s = people_store
    _random_training(s, seed)
    filters = [
        training.DashboardFilter(),
        training.DashboardFilter(departments=("IT", "Sales")),
        training.DashboardFilter(module_ids=("m-b",)),
        training.DashboardFilter(statuses=(S.COMPLETED, S.DUE)),
        training.DashboardFilter(statuses=(S.OVERDUE,), departments=("HR",)),
    ]
    for moment in (NOW, NOW + timedelta(days=20), NOW - timedelta(days=200)):
        for wanted in filters:
            rows = training.status_rows(s.engine, s.trainer, wanted, now=moment)
            counts = training.status_counts(s.engine, s.trainer, wanted, now=moment)
            assert sum(c.count for c in counts) == len(rows)
            for by in ("department", "module"):
                assert training.completion_rates(counts, by) == training.completion_rates(rows, by)
            assert training.overdue_rows(
                s.engine, s.trainer, wanted, now=moment
            ) == training.overdue(rows)
    late = training.overdue(training.status_rows(s.engine, s.trainer, now=NOW))
    assert len(late) > 5, "the random history should make some people overdue"
    assert training.overdue_rows(s.engine, s.trainer, limit=5, now=NOW) == late[:5]
    assert {r.status for r in training.status_rows(s.engine, s.trainer, now=NOW)} == set(S)


def test_dashboard_counts_need_the_right_to_view_completions(people_store):
    s = people_store
    for query in (training.status_counts, training.overdue_rows):
        with pytest.raises(PermissionDenied):
            query(s.engine, s.staff)


def test_completions_over_time_counts_each_attempt_on_its_day(people_store):
    s = people_store
    _random_training(s, 3)
    t, p = training.training_attempts, people.people
    with transaction(s.engine) as conn:
        attempts = conn.execute(
            select(t.c.completed_at, t.c.passed, p.c.department).join(p, p.c.id == t.c.person_id)
        ).all()
    for wanted in (
        training.DashboardFilter(),
        training.DashboardFilter(departments=("IT",)),
        training.DashboardFilter(since=date(2024, 6, 1), until=date(2024, 12, 31)),
    ):
        expected: dict = {}
        for done, passed, department in attempts:
            if wanted.departments and department not in wanted.departments:
                continue
            if wanted.since and not wanted.since <= done.date() <= wanted.until:
                continue
            key = (done.date(), "passed" if passed else "failed")
            expected[key] = expected.get(key, 0) + 1
        assert training.completions_over_time(s.engine, s.trainer, wanted) == [
            (day, outcome, n) for (day, outcome), n in sorted(expected.items())
        ]


def test_assigning_someone_who_holds_a_valid_pass_counts_them_completed(people_store, kb):
    """The assignment opens with the pass's validity (held_until), through the real API."""
    s = people_store
    module = training.module_by_id(kb, "cyber-hygiene")
    record = training.record_attempt(
        s.engine, s.staff, kb, module, correct_answers(kb, module), started_at=NOW, now=NOW
    )
    assert record.result.passed
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("audience"),
        due_on=date(2025, 4, 30),
        now=NOW + timedelta(days=1),
    )
    a = training.training_assignments
    with transaction(s.engine) as conn:
        held = dict(
            conn.execute(select(a.c.person_id, a.c.held_until).where(a.c.closed_at.is_(None))).all()
        )
    assert held[s.staff.person_id] == record.valid_until
    assert sum(v is None for v in held.values()) == len(held) - 1
    counts = training.status_counts(s.engine, s.trainer, now=NOW + timedelta(days=2))
    staff_department = next(
        r.department
        for r in training.status_rows(s.engine, s.trainer, now=NOW)
        if r.person_id == s.staff.person_id
    )
    assert any(
        c.department == staff_department and c.status is S.COMPLETED and c.count == 1
        for c in counts
    )
