"""Welcome page: what this role can do here."""

import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action, Role
from quiz_app.ui import navigation

actor = ui.guard(Action.VIEW_HOME)

WELCOME = {
    Role.STAFF: "Take your cyber-hygiene self-assessment and see your own results.",
    Role.MANAGER: "Take your assessment and follow your organisation's aggregate figures "
    "(NIS 2 Art. 20: the management body must follow cybersecurity training).",
    Role.TRAINER: "Follow training completions and export them as evidence.",
    Role.ADMIN: "Manage people, accounts and roles, and review the audit log.",
}

st.title("NIS 2 self-assessment")
st.write(f"You are logged in as **{actor.role}**. {WELCOME[actor.role]}")
mine = navigation.pages_for(actor.role, has_person=actor.person_id is not None)
for page in [p for p in mine if p.path != "app_pages/home.py"]:
    st.page_link(page.path, label=page.title, icon=page.icon)
if actor.person_id is None and actor.role in (Role.STAFF, Role.MANAGER):
    st.info(
        "Your account is not linked to a person yet, so you cannot take assessments or "
        "training; ask an administrator to link it."
    )
