"""The report's data for the board minutes: gathered from the organisation, the round, the
remediation plan and the approvals, each shown only to whom it may be."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from governance_support import add_board, submit_all

from kb.load import load
from quiz_app import reporting, self_assessment
from quiz_app.authz import Actor, Role
from quiz_app.core.report import site_warning
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.governance import approvals, organisation, rounds
from quiz_app.remediation import actions, evidence

NAMES = ("Łukasz Żółć", "Řehoř Čapek", "Σωκράτης Παπαδόπουλος")
PUBLIC = "https://kb.example.org/nis2/"


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def board_round(people_store, kb):
    """A profile, a closed round of three board members, an action with evidence on
    Łukasz's first gap and an approval."""
    s = people_store
    board = add_board(s, NAMES)
    organisation.save_profile(
        s.engine,
        s.admin,
        organisation.OrganisationProfile(
            name="Jürgen Größ Wasserwerke GmbH",
            member_states=("DE", "PL"),
            entity_class="essential",
            competent_authority="Bundesamt für Sicherheit in der Informationstechnik",
        ),
        expected_version=0,
    )
    round_id = rounds.open_round(
        s.engine,
        s.manager,
        title="Board review 2026",
        track="management",
        deadline=date(2030, 12, 31),
        participant_ids=[m.person_id for m in board],
        today=date(2030, 1, 1),
    )
    submit_all(s, kb, round_id, board, (0, 1, 2))
    rounds.close_round(s.engine, s.manager, round_id)
    [summary] = self_assessment.submitted_assessments(s.engine, board[0])
    score = self_assessment.result_of(s.engine, board[0], kb, summary)
    gap = score.gaps[0]
    action_id = actions.create_action(
        s.engine,
        s.manager,
        title="Adopt an incident runbook",
        owner_person_id=board[1].person_id,
        due_on=date(2030, 6, 30),
        assessment_id=summary.id,
        question_id=gap.question.id,
    )
    evidence.add_note(s.engine, s.manager, action_id, "Draft circulated")
    evidence.add_link(s.engine, s.manager, action_id, "https://wiki.example.org/runbook")
    approvals.record_approval(
        s.engine,
        s.manager,
        subject="measures",
        approved_on=date(2030, 1, 20),
        meeting_reference="Minutes 2030/01",
        member_ids=[m.person_id for m in board],
        today=date(2030, 1, 21),
    )
    return s, board, summary


def test_a_board_members_report_names_organisation_round_answers_actions_and_approvals(
    board_round, kb, monkeypatch
):
    monkeypatch.setenv("NIS2_SITE_URL", PUBLIC)
    s, board, summary = board_round
    report = reporting.assessment_report(s.engine, board[0], kb, summary, now=datetime(2030, 2, 1))
    assert report.person == "Łukasz Żółć"
    assert report.organisation.name == "Jürgen Größ Wasserwerke GmbH"
    assert report.organisation.member_states == ("DE", "PL")
    assert report.organisation.entity_class == "essential"
    assert report.round.title == "Board review 2026"
    assert report.round.deadline == date(2030, 12, 31)
    assert sorted(report.round.participants) == sorted(NAMES)
    assert report.round.submitted == 3
    chosen = {a.question: a.answer for sec in report.sections for a in sec.answers}
    for q in (q for q in kb.questions if q.track == "management"):
        assert chosen[" ".join(q.text.split())] == q.options[0].text
    [action] = report.actions
    assert (action.title, action.owner, action.due_on, action.status, action.evidence) == (
        "Adopt an incident runbook",
        "Řehoř Čapek",
        date(2030, 6, 30),
        "open",
        2,
    )
    [approval] = report.approvals
    assert approval.meeting_reference == "Minutes 2030/01"
    assert sorted(approval.members) == sorted(NAMES)
    assert set(NAMES) <= {t.name for t in report.training}  # the seeded manager sits too
    assert not any(t.trained for t in report.training)
    assert report.chart and all(bar.label.startswith("(") for bar in report.chart)
    assert report.local_site is None


def test_the_report_warns_while_the_site_address_is_the_local_default(board_round, kb):
    s, board, summary = board_round
    report = reporting.assessment_report(s.engine, board[0], kb, summary)
    assert report.local_site == "http://127.0.0.1:8000/"
    assert "http://127.0.0.1:8000/" in site_warning(report.local_site)


def test_staff_see_only_their_own_actions_and_no_approvals(board_round, kb):
    s, board, _summary = board_round
    self_assessment.submit(
        s.engine, s.staff, kb, "staff", {q.id: 0 for q in kb.questions if q.track == "staff"}
    )
    [own] = self_assessment.submitted_assessments(s.engine, s.staff)
    for title, owner in (("Mine", s.staff), ("Someone else's", s.trainer)):
        actions.create_action(
            s.engine,
            s.manager,
            title=title,
            owner_person_id=owner.person_id,
            due_on=date(2030, 6, 30),
            assessment_id=own.id,
        )
    report = reporting.assessment_report(s.engine, s.staff, kb, own)
    assert [a.title for a in report.actions] == ["Mine"]
    assert (report.approvals, report.training) == ((), ())
    assert report.round is None
    assert report.knowledge_check  # a personal report, without the board's sign-off
    manager_view = reporting.assessment_report(s.engine, board[0], kb, board_round[2])
    assert [a.title for a in manager_view.actions] == ["Adopt an incident runbook"]
    assert not manager_view.knowledge_check


def test_a_managers_own_knowledge_check_leaves_out_the_boards_approvals(board_round, kb):
    s, board, _summary = board_round
    staff = {q.id: 0 for q in kb.questions if q.track == "staff"}
    self_assessment.submit(s.engine, board[0], kb, "staff", staff)
    check = next(
        a for a in self_assessment.submitted_assessments(s.engine, board[0]) if a.track == "staff"
    )
    report = reporting.assessment_report(s.engine, board[0], kb, check, now=datetime(2030, 2, 1))
    assert report.knowledge_check
    assert (report.approvals, report.training) == ((), ())


def test_nobody_gets_the_report_of_someone_elses_assessment(board_round, kb):
    s, board, summary = board_round
    for other in (board[1], s.staff, s.admin):
        with pytest.raises(PermissionDenied):
            reporting.assessment_report(s.engine, other, kb, summary)


def test_a_closed_rounds_report_has_the_combined_view_and_names_only_for_managers(board_round, kb):
    s, board, _summary = board_round
    [closed] = rounds.list_rounds(s.engine, s.manager)
    view = rounds.combined_view(s.engine, s.manager, kb, closed.id)
    report = reporting.round_report(s.engine, s.manager, kb, closed.id)
    assert (report.title, report.submitted, report.invited) == ("Board review 2026", 3, 3)
    assert sorted(report.participants) == sorted(NAMES)
    assert report.organisation.name == "Jürgen Größ Wasserwerke GmbH"
    assert [(r.median, r.low, r.high) for r in report.rows] == [
        (v.median, v.low, v.high) for v in view.spreads
    ]
    assert report.rows[0].measure.startswith("(")
    # a participant without the right to run rounds gets the figures, not the names
    participant = Actor(board[1].account_id, Role.STAFF, board[1].person_id)
    assert reporting.round_report(s.engine, participant, kb, closed.id).participants == ()
    with pytest.raises(PermissionDenied):
        reporting.round_report(s.engine, s.staff, kb, closed.id)


def test_an_open_round_has_no_combined_report_yet(people_store, kb):
    s = people_store
    board = add_board(s, NAMES)
    round_id = rounds.open_round(
        s.engine,
        s.manager,
        title="Spring review",
        track="management",
        deadline=date(2030, 12, 31),
        participant_ids=[m.person_id for m in board],
        today=date(2030, 1, 1),
    )
    with pytest.raises(InvalidInput, match="when the round is closed"):
        reporting.round_report(s.engine, s.manager, kb, round_id)
