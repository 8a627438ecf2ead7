"""Admins: the organisation's profile (name, Member States, sector and size, class, competent
authority, reporting contact). The scope checker can fill the sector, size and class; every
save is a new version in the audit log (``organisation_save``). URL ``/organisation``."""

from __future__ import annotations

import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action
from quiz_app.errors import QuizAppError
from quiz_app.governance import organisation
from quiz_app.governance.organisation import CLASSES, EU_MEMBER_STATES, SIZES

actor = ui.guard(Action.MANAGE_ORGANISATION)
engine = ui.engine()
st.title("Organisation")
ui.show_flash()
current = organisation.read_profile(engine, actor)
st.caption(
    "Shown on every member's results and read by the reports. "
    + (
        f"Version {current.version}, saved {current.updated_at:%Y-%m-%d %H:%M} UTC."
        if current
        else "Not filled in yet."
    )
)
blank = organisation.OrganisationProfile(name="", member_states=())
profile = current or blank

with st.form("organisation_form"):
    name = st.text_input("Name", value=profile.name, max_chars=200, key="org_name")
    states = st.multiselect(
        "Member State(s) of establishment",
        list(EU_MEMBER_STATES),
        default=list(profile.member_states),
        format_func=lambda code: f"{code} · {EU_MEMBER_STATES[code]}",
        key="org_states",
    )
    left, right = st.columns(2)
    entity_class = left.selectbox(
        "Essential or important",
        [None, *CLASSES],
        index=[None, *CLASSES].index(profile.entity_class),
        format_func=lambda c: c or "not established",
        key="org_class",
    )
    size = right.selectbox(
        "Size",
        [None, *SIZES],
        index=[None, *SIZES].index(profile.entity_size),
        format_func=lambda s: s or "not established",
        key="org_size",
    )
    sector = st.text_input(
        "Sector / entity type (the scope checker's subsector)",
        value=profile.sector or "",
        key="org_sector",
    )
    authority = st.text_input(
        "Competent authority", value=profile.competent_authority or "", key="org_authority"
    )
    contact = st.text_input(
        "Reporting contact (who reports incidents to the CSIRT or authority)",
        value=profile.reporting_contact or "",
        key="org_contact",
    )
    saved = st.form_submit_button("Save profile", type="primary")

if saved:
    try:
        stored = organisation.save_profile(
            engine,
            actor,
            organisation.OrganisationProfile(
                name=name,
                member_states=tuple(states),
                sector=sector,
                entity_size=size,
                entity_class=entity_class,
                scope_answers=profile.scope_answers,
                competent_authority=authority,
                reporting_contact=contact,
            ),
            expected_version=profile.version,
        )
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        ui.flash(f"Profile saved (version {stored.version}).")
if profile.scope_answers:
    with st.expander("The scope checker's answers, as given"):
        st.json(dict(profile.scope_answers))
