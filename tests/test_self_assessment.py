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
    assert {(a.people, a.mean_percent) for a in averages} == {(2, None)}
    self_assessment.submit(s.engine, actors[2], kb, "staff", {})
    self_assessment.submit(s.engine, actors[0], kb, "staff", {})  # only the latest counts
    averages = {a.key: a for a in self_assessment.team_area_averages(s.engine, s.manager, kb)}
    assert averages["measures/21-2-b"].people == 3
    assert averages["measures/21-2-b"].mean_percent == pytest.approx(100 / 3)
    figures = assessments.team_aggregates(s.engine, s.manager, track="staff")
    assert sum(f.people for f in figures) == 3
