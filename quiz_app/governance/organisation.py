"""The organisation's profile: one row, edited by admins, read by everyone signed in.

It holds the name, the Member State(s) of establishment (EU-27 codes), the scope checker's
answers as they were given (sector, size, the raw answers), essential or important, the
competent authority (free text) and the reporting contact. Every save raises ``version`` and
writes an audit entry naming the fields that changed (never their values: the contact may
be a person's). Reports and certificates read the name through :func:`organisation_profile`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_
from quiz_app.store import organisation_profile as table
from quiz_app.store import transaction, utcnow

PROFILE_SAVE = "organisation_save"
PROFILE_ID = 1
# The 27 Member States by the codes the EU itself uses (Greece is EL, not GR).
EU_MEMBER_STATES: dict[str, str] = {
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "EL": "Greece",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IT": "Italy",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "MT": "Malta",
    "NL": "Netherlands",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SI": "Slovenia",
    "SK": "Slovakia",
}
CLASSES = ("essential", "important")
SIZES = ("micro/small", "medium", "large")
CLASS_ENTITY = {"essential": N_("essential entity"), "important": N_("important entity")}
_LIMITS = {"name": 200, "sector": 100, "competent_authority": 300, "reporting_contact": 300}


@dataclass(frozen=True)
class OrganisationProfile:
    """The organisation as the app knows it. ``scope_answers``: the checker's answers."""

    name: str
    member_states: tuple[str, ...]
    sector: str | None = None
    entity_size: str | None = None
    entity_class: str | None = None
    scope_answers: Mapping[str, Any] | None = None
    competent_authority: str | None = None
    reporting_contact: str | None = None
    version: int = 0
    updated_at: datetime | None = None


_EDITABLE = [f.name for f in fields(OrganisationProfile) if f.name not in ("version", "updated_at")]


def parse_member_states(codes: Iterable[str] | str) -> tuple[str, ...]:
    """EU-27 codes, upper-cased, in the given order without repeats (``"de, pl"`` works).

    Raises:
        InvalidInput: none given, or a code that is not a Member State's.
    """
    items = codes.split(",") if isinstance(codes, str) else list(codes)
    result: list[str] = []
    for item in items:
        code = str(item).strip().upper()
        if not code:
            continue
        if code == "GR":
            raise InvalidInput(N_("Greece's code in the EU is EL, not GR"))
        if code not in EU_MEMBER_STATES:
            raise InvalidInput(
                N_("{code!r} is not an EU Member State code (expected one of: {codes})"),
                code=code,
                codes=", ".join(EU_MEMBER_STATES),
            )
        if code not in result:
            result.append(code)
    if not result:
        raise InvalidInput(N_("name at least one Member State of establishment"))
    return tuple(result)


def _clean(profile: OrganisationProfile) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _EDITABLE:
        value = getattr(profile, name)
        if isinstance(value, str):
            value = value.strip() or None
            if value and len(value) > _LIMITS.get(name, 100):
                raise InvalidInput(
                    N_("{field} is longer than {limit}"),
                    field=name.replace("_", " "),
                    limit=_LIMITS[name],
                )
        values[name] = value
    if not values["name"]:
        raise InvalidInput(N_("the organisation needs a name"))
    values["member_states"] = ",".join(parse_member_states(profile.member_states))
    if values["entity_class"] not in (None, *CLASSES):
        raise InvalidInput(
            N_("class must be one of: {classes} (or none)"), classes=", ".join(CLASSES)
        )
    if values["entity_size"] not in (None, *SIZES):
        raise InvalidInput(N_("size must be one of: {sizes} (or none)"), sizes=", ".join(SIZES))
    answers = values["scope_answers"]
    values["scope_answers"] = (
        json.dumps(dict(answers), sort_keys=True, default=str) if answers else None
    )
    return values


def _from_row(row) -> OrganisationProfile:
    return OrganisationProfile(
        name=row.name,
        member_states=tuple(row.member_states.split(",")),
        sector=row.sector,
        entity_size=row.entity_size,
        entity_class=row.entity_class,
        scope_answers=json.loads(row.scope_answers) if row.scope_answers else None,
        competent_authority=row.competent_authority,
        reporting_contact=row.reporting_contact,
        version=row.version,
        updated_at=row.updated_at,
    )


def organisation_profile(engine: Engine) -> OrganisationProfile | None:
    """The profile, or None while nobody has saved one (for reports and certificates, whose
    callers have already checked who may print them)."""
    with transaction(engine) as conn:
        row = conn.execute(select(table).where(table.c.id == PROFILE_ID)).first()
    return _from_row(row) if row is not None else None


def read_profile(engine: Engine, actor: Actor) -> OrganisationProfile | None:
    """The profile for anyone signed in (None while none is saved).

    Raises:
        PermissionDenied: nobody signed in.
    """
    require(actor, Action.VIEW_HOME)
    return organisation_profile(engine)


def save_profile(
    engine: Engine, actor: Actor, profile: OrganisationProfile, *, expected_version: int | None
) -> OrganisationProfile:
    """Create or replace the profile; return it as stored (its ``version`` raised by one).

    Args:
        expected_version: the version the edit started from (0: none yet; None: unchecked),
            so two admins editing at once do not silently overwrite each other.

    Raises:
        PermissionDenied: the actor may not manage the organisation.
        InvalidInput: a missing name, an unknown Member State code, class or size, a text
            too long, or the profile was saved by someone else since (nothing is written).
    """
    require(actor, Action.MANAGE_ORGANISATION)
    values = _clean(profile)
    now = utcnow()
    with transaction(engine) as conn:
        row = conn.execute(select(table).where(table.c.id == PROFILE_ID)).first()
        current = row.version if row is not None else 0
        if expected_version is not None and expected_version != current:
            raise InvalidInput(N_("the profile was changed by someone else since; reload it"))
        meta = {"version": current + 1, "updated_at": now, "updated_by": actor.account_id}
        if row is None:
            conn.execute(table.insert().values(id=PROFILE_ID, **values, **meta))
            changed = sorted(k for k, v in values.items() if v is not None)
        else:
            conn.execute(table.update().where(table.c.id == PROFILE_ID).values(**values, **meta))
            changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
        audit.record(
            conn,
            actor.account_id,
            PROFILE_SAVE,
            "organisation",
            {"version": current + 1, "changed": changed},
        )
        stored = conn.execute(select(table).where(table.c.id == PROFILE_ID)).one()
    return _from_row(stored)


def header_line(profile: OrganisationProfile | None, tr: Callable[[str], str] = str) -> str | None:
    """One line naming the organisation, e.g. ``Acme SA · PL, DE · essential entity``, its
    words translated by ``tr`` (a catalogue's ``gettext``; English by default)."""
    if profile is None:
        return None
    parts = [profile.name, ", ".join(profile.member_states)]
    if profile.entity_class in CLASS_ENTITY:
        parts.append(tr(CLASS_ENTITY[profile.entity_class]))
    elif profile.entity_class:
        parts.append(f"{profile.entity_class} entity")
    return " · ".join(parts)


def save_scope_result(
    engine: Engine,
    actor: Actor,
    *,
    sector: str | None,
    entity_size: str | None,
    entity_class: str | None,
    answers: Mapping[str, Any],
    name: str | None = None,
    member_states: Iterable[str] | str = (),
) -> OrganisationProfile:
    """Keep the scope checker's result (sector, size, class and its answers as given) in the
    profile, leaving the other fields as they are; a first profile also needs ``name`` and
    ``member_states``.

    Raises:
        PermissionDenied: the actor may not manage the organisation.
        InvalidInput: as :func:`save_profile`.
    """
    require(actor, Action.MANAGE_ORGANISATION)
    current = organisation_profile(engine)
    codes = member_states.split(",") if isinstance(member_states, str) else member_states
    base = current or OrganisationProfile(name=name or "", member_states=tuple(codes))
    merged = replace(
        base,
        sector=sector,
        entity_size=entity_size,
        entity_class=entity_class,
        scope_answers=dict(answers),
    )
    return save_profile(engine, actor, merged, expected_version=base.version)
