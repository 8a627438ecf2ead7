"""The self-assessment logic layer on SQLite and PostgreSQL: tracks by role, drafts, submission,
team averages."""

from __future__ import annotations

import pytest
from store_support import PASSWORD

from kb.load import load
from quiz_app import accounts, assessments, people, self_assessment
from quiz_app.authz import Actor, Role
from quiz_app.core.scoring import NOT_APPLICABLE
from quiz_app.errors import InvalidInput


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.mark.parametrize(
    ("role", "tracks"),
    [
        (Role.STAFF, ["staff"]),
        (Role.MANAGER, ["management", "staff"]),
        (Role.TRAINER, ["staff"]),
        (Role.ADMIN, ["staff"]),
    ],
)
def test_tracks_by_role(role, tracks):
    assert self_assessment.tracks_for(Actor(1, role, 1)) == tracks


def test_unknown_track_is_refused():
    with pytest.raises(InvalidInput, match="unknown track 'board'"):
        self_assessment.require_track(Actor(1, Role.MANAGER, 1), "board")


def test_draft_round_trip_and_submit_store_percent_and_maturity(people_store, kb):
    s, manager = people_store, people_store.manager
    management = self_assessment.questions_for(kb, "management")
    na = next(q for q in management if q.not_applicable)
    draft = {management[0].id: 3, na.id: NOT_APPLICABLE}
    self_assessment.save_draft(s.engine, manager, kb, "management", draft)
    summary, loaded = self_assessment.load_draft(s.engine, manager, kb, "management")
    assert loaded == draft and summary.data_version == self_assessment.bank_version(management)

    with pytest.raises(InvalidInput, match="cannot be not applicable"):
        self_assessment.submit(s.engine, manager, kb, "management", {management[0].id: "n/a"})
    assessment_id = self_assessment.submit(s.engine, manager, kb, "management", draft)
    assert self_assessment.load_draft(s.engine, manager, kb, "management") is None
    [stored] = self_assessment.submitted_assessments(s.engine, manager)
    weight = sum(q.weight for q in management) - na.weight
    expected = round(100 * management[0].weight / weight, 1)
    assert (stored.id, stored.score, stored.maturity) == (assessment_id, expected, "initial")
    result = self_assessment.result_of(s.engine, manager, kb, stored)
    assert round(result.percent, 1) == expected


def test_team_averages_hide_small_groups(people_store, kb):
    s = people_store
    staff_questions = self_assessment.questions_for(kb, "staff")
    right = {q.id: next(i for i, o in enumerate(q.options) if o.correct) for q in staff_questions}
    actors = [s.staff]
    for name in ("Uma", "Vic"):
        person_id = people.create_person(s.engine, s.admin, external_id=f"P-{name}", name=name)
        account_id = accounts.create_account(
            s.engine,
            s.admin,
            username=name,
            role=Role.STAFF,
            password=PASSWORD,
            person_id=person_id,
        )
        actors.append(Actor(account_id, Role.STAFF, person_id))
    for actor in actors[:2]:
        self_assessment.submit(s.engine, actor, kb, "staff", right)
    averages = self_assessment.team_area_averages(s.engine, s.manager, kb)
    assert {(a.head_count, a.mean_percent) for a in averages} == {("fewer than 3", None)}
    self_assessment.submit(s.engine, actors[2], kb, "staff", {})
    averages = {a.key: a for a in self_assessment.team_area_averages(s.engine, s.manager, kb)}
    assert averages["measures/21-2-b"].head_count == "3-4"
    assert averages["measures/21-2-b"].mean_percent == pytest.approx(200 / 3)
    for actor in (actors[0], actors[1], actors[0]):  # three more: only the latest counts
        self_assessment.submit(s.engine, actor, kb, "staff", {})
    averages = {a.key: a for a in self_assessment.team_area_averages(s.engine, s.manager, kb)}
    assert averages["measures/21-2-b"].mean_percent == 0
    figures = assessments.team_aggregates(s.engine, s.manager, track="staff")
    assert [f.head_count for f in figures] == ["fewer than 3", "fewer than 3"]


def _person(s, name: str, department: str) -> Actor:
    person_id = people.create_person(
        s.engine, s.admin, external_id=f"P-{name}", name=name, department=department
    )
    account_id = accounts.create_account(
        s.engine, s.admin, username=name, role=Role.STAFF, password=PASSWORD, person_id=person_id
    )
    return Actor(account_id, Role.STAFF, person_id)


def _views(s, kb):
    return (
        assessments.team_aggregates(s.engine, s.manager, track="staff"),
        self_assessment.team_area_averages(s.engine, s.manager, kb),
    )


def test_one_submission_cannot_be_differenced_out_of_team_figures(people_store, kb):
    s = people_store
    questions = self_assessment.questions_for(kb, "staff")
    right = {q.id: next(i for i, o in enumerate(q.options) if o.correct) for q in questions}
    group = [_person(s, name, "Finance") for name in ("Ann", "Ben", "Cat")]
    for actor in group:
        self_assessment.submit(s.engine, actor, kb, "staff", right)
    before = _views(s, kb)
    [finance] = [f for f in before[0] if f.department == "Finance"]
    assert (finance.head_count, finance.mean_score) == ("3-4", 100)

    victim = _person(s, "Vic", "Finance")
    self_assessment.submit(s.engine, victim, kb, "staff", {})  # every answer wrong: 0 %
    after = _views(s, kb)
    # The attack: 4 x mean(after) - 3 x mean(before) would be the victim's score. The figures,
    # the head count and every measure's mean are unchanged, so it yields nothing.
    assert after == before

    for actor in group[:2]:  # the figures refresh only with at least k new submissions
        self_assessment.submit(s.engine, actor, kb, "staff", right)
    [finance] = [f for f in _views(s, kb)[0] if f.department == "Finance"]
    assert finance.head_count == "3-4" and finance.mean_score == 75
