"""The organisation's target maturity level per Art. 21(2) measure.

A gap is an answer below its measure's target (see :mod:`quiz_app.core.scoring`); a measure
without a target set here has the default, "defined".
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.core.scoring import DEFAULT_TARGET, level_named
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_
from quiz_app.store import measure_targets, read_transaction, transaction, utcnow

TARGET_SET = "target_set"
MEASURE_ID = re.compile(r"^21-2-[a-j]$")


def read_targets(conn: Connection) -> dict[str, str]:
    """Every target set, measure id -> level name (measures not named have the default)."""
    rows = conn.execute(select(measure_targets.c.measure_id, measure_targets.c.level))
    return {row.measure_id: row.level for row in rows}


def get_targets(engine: Engine, actor: Actor) -> dict[str, str]:
    """The targets set, for anyone logged in (they say what a gap is on every results page).

    Raises:
        PermissionDenied: nobody logged in.
    """
    require(actor, Action.VIEW_HOME)
    with read_transaction(engine) as conn:
        return read_targets(conn)


def set_target(engine: Engine, actor: Actor, measure_id: str, level: str) -> None:
    """Set a measure's target level (audited with the previous level).

    Raises:
        PermissionDenied: the actor may not set targets.
        InvalidInput: not an Art. 21(2) measure id, or not a maturity level.
    """
    require(actor, Action.SET_TARGETS)
    if not MEASURE_ID.match(measure_id or ""):
        raise InvalidInput(
            N_("{measure_id!r} is not an Art. 21(2) measure id (e.g. 21-2-b)"),
            measure_id=measure_id,
        )
    level_named(level)
    t = measure_targets.c
    with transaction(engine) as conn:
        before = read_targets(conn).get(measure_id)
        if before == level:
            return
        values = {"level": level, "updated_at": utcnow(), "updated_by": actor.account_id}
        if before is None:
            conn.execute(measure_targets.insert().values(measure_id=measure_id, **values))
        else:
            conn.execute(measure_targets.update().where(t.measure_id == measure_id).values(values))
        audit.record(
            conn,
            actor.account_id,
            TARGET_SET,
            f"measure:{measure_id}",
            {"from": before or DEFAULT_TARGET, "to": level},
        )
