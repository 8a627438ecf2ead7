"""GDPR: export everything about a person; erase leaves no name or e-mail anywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, String, Text, cast, func, or_, select
from store_support import PASSWORD

from kb.load import load
from quiz_app import (
    accounts,
    assessments,
    audit,
    authentication,
    gdpr,
    people,
    store,
    throttle,
    training,
)
from quiz_app.assessments import Answer
from quiz_app.errors import AuthenticationFailed, LastAdmin, NotFound, PermissionDenied


def _submit(s, actor, score=0.5):
    return assessments.submit_assessment(
        s.engine,
        actor,
        person_id=actor.person_id,
        track="staff",
        answers=[Answer("q1", 1), Answer("q2", 3)],
        score=score,
        maturity="basic",
    )


def test_export_holds_the_persons_records_and_no_password(people_store):
    s = people_store
    aid = _submit(s, s.staff)
    data = gdpr.export_person(s.engine, s.admin, "P-staff")
    assert data["person"]["name"] == "Sam Staff"
    assert data["person"]["email"] == "staff@example.org"
    assert [a["id"] for a in data["tables"]["assessments"]] == [aid]
    assert len(data["tables"]["assessment_answers"]) == 2
    [account] = data["tables"]["accounts"]
    assert account["username"] == "staff" and account["has_password"] is True
    assert "password_hash" not in account
    assert any(e["action"] == "account_create" for e in data["tables"]["audit_log"])
    assert audit.list_entries(s.engine, s.admin, action="person_export")[0].target == (
        f"person:{s.staff.person_id}"
    )


def _text_hits(engine, needles: list[str]) -> list[str]:
    md = MetaData()
    hits = []
    with store.transaction(engine) as conn:
        md.reflect(conn)
        for table in md.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, String | Text)]
            for needle in needles:
                if not cols:
                    continue
                cond = or_(*[func.lower(c).contains(needle.lower()) for c in cols])
                n = conn.execute(select(func.count()).select_from(table).where(cond)).scalar_one()
                if n:
                    hits.append(f"{table.name}: {needle}")
    return hits


def test_after_erase_no_table_holds_the_name_or_e_mail(people_store):
    s = people_store
    _submit(s, s.staff, 0.2)
    with pytest.raises(AuthenticationFailed):  # a throttle row for the e-mail as username
        authentication.authenticate(s.engine, "staff@example.org", "wrong")
    needles = ["Sam Staff", "staff@example.org", "P-staff"]
    assert _text_hits(s.engine, needles)
    pseudonym = gdpr.erase_person(s.engine, s.admin, "P-staff")
    assert pseudonym.startswith("erased-")
    assert _text_hits(s.engine, needles) == []
    with store.transaction(s.engine) as conn:
        account = conn.execute(
            select(store.accounts).where(store.accounts.c.id == s.staff.account_id)
        ).one()
        throttles = conn.execute(select(func.count()).select_from(store.login_throttle))
        assert throttles.scalar_one() == 0
    assert account.disabled and account.password_hash is None
    with pytest.raises(AuthenticationFailed):
        authentication.authenticate(s.engine, "staff", PASSWORD)
    [entry] = audit.list_entries(s.engine, s.admin, action="person_erase")
    assert entry.target == f"person:{s.staff.person_id}"
    with pytest.raises(NotFound, match="no person with id 'P-staff'"):
        gdpr.export_person(s.engine, s.admin, "P-staff")


def test_erased_scores_stay_without_a_department_and_answers_go(people_store):
    s = people_store
    for actor in (s.staff, s.trainer, s.admin):
        _submit(s, actor, 0.6)
    gdpr.erase_person(s.engine, s.admin, "P-staff")
    groups = {f.department for f in assessments.team_aggregates(s.engine, s.manager)}
    assert groups == {"IT", "Operations", None}  # the erased person's group is no longer theirs
    with store.transaction(s.engine) as conn:
        kept = conn.execute(
            select(store.assessments.c.id).where(store.assessments.c.person_id == s.staff.person_id)
        ).scalars()
        answers = select(func.count()).where(store.assessment_answers.c.assessment_id.in_(kept))
        assert conn.execute(answers).scalar_one() == 0


ZOE = {
    "external_id": "HR-7731",
    "name": "Zoë Quillfeather",
    "email": "zoe.quill@example.org",
    "department": "Dept-Zoe-Only",
    "job_role": "Harbour-Pilot-Zoe",
}


def _every_cell_hits(engine, needles: list[str]) -> list[str]:
    """Every table and column of the live schema (any type, as text) holding a needle."""
    md = MetaData()
    hits = []
    with store.transaction(engine) as conn:
        md.reflect(conn)
        for table in md.sorted_tables:
            for column in table.columns:
                text = func.lower(cast(column, String))
                for needle in needles:
                    found = conn.execute(
                        select(func.count())
                        .select_from(table)
                        .where(text.contains(needle.lower(), autoescape=True))
                    ).scalar_one()
                    if found:
                        hits.append(f"{table.name}.{column.name}: {needle}")
    return hits


def test_erase_leaves_no_identifier_in_any_table_or_column(people_store, monkeypatch):
    s = people_store
    kb = load()
    pid = people.create_person(s.engine, s.admin, **ZOE)
    aid = accounts.create_account(
        s.engine,
        s.admin,
        username="zquillfeather",
        role="staff",
        password=PASSWORD,
        person_id=pid,
        sso_email="zoe.sso@example.org",
    )
    zoe = accounts.authenticate_sso(
        s.engine, subject="sub-zoe-8812", email="zoe.sso@example.org", role=None
    )
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    for target in (
        training.AssignTarget("person", "HR-7731"),
        training.AssignTarget("department", "Dept-Zoe-Only"),
        training.AssignTarget("role", "Harbour-Pilot-Zoe"),
    ):
        training.assign(s.engine, s.trainer, hygiene, target)
        with store.transaction(s.engine) as conn:  # one open assignment per module at a time
            conn.execute(store.training_assignments.update().values(closed_at=store.utcnow()))
    _submit(s, zoe)
    with pytest.raises(AuthenticationFailed):
        authentication.authenticate(s.engine, "zquillfeather", "wrong", address="192.0.2.9")
    needles = [*ZOE.values(), "zquillfeather", "zoe.sso@example.org", "sub-zoe-8812"]
    needles.append(throttle.username_key("zquillfeather"))
    assert len({h.split(":")[1] for h in _every_cell_hits(s.engine, needles)}) == len(needles)

    gdpr.erase_person(s.engine, s.admin, "HR-7731")

    assert _every_cell_hits(s.engine, needles) == []
    with store.transaction(s.engine) as conn:
        targets = conn.execute(
            select(store.training_assignments.c.target).where(
                store.training_assignments.c.person_id == pid
            )
        ).scalars()
        assert sorted(targets) == ["department", "person", "role"]
    with pytest.raises(AuthenticationFailed):  # the account is disabled, not removed
        authentication.load_actor(s.engine, aid)


def test_export_lists_the_files_exported_about_the_person(people_store, tmp_path):
    s = people_store
    gdpr.export_person(s.engine, s.admin, "P-staff")
    training.export_completions(
        s.engine, s.trainer, load(), "csv", tmp_path / "c.csv", training.ExportFilter()
    )
    exports = gdpr.export_person(s.engine, s.admin, "P-staff")["exports"]
    assert [(e["kind"], e["by_account"]) for e in exports] == [
        ("this person's data", s.admin.account_id),
        ("completions", s.trainer.account_id),
    ]
    assert exports[1]["detail"]["format"] == "csv"


def test_only_admins_export_or_erase_and_never_the_last_admin(people_store):
    s = people_store
    for actor in (s.staff, s.manager, s.trainer):
        with pytest.raises(PermissionDenied):
            gdpr.export_person(s.engine, actor, "P-staff")
        with pytest.raises(PermissionDenied):
            gdpr.erase_person(s.engine, actor, "P-staff")
    with pytest.raises(LastAdmin):
        gdpr.erase_person(s.engine, s.admin, "P-admin")
