"""The organisation profile: validation, who may change or read it, versions and audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz_app import store
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.governance import organisation
from quiz_app.governance.organisation import OrganisationProfile, parse_member_states
from quiz_app.i18n import translator

PROFILE = OrganisationProfile(
    name="Zakłady Wodociągowe Sp. z o.o.",
    member_states=("pl", "DE"),
    sector="drinking-water",
    entity_size="medium",
    entity_class="essential",
    scope_answers={"subsector": "drinking-water", "employees": 120},
    competent_authority="Ministerstwo Cyfryzacji",
    reporting_contact="CSIRT liaison, +48 22 000 00 00",
)


def test_member_states_are_eu_codes():
    assert parse_member_states("pl, de,PL") == ("PL", "DE")
    assert parse_member_states(["EL", "CY"]) == ("EL", "CY")
    with pytest.raises(InvalidInput, match="'UK' is not an EU Member State code"):
        parse_member_states("UK")
    with pytest.raises(InvalidInput, match="EL, not GR"):
        parse_member_states("GR")
    with pytest.raises(InvalidInput, match="at least one Member State"):
        parse_member_states(" , ")


def test_admin_saves_and_everyone_reads(people_store):
    engine = people_store.engine
    assert organisation.organisation_profile(engine) is None
    saved = organisation.save_profile(engine, people_store.admin, PROFILE, expected_version=0)
    assert saved.version == 1 and saved.member_states == ("PL", "DE")
    assert saved.scope_answers == {"subsector": "drinking-water", "employees": 120}
    for actor in (people_store.staff, people_store.manager, people_store.trainer):
        assert organisation.read_profile(engine, actor).name == "Zakłady Wodociągowe Sp. z o.o."
    assert organisation.header_line(saved) == (
        "Zakłady Wodociągowe Sp. z o.o. · PL, DE · essential entity"
    )
    german = translator("de").gettext
    assert organisation.header_line(saved, tr=german) == (
        "Zakłady Wodociągowe Sp. z o.o. · PL, DE · wesentliche Einrichtung"
    )


@pytest.mark.parametrize("role", ["staff", "manager", "trainer"])
def test_only_admins_change_the_profile(people_store, role):
    with pytest.raises(PermissionDenied):
        organisation.save_profile(
            people_store.engine, getattr(people_store, role), PROFILE, expected_version=None
        )
    assert organisation.organisation_profile(people_store.engine) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"member_states": ("FR", "CH")}, "'CH' is not an EU Member State code"),
        ({"entity_class": "critical"}, "class must be one of"),
        ({"entity_size": "huge"}, "size must be one of"),
        ({"competent_authority": "x" * 301}, "longer than 300"),
    ],
)
def test_an_invalid_profile_is_refused_whole(people_store, change, message):
    from dataclasses import replace

    with pytest.raises(InvalidInput, match=message):
        organisation.save_profile(
            people_store.engine, people_store.admin, replace(PROFILE, **change), expected_version=0
        )
    assert organisation.organisation_profile(people_store.engine) is None


def test_each_save_is_a_new_version_audited_with_the_changed_fields(people_store):
    from dataclasses import replace

    engine, admin = people_store.engine, people_store.admin
    organisation.save_profile(engine, admin, PROFILE, expected_version=0)
    second = organisation.save_profile(
        engine, admin, replace(PROFILE, entity_class="important"), expected_version=1
    )
    assert (second.version, second.entity_class) == (2, "important")
    with pytest.raises(InvalidInput, match="changed by someone else"):
        organisation.save_profile(engine, admin, PROFILE, expected_version=1)
    log = store.audit_log
    with store.transaction(engine) as conn:
        details = conn.execute(
            select(log.c.detail).where(log.c.action == organisation.PROFILE_SAVE)
        ).scalars()
        assert [d for d in details][-1] == '{"changed": ["entity_class"], "version": 2}'


def test_the_scope_checker_result_fills_the_profile_and_keeps_the_rest(people_store):
    engine, admin = people_store.engine, people_store.admin
    answers = {"subsector": "healthcare-providers", "employees": 60, "cases": []}
    with pytest.raises(InvalidInput, match="needs a name"):
        organisation.save_scope_result(
            engine, admin, sector="x", entity_size="medium", entity_class=None, answers=answers
        )
    first = organisation.save_scope_result(
        engine,
        admin,
        sector="healthcare-providers",
        entity_size="medium",
        entity_class="important",
        answers=answers,
        name="Szpital Miejski",
        member_states="PL",
    )
    assert (first.name, first.entity_class, first.scope_answers) == (
        "Szpital Miejski",
        "important",
        answers,
    )
    organisation.save_profile(
        engine,
        admin,
        OrganisationProfile(
            name="Szpital Miejski",
            member_states=("PL",),
            competent_authority="Minister Zdrowia",
            sector=first.sector,
        ),
        expected_version=1,
    )
    again = organisation.save_scope_result(
        engine, admin, sector="x", entity_size="large", entity_class="essential", answers={}
    )
    assert (again.competent_authority, again.entity_class, again.version) == (
        "Minister Zdrowia",
        "essential",
        3,
    )
    with pytest.raises(PermissionDenied):
        organisation.save_scope_result(
            engine,
            people_store.manager,
            sector=None,
            entity_size=None,
            entity_class=None,
            answers={},
        )
