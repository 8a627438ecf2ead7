"""GDPR: export everything about a person; erase leaves no name or e-mail anywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, String, Text, func, or_, select
from store_support import PASSWORD

from quiz_app import accounts, assessments, audit, gdpr, store
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
        accounts.authenticate(s.engine, "staff@example.org", "wrong")
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
        accounts.authenticate(s.engine, "staff", PASSWORD)
    [entry] = audit.list_entries(s.engine, s.admin, action="person_erase")
    assert entry.target == f"person:{s.staff.person_id}"
    with pytest.raises(NotFound, match="no person with id 'P-staff'"):
        gdpr.export_person(s.engine, s.admin, "P-staff")


def test_scores_remain_in_aggregates_after_erase(people_store):
    s = people_store
    for actor in (s.staff, s.trainer, s.admin):
        _submit(s, actor, 0.6)
    before = assessments.team_aggregates(s.engine, s.manager)
    gdpr.erase_person(s.engine, s.admin, "P-staff")
    assert assessments.team_aggregates(s.engine, s.manager) == before


def test_only_admins_export_or_erase_and_never_the_last_admin(people_store):
    s = people_store
    for actor in (s.staff, s.manager, s.trainer):
        with pytest.raises(PermissionDenied):
            gdpr.export_person(s.engine, actor, "P-staff")
        with pytest.raises(PermissionDenied):
            gdpr.erase_person(s.engine, actor, "P-staff")
    with pytest.raises(LastAdmin):
        gdpr.erase_person(s.engine, s.admin, "P-admin")
