"""Which reminder is due when (pure): stages in order, once each, local days, month ends, DST."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from quiz_app.reminders.schedule import (
    DueReminder,
    OpenAssignment,
    ReminderPolicy,
    due_reminders,
)
from quiz_app.reminders.schedule import (
    ReminderKind as K,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC_ZONE = ZoneInfo("UTC")
POLICY = {"m": ReminderPolicy(remind_before_days=7, escalate_after_days=14)}


def item(
    due: date,
    reason: str = "assigned",
    manager: str | None = "boss@example.org",
    assigned_on: date = date(2024, 12, 1),
):
    return OpenAssignment(1, "m", due, reason, assigned_on, "ann@example.org", manager)


def kinds(assignment, at: datetime, sent=(), zone=UTC_ZONE, policies=POLICY):
    due = due_reminders([assignment], {1: set(sent)}, policies, at, zone)
    return [(d.kind, d.recipient) for d in due]


def test_a_new_assignment_is_announced_once_then_nothing_until_it_is_due_soon():
    a = item(date(2025, 5, 31))
    assert kinds(a, datetime(2025, 5, 1, 9)) == [(K.ASSIGNED, "ann@example.org")]
    assert kinds(a, datetime(2025, 5, 1, 9), sent={K.ASSIGNED}) == []
    assert kinds(a, datetime(2025, 5, 23, 23), sent={K.ASSIGNED}) == []


def test_due_soon_overdue_and_escalation_each_once_across_a_month_end():
    """Due on 31 January: due soon from 24 January, overdue from 1 February, the manager
    told from 14 February (14 days late), across the end of the month."""
    a = item(date(2025, 1, 31))
    sent = {K.ASSIGNED}
    assert kinds(a, datetime(2025, 1, 23, 12), sent) == []
    assert kinds(a, datetime(2025, 1, 24, 0, 1), sent) == [(K.DUE_SOON, "ann@example.org")]
    sent.add(K.DUE_SOON)
    assert kinds(a, datetime(2025, 1, 31, 23, 59), sent) == []
    assert kinds(a, datetime(2025, 2, 1, 0, 0), sent) == [(K.OVERDUE, "ann@example.org")]
    sent.add(K.OVERDUE)
    assert kinds(a, datetime(2025, 2, 13, 23, 59), sent) == []
    assert kinds(a, datetime(2025, 2, 14, 0, 0), sent) == [(K.ESCALATION, "boss@example.org")]
    sent.add(K.ESCALATION)
    assert kinds(a, datetime(2025, 3, 31, 9), sent) == []


def test_leap_day_due_date_counts_the_days_of_february():
    a = item(date(2024, 2, 29))
    sent = {K.ASSIGNED, K.DUE_SOON}
    assert kinds(a, datetime(2024, 2, 29, 20), sent) == []
    assert kinds(a, datetime(2024, 3, 1, 1), sent) == [(K.OVERDUE, "ann@example.org")]
    assert kinds(a, datetime(2024, 3, 14, 1), sent | {K.OVERDUE}) == [
        (K.ESCALATION, "boss@example.org")
    ]


def test_days_are_local_days_across_the_spring_dst_change():
    """Europe/Brussels moves to summer time on 30 March 2025: at 22:30 UTC on 30 March it is
    already 31 March in Brussels (UTC+2), while at 22:30 UTC on 29 March it is still the 29th
    (UTC+1). A task due on 30 March is overdue at the first but not the second."""
    a = item(date(2025, 3, 30))
    sent = {K.ASSIGNED, K.DUE_SOON}
    assert kinds(a, datetime(2025, 3, 30, 21, 59), sent, BRUSSELS) == []
    assert kinds(a, datetime(2025, 3, 30, 22, 0), sent, BRUSSELS) == [
        (K.OVERDUE, "ann@example.org")
    ]
    assert kinds(a, datetime(2025, 3, 30, 22, 0), sent, UTC_ZONE) == []


def test_days_are_local_days_across_the_autumn_dst_change():
    """On 26 October 2025 Brussels goes back to UTC+1: 23:00 UTC that day is midnight of the
    27th locally, one hour later than on the day before."""
    a = item(date(2025, 10, 26))
    sent = {K.ASSIGNED, K.DUE_SOON}
    assert kinds(a, datetime(2025, 10, 26, 22, 59), sent, BRUSSELS) == []
    assert kinds(a, datetime(2025, 10, 26, 23, 0), sent, BRUSSELS) == [
        (K.OVERDUE, "ann@example.org")
    ]


def test_a_late_first_run_sends_only_the_current_stage():
    """Assigned long ago without a run: 'assigned' still goes first; after it, once overdue,
    only 'overdue' (never a stale 'due soon')."""
    a = item(date(2025, 1, 31))
    assert kinds(a, datetime(2025, 2, 3), ()) == [(K.ASSIGNED, "ann@example.org")]
    assert kinds(a, datetime(2025, 2, 4), {K.ASSIGNED}) == [(K.OVERDUE, "ann@example.org")]


def test_a_renewal_is_not_announced_and_the_days_come_from_the_module():
    a = item(date(2025, 6, 30), reason="renewal")
    policies = {"m": ReminderPolicy(remind_before_days=30, escalate_after_days=3)}
    assert kinds(a, datetime(2025, 5, 30), (), policies=policies) == []
    assert kinds(a, datetime(2025, 5, 31), (), policies=policies) == [
        (K.DUE_SOON, "ann@example.org")
    ]
    assert kinds(a, datetime(2025, 7, 3), {K.DUE_SOON}, policies=policies) == [
        (K.OVERDUE, "ann@example.org"),
        (K.ESCALATION, "boss@example.org"),
    ]


def test_no_address_no_message_and_no_manager_no_escalation():
    nobody = OpenAssignment(1, "m", date(2025, 1, 1), "assigned", date(2025, 1, 1), None, None)
    assert due_reminders([nobody], {}, POLICY, datetime(2025, 3, 1), UTC_ZONE) == []
    a = item(date(2025, 1, 1), manager=None)
    assert kinds(a, datetime(2025, 3, 1), {K.ASSIGNED}) == [(K.OVERDUE, "ann@example.org")]


def test_several_assignments_come_in_assignment_order():
    later = OpenAssignment(
        9, "m", date(2025, 5, 1), "assigned", date(2025, 4, 1), "b@example.org", None
    )
    first = OpenAssignment(
        2, "m", date(2025, 5, 1), "assigned", date(2025, 4, 1), "a@example.org", None
    )
    due = due_reminders([later, first], {}, POLICY, datetime(2025, 4, 1), UTC_ZONE)
    assert due == [
        DueReminder(2, K.ASSIGNED, "a@example.org"),
        DueReminder(9, K.ASSIGNED, "b@example.org"),
    ]


def test_an_assignment_made_close_to_its_due_date_gets_no_separate_due_soon():
    """Assigned three days before it is due: the 'assigned' message names the due date, so
    no 'due soon' follows; 'overdue' still does."""
    a = item(date(2025, 5, 4), assigned_on=date(2025, 5, 1))
    assert kinds(a, datetime(2025, 5, 1, 9)) == [(K.ASSIGNED, "ann@example.org")]
    assert kinds(a, datetime(2025, 5, 2, 9), {K.ASSIGNED}) == []
    assert kinds(a, datetime(2025, 5, 5, 9), {K.ASSIGNED}) == [(K.OVERDUE, "ann@example.org")]
