"""The assignment register: one row per assignment in every state, at a fixed clock; who may
read it; the register export's safety (BOM, typed cells, formulas neutralised) and audit."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import select

from kb.load import load
from quiz_app import audit, people, store, training
from quiz_app.core import schedule
from quiz_app.core.register import RegisterStatus as R
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.store import transaction

T0 = datetime(2025, 1, 6, 9, 0)


@pytest.fixture(scope="module")
def kb():
    return load()


def answers_for(kb, module, *, right: bool) -> dict[str, int]:
    questions = {q.id: q for q in kb.questions}
    chosen = {}
    for qid in module.quiz:
        options = questions[qid].options
        good = next(i for i, o in enumerate(options) if o.correct)
        chosen[qid] = good if right else (good + 1) % len(options)
    return chosen


def take(s, kb, actor, module, *, right: bool, at: datetime):
    return training.record_attempt(
        s.engine,
        actor,
        kb,
        module,
        answers_for(kb, module, right=right),
        started_at=at - timedelta(minutes=5),
        now=at,
    )


@pytest.fixture
def history(people_store, kb):
    """Assignments in every state at ``now`` (returned with the store)."""
    s = people_store
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    incident = training.module_by_id(kb, "incident-reporting")
    training.assign(
        s.engine,
        s.trainer,
        hygiene,
        training.AssignTarget("audience"),
        due_on=date(2025, 2, 5),
        now=T0,
    )
    # staff passes once: that completion later expires.
    take(s, kb, s.staff, hygiene, right=True, at=T0 + timedelta(days=1))
    # manager fails once and never passes: failed after the due date.
    take(s, kb, s.manager, hygiene, right=False, at=T0 + timedelta(days=1))
    # trainer passes, then passes the renewal before the first expires: renewed, then passed.
    take(s, kb, s.trainer, hygiene, right=True, at=T0 + timedelta(days=1))
    renewed_at = schedule.add_months(T0, 12) - timedelta(days=3)
    take(s, kb, s.trainer, hygiene, right=True, at=renewed_at)
    # admin never starts: overdue.
    now = schedule.add_months(T0, 13)
    # at `now`, manager gets a new module, fails it in time: in progress; admin's is cancelled.
    for who in ("P-manager", "P-admin"):
        training.assign(
            s.engine,
            s.trainer,
            incident,
            training.AssignTarget("person", who),
            due_on=now.date() + timedelta(days=30),
            now=now - timedelta(days=1),
        )
    take(s, kb, s.manager, incident, right=False, at=now - timedelta(hours=2))
    admin_incident = next(
        r
        for r in training.register(s.engine, s.trainer, kb, now=now).rows
        if r.learner_id == "P-admin" and r.module_id == "incident-reporting"
    )
    training.cancel_assignment(s.engine, s.trainer, admin_incident.assignment_id, now=now)
    return s, now


def _cells(rows):
    return [(r.learner_id, r.module_id, r.reason, r.status) for r in rows]


def test_the_register_lists_every_assignment_in_every_state(history, kb):
    s, now = history
    view = training.register(s.engine, s.trainer, kb, now=now)
    assert _cells(view.rows) == [
        ("P-admin", "cyber-hygiene", "assigned", "overdue"),
        ("P-admin", "incident-reporting", "assigned", "cancelled"),
        ("P-manager", "cyber-hygiene", "assigned", "failed"),
        ("P-manager", "incident-reporting", "assigned", "in progress"),
        ("P-staff", "cyber-hygiene", "assigned", "expired"),
        ("P-staff", "cyber-hygiene", "renewal", "overdue"),
        ("P-trainer", "cyber-hygiene", "assigned", "renewed"),
        ("P-trainer", "cyber-hygiene", "renewal", "passed"),
        ("P-trainer", "cyber-hygiene", "renewal", "not started"),
    ]
    assert {r.status for r in view.rows} == {s.value for s in R}
    assert view.total == 9 and view.by_status["overdue"] == 2
    by_key = {(r.learner_id, r.module_id, r.status): r for r in view.rows}
    failed = by_key[("P-manager", "cyber-hygiene", "failed")]
    assert failed.attempts == 1 and failed.score_scaled == 0.0
    assert failed.last_attempt_at == T0 + timedelta(days=1)
    assert failed.assigned_by == "Tom Trainer" and failed.assigned_at == T0
    assert failed.due_date == date(2025, 2, 5) and failed.valid_until is None
    assert failed.department == "Operations" and failed.module_title == "Everyday cyber hygiene"
    expired = by_key[("P-staff", "cyber-hygiene", "expired")]
    assert expired.attempts == 1 and expired.score_scaled == 1.0
    assert expired.valid_until == schedule.add_months(T0 + timedelta(days=1), 12)
    assert expired.module_version == "1.0"
    renewal = by_key[("P-trainer", "cyber-hygiene", "passed")]
    assert renewal.assigned_by is None and renewal.valid_until > now


def test_register_filters_by_department_module_and_status(history, kb):
    s, now = history
    only_it = training.register(
        s.engine, s.trainer, kb, training.DashboardFilter(departments=("IT",)), now=now
    )
    assert {r.learner_id for r in only_it.rows} == {"P-admin"}
    incident = training.register(
        s.engine,
        s.trainer,
        kb,
        training.DashboardFilter(module_ids=("incident-reporting",)),
        statuses=(R.IN_PROGRESS,),
        now=now,
    )
    assert _cells(incident.rows) == [("P-manager", "incident-reporting", "assigned", "in progress")]
    every = training.register(s.engine, s.trainer, kb, now=now)
    first = training.register(s.engine, s.trainer, kb, limit=2, now=now)
    assert first.rows == every.rows[:2] and first.total == 9 and first.by_status == {}
    late = training.register(
        s.engine, s.trainer, kb, statuses=(R.OVERDUE, R.FAILED), limit=1, now=now
    )
    assert len(late.rows) == 1 and late.total == 3
    assert late.by_status == {"overdue": 2, "failed": 1}


def test_staff_see_only_their_own_register_rows(history, kb):
    s, now = history
    own = training.register(s.engine, s.staff, kb, now=now)
    assert {r.learner_id for r in own.rows} == {"P-staff"}
    with pytest.raises(PermissionDenied):
        training.register(s.engine, s.staff, kb, person_id=s.manager.person_id, now=now)
    with pytest.raises(PermissionDenied):
        training.export_register(s.engine, s.staff, kb, "csv", io.BytesIO(), now=now)
    # an admin sees one person at a time on the person page, never the whole register
    one = training.register(s.engine, s.admin, kb, person_id=s.staff.person_id, now=now)
    assert {r.learner_id for r in one.rows} == {"P-staff"}
    assert {r.learner_id for r in training.register(s.engine, s.admin, kb, now=now).rows} == {
        "P-admin"
    }


def test_register_csv_has_a_bom_every_row_and_neutralised_formulas(history, kb):
    s, now = history
    with transaction(s.engine) as conn:
        people.insert_person(
            conn, s.admin, external_id="E-formula", name='=HYPERLINK("http://x")', department="-2+3"
        )
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    training.assign(
        s.engine, s.trainer, hygiene, training.AssignTarget("person", "E-formula"), now=now
    )
    out = io.BytesIO()
    count = training.export_register(s.engine, s.trainer, kb, "csv", out, now=now)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert count == 10 and len(rows) == 11
    header = rows[0]
    assert header[:3] == ["assignment_id", "learner_id", "name"] and "status" in header
    record = dict(zip(header, next(r for r in rows if r[1] == "E-formula"), strict=True))
    assert record["name"] == '\'=HYPERLINK("http://x")'
    assert record["department"] == "'-2+3"
    assert record["status"] == "not started" and record["attempts"] == "0"
    entries = [
        e
        for e in audit.list_entries(s.engine, s.admin, action=audit.EXPORT)
        if e.target == "training_register"
    ]
    assert entries[0].detail == {"format": "csv", "filters": {}, "count": 10}


def test_register_xlsx_has_typed_cells_and_one_row_per_assignment(history, kb, tmp_path):
    s, now = history
    target = tmp_path / "register.xlsx"
    count = training.export_register(
        s.engine,
        s.trainer,
        kb,
        "xlsx",
        target,
        training.DashboardFilter(departments=("Operations",)),
        now=now,
    )
    sheet = openpyxl.load_workbook(target)["register"]
    rows = list(sheet.iter_rows(values_only=True))
    assert count == 7 and len(rows) == 8
    header = rows[0]
    status = header.index("status")
    failed = dict(zip(header, next(r for r in rows[1:] if r[status] == "failed"), strict=True))
    assert isinstance(failed["assignment_id"], int)
    assert failed["assigned_at"] == T0 and failed["due_date"] == datetime(2025, 2, 5)
    assert failed["attempts"] == 1 and failed["score_scaled"] == 0
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_the_register_exports_only_as_csv_or_xlsx(people_store, kb):
    with pytest.raises(InvalidInput, match="xAPI holds attempts only"):
        training.export_register(
            people_store.engine, people_store.trainer, kb, "xapi", io.BytesIO()
        )


def test_cli_exports_the_register(history, monkeypatch, tmp_path):
    from store_support import PASSWORD, run_cli

    from quiz_app import cli

    s, _ = history
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    target = tmp_path / "register.csv"
    argv = ["--as", "trainer", "export", "--records", "register", "--format", "csv"]
    assert run_cli([*argv, "--out", str(target), "--department", "IT"]) == (
        0,
        f"wrote 2 register rows to {target} (csv)\n",
        "",
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["learner_id"] for r in rows] == ["P-admin", "P-admin"]
    only = run_cli([*argv, "--out", str(target), "--status", "cancelled"])
    assert only[0] == 0 and only[1].startswith("wrote 1 register rows")
    code, _, err = run_cli([*argv[:-1], "xapi", "--out", str(target)])
    assert code == 1 and "xAPI holds attempts only" in err
    code, _, err = run_cli([*argv, "--out", str(target), "--since", "2025-01-01"])
    assert code == cli.EXIT_USAGE and "not the register" in err
    code, _, err = run_cli(
        ["--as", "trainer", "export", "--format", "csv", "--out", str(target), "--status", "failed"]
    )
    assert code == cli.EXIT_USAGE and "add --records register" in err


def test_the_register_names_each_persons_manager_when_known(history, kb):
    s, now = history
    with store.transaction(s.engine) as conn:
        conn.execute(
            store.people.update()
            .where(store.people.c.external_id == "P-staff")
            .values(manager_external_id="P-manager")
        )
        manager_name = conn.execute(
            select(store.people.c.name).where(store.people.c.external_id == "P-manager")
        ).scalar_one()
    rows = training.register(s.engine, s.trainer, kb, now=now).rows
    assert {r.manager for r in rows if r.learner_id == "P-staff"} == {manager_name}
    assert {r.manager for r in rows if r.learner_id != "P-staff"} == {None}
    out = io.BytesIO()
    training.export_register(s.engine, s.trainer, kb, "csv", out, now=now)
    lines = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    manager = lines[0].index("manager")
    assert {r[manager] for r in lines[1:] if r[1] == "P-staff"} == {manager_name}
