"""Which reminder is due for which open assignment at a given moment (pure, no I/O).

Days are counted in the organisation's time zone (``NIS2_TIME_ZONE``), so a reminder goes on
the local calendar day, whatever the UTC offset that day (summer time included), and date
arithmetic carries month ends and leap days.

Per assignment, the person gets at most one message per run:

- ``assigned`` first, once, for an assignment a trainer made (not for a renewal);
- then ``due_soon`` from ``remind_before_days`` before the due date up to the due date
  (not when the assignment was made that close to its due date: the ``assigned`` message
  already named it);
- then ``overdue`` from the day after the due date.

A stage whose time has passed unsent is skipped (nobody is told "due soon" once overdue).
``escalation`` goes to the person's manager from ``escalate_after_days`` after the due date,
beside the person's own message. Each (assignment, kind) goes at most once: ``sent`` holds
what already went.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class ReminderKind(StrEnum):
    """The messages, in the order an assignment reaches them."""

    ASSIGNED = "assigned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


@dataclass(frozen=True)
class ReminderPolicy:
    """A module's reminder days (``kb.model.TrainingModule``)."""

    remind_before_days: int = 7
    escalate_after_days: int = 14


@dataclass(frozen=True)
class OpenAssignment:
    """An open assignment as the schedule needs it."""

    assignment_id: int
    module_id: str
    due_on: date
    reason: str  # 'assigned' or 'renewal'
    assigned_on: date  # the local day it was made
    email: str | None  # the person's
    manager_email: str | None  # the manager's, when HR named one who has an address


@dataclass(frozen=True)
class DueReminder:
    """A message to send now."""

    assignment_id: int
    kind: ReminderKind
    recipient: str


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar day in ``zone`` at ``moment`` (naive means UTC, as the store keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def _person_kind(
    item: OpenAssignment, today: date, policy: ReminderPolicy, sent: set[ReminderKind]
) -> ReminderKind | None:
    if item.reason == "assigned" and ReminderKind.ASSIGNED not in sent:
        return ReminderKind.ASSIGNED
    days_left = (item.due_on - today).days
    if days_left < 0:
        kind = ReminderKind.OVERDUE
    elif days_left <= policy.remind_before_days:
        announced = (item.due_on - item.assigned_on).days <= policy.remind_before_days
        if item.reason == "assigned" and announced:
            return None
        kind = ReminderKind.DUE_SOON
    else:
        return None
    return None if kind in sent else kind


def due_reminders(
    assignments: Iterable[OpenAssignment],
    sent: Mapping[int, set[ReminderKind]],
    policies: Mapping[str, ReminderPolicy],
    now: datetime,
    zone: ZoneInfo,
) -> list[DueReminder]:
    """The reminders due at ``now`` that have not gone yet, in assignment order.

    Args:
        assignments: the open assignments.
        sent: per assignment id, the kinds already sent.
        policies: per module id, its reminder days (a module not named gets the defaults).
        now: the moment of the run.
        zone: the time zone whose calendar days count.
    """
    today = local_day(now, zone)
    default = ReminderPolicy()
    due: list[DueReminder] = []
    for item in sorted(assignments, key=lambda a: a.assignment_id):
        policy = policies.get(item.module_id, default)
        done = sent.get(item.assignment_id, set())
        kind = _person_kind(item, today, policy, done)
        if kind is not None and item.email:
            due.append(DueReminder(item.assignment_id, kind, item.email))
        late = (today - item.due_on).days
        if (
            late >= policy.escalate_after_days
            and item.manager_email
            and ReminderKind.ESCALATION not in done
        ):
            due.append(DueReminder(item.assignment_id, ReminderKind.ESCALATION, item.manager_email))
    return due
