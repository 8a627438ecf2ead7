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
from quiz_app.i18n import N_
from quiz_app.ui import labels
from quiz_app.ui.i18n import _, datetime_text

CLASS_WORDS = {"essential": N_("essential"), "important": N_("important")}
SIZE_WORDS = {"micro/small": N_("micro/small"), "medium": N_("medium"), "large": N_("large")}
NOT_ESTABLISHED = N_("not established")

actor = ui.guard(Action.MANAGE_ORGANISATION)
engine = ui.engine()
st.title(_("Organisation"))
ui.show_flash()
current = organisation.read_profile(engine, actor)
st.caption(
    _("Shown on every member's results and read by the reports.")
    + " "
    + (
        _("Version {version}, saved {saved}.").format(
            version=current.version, saved=datetime_text(current.updated_at)
        )
        if current
        else _("Not filled in yet.")
    )
)
blank = organisation.OrganisationProfile(name="", member_states=())
profile = current or blank

with st.form("organisation_form"):
    name = st.text_input(_("Name"), value=profile.name, max_chars=200, key="org_name")
    states = st.multiselect(
        _("Member State(s) of establishment"),
        list(EU_MEMBER_STATES),
        default=list(profile.member_states),
        format_func={c: f"{c} · {labels.member_state_name(c)}" for c in EU_MEMBER_STATES}.get,
        key="org_states",
        placeholder=_("Choose options"),
    )
    left, right = st.columns(2)
    entity_class = left.selectbox(
        _("Essential or important"),
        [None, *CLASSES],
        index=[None, *CLASSES].index(profile.entity_class),
        format_func=labels.words({None: NOT_ESTABLISHED, **CLASS_WORDS}).get,
        key="org_class",
        placeholder=_("Choose an option"),
    )
    size = right.selectbox(
        _("Size"),
        [None, *SIZES],
        index=[None, *SIZES].index(profile.entity_size),
        format_func=labels.words({None: NOT_ESTABLISHED, **SIZE_WORDS}).get,
        key="org_size",
        placeholder=_("Choose an option"),
    )
    sector = st.text_input(
        _("Sector / entity type (the scope checker's subsector)"),
        value=profile.sector or "",
        key="org_sector",
    )
    authority = st.text_input(
        _("Competent authority"), value=profile.competent_authority or "", key="org_authority"
    )
    contact = st.text_input(
        _("Reporting contact (who reports incidents to the CSIRT or authority)"),
        value=profile.reporting_contact or "",
        key="org_contact",
    )
    saved = st.form_submit_button(_("Save profile"), type="primary")

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
        ui.flash(_("Profile saved (version {version}).").format(version=stored.version))
if profile.scope_answers:
    with st.expander(_("The scope checker's answers, as given")):
        st.json(dict(profile.scope_answers))
