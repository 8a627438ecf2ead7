"""The remediation plan: actions across every assessment, filtered, overdue first.

Managers and admins see the organisation's actions; everyone else only the ones they own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from quiz_app.authz import Action, Actor, require
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_
from quiz_app.remediation.actions import (
    OPEN_STATUSES,
    STATUS_LABELS,
    RemediationAction,
    manages_all,
    select_actions,
    to_action,
)
from quiz_app.store import action_evidence, read_transaction, remediation_actions, utcnow


def plan_order(actions: Iterable[RemediationAction], today: date) -> list[RemediationAction]:
    """Overdue actions first, then by due date, then by id."""
    return sorted(actions, key=lambda a: (not a.overdue(today), a.due_on, a.id))


def list_plan(
    engine: Engine,
    actor: Actor,
    *,
    measure_id: str | None = None,
    owner_person_id: int | None = None,
    statuses: Sequence[str] = OPEN_STATUSES,
    assessment_id: int | None = None,
    today: date | None = None,
) -> list[RemediationAction]:
    """The actions the actor may see that match every filter, overdue first.

    Args:
        statuses: which statuses to list (default: the open ones).
        today: the date overdue is judged by (default: today, UTC).

    Raises:
        PermissionDenied: nobody logged in.
        InvalidInput: an unknown status.
    """
    require(actor, Action.WORK_ON_ACTIONS)
    unknown = [s for s in statuses if s not in STATUS_LABELS]
    if unknown:
        raise InvalidInput(N_("unknown status {status!r}"), status=unknown[0])
    t = remediation_actions.c
    query = select_actions().where(t.status.in_(list(statuses)))
    if not manages_all(actor):
        if actor.person_id is None:
            return []
        query = query.where(t.owner_person_id == actor.person_id)
    if measure_id:
        query = query.where(t.measure_id == measure_id)
    if owner_person_id is not None:
        query = query.where(t.owner_person_id == owner_person_id)
    if assessment_id is not None:
        query = query.where(t.assessment_id == assessment_id)
    with read_transaction(engine) as conn:
        actions = [to_action(row) for row in conn.execute(query)]
    return plan_order(actions, today or utcnow().date())


def evidence_counts(engine: Engine, actor: Actor, action_ids: Sequence[int]) -> dict[int, int]:
    """How many pieces of evidence each listed action has (ids the actor may see only).

    Raises:
        PermissionDenied: nobody logged in.
    """
    require(actor, Action.WORK_ON_ACTIONS)
    visible = {a.id for a in list_plan(engine, actor, statuses=tuple(STATUS_LABELS))}
    wanted = [i for i in action_ids if i in visible]
    if not wanted:
        return {}
    e = action_evidence.c
    with read_transaction(engine) as conn:
        rows = conn.execute(
            select(e.action_id, func.count()).where(e.action_id.in_(wanted)).group_by(e.action_id)
        )
        return {row[0]: row[1] for row in rows}
