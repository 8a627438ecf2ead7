"""Which modules a learner is offered: one audience rule for assigning and for offering."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kb.load import load
from quiz_app import training
from quiz_app.authz import Actor
from quiz_app.errors import PermissionDenied

NOW = datetime(2025, 3, 3, 9, 0)


@pytest.fixture(scope="module")
def kb():
    return load()


def test_the_audience_rule_takes_in_the_management_body_staff_or_everyone(kb):
    audience_of = {m.audience: m for m in kb.training}
    assert set(audience_of) == {"management", "staff", "all"}
    taken_in = {
        (audience, member): training.in_audience(module, is_management_body=member)
        for audience, module in audience_of.items()
        for member in (True, False)
    }
    assert taken_in == {
        ("management", True): True,
        ("management", False): False,
        ("staff", True): False,
        ("staff", False): True,
        ("all", True): True,
        ("all", False): True,
    }


def test_assigning_to_the_audience_reaches_the_people_the_rule_takes_in(people_store, kb):
    s = people_store
    learners = {s.staff: False, s.manager: True, s.trainer: False, s.admin: False}
    for module in kb.training:
        training.assign(s.engine, s.trainer, module, training.AssignTarget("audience"), now=NOW)
        for actor, member in learners.items():
            assigned = {r.module_id for r in training.my_training(s.engine, actor, now=NOW)}
            assert (module.id in assigned) == training.in_audience(
                module, is_management_body=member
            ), (module.id, actor.role)


def _offered(s, actor, kb, now=NOW) -> list[str]:
    return [m.id for m in training.offered_modules(s.engine, actor, kb, now=now)]


def test_a_learner_is_offered_their_audience_and_what_is_assigned_most_urgent_first(
    people_store, kb
):
    s = people_store
    assert _offered(s, s.staff, kb) == [
        "aws-shared-responsibility",
        "cloud-console-hygiene",
        "cyber-hygiene",
        "incident-reporting",
    ]
    assert _offered(s, s.manager, kb) == ["cyber-hygiene", "incident-reporting", "management-body"]
    for module_id, due in (("cyber-hygiene", 40), ("management-body", 5)):
        training.assign(
            s.engine,
            s.trainer,
            training.module_by_id(kb, module_id),
            training.AssignTarget("person", "P-staff"),
            due_on=date(2025, 3, 3) + timedelta(days=due),
            now=NOW,
        )
    assert _offered(s, s.staff, kb) == [
        "management-body",  # due: assigned to them although not their audience
        "cyber-hygiene",  # assigned
        "aws-shared-responsibility",
        "cloud-console-hygiene",
        "incident-reporting",
    ]
    assert _offered(s, s.staff, kb, now=NOW + timedelta(days=10))[:2] == [
        "management-body",  # overdue
        "cyber-hygiene",
    ]


def test_only_a_person_is_offered_training(people_store, kb):
    s = people_store
    orphan = Actor(s.staff.account_id, s.staff.role, None)
    with pytest.raises(PermissionDenied):
        training.offered_modules(s.engine, orphan, kb)
