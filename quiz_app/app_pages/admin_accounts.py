"""Admins: create accounts, change roles, disable, link to people. Every change is audited."""

import pandas as pd
import streamlit as st

from quiz_app import accounts, people, ui
from quiz_app.authz import Action, Role
from quiz_app.errors import QuizAppError

actor = ui.guard(Action.MANAGE_ACCOUNTS)
engine = ui.engine()
st.title("Accounts")
ui.show_flash()

listed = accounts.list_accounts_with_people(engine, actor)
rows = [r.account for r in listed]
persons = people.list_people(engine, actor)
st.dataframe(
    pd.DataFrame(
        [
            {
                "username": r.account.username,
                "role": r.account.role.value,
                "person": r.person_name,
                "HR id": r.person_hr_id,
                "sso e-mail": r.account.sso_email,
                "disabled": r.account.disabled,
            }
            for r in listed
        ],
        columns=["username", "role", "person", "HR id", "sso e-mail", "disabled"],
    ),
    hide_index=True,
    key="accounts_table",
)

roles = [r.value for r in Role]
by_name = {a.username: a.id for a in rows}
person_labels = {f"{p.external_id} - {p.name}": p.id for p in persons if not p.erased}


def _do(change, done: str = "Saved.", clear: tuple[str, ...] = ()) -> None:
    """Apply ``change``; on success empty the ``clear`` fields and rerun, so the table above
    shows the change, with ``done`` (escaped Markdown) saying what was done; on failure keep
    what was typed and say why."""
    try:
        change()
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        for key in clear:
            st.session_state.pop(key, None)
        ui.flash(done)


def _created(username: str, role: str, person: str) -> str:
    linked = f", linked to {ui.plain(person)}" if person in person_labels else ""
    return f"Created account **{ui.plain(username.strip())}** (role {role}{linked})."


create, role_tab, state_tab, link_tab = st.tabs(["Create", "Role", "Enable/disable", "Person"])
with create, st.form("create_account"):
    username = st.text_input("Username", key="new_username")
    role = st.selectbox("Role", roles, key="new_role")
    password = st.text_input(
        "Password (leave empty for SSO only)", type="password", key="new_password"
    )
    sso_email = st.text_input("SSO e-mail (optional)", key="new_sso_email")
    person = st.selectbox("Person", ["(none)", *person_labels], key="new_person")
    if st.form_submit_button("Create account"):
        _do(
            lambda: accounts.create_account(
                engine,
                actor,
                username=username,
                role=role,
                password=password or None,
                sso_email=sso_email or None,
                person_id=person_labels.get(person),
            ),
            done=_created(username, role, person),
            clear=("new_username", "new_password", "new_sso_email", "new_person"),
        )
with role_tab, st.form("change_role"):
    who = st.selectbox("Account", list(by_name), key="role_account")
    new_role = st.selectbox("New role", roles, key="role_new")
    if st.form_submit_button("Change role"):
        _do(lambda: accounts.change_role(engine, actor, by_name[who], new_role))
with state_tab, st.form("disable_account"):
    who_state = st.selectbox("Account", list(by_name), key="state_account")
    disable = st.radio("State", ["disabled", "enabled"], key="state_new") == "disabled"
    if st.form_submit_button("Apply"):
        _do(lambda: accounts.set_disabled(engine, actor, by_name[who_state], disable))
with link_tab, st.form("link_person"):
    who_link = st.selectbox("Account", list(by_name), key="link_account")
    target = st.selectbox("Person", ["(none)", *person_labels], key="link_person")
    if st.form_submit_button("Link"):
        _do(
            lambda: accounts.link_person(
                engine, actor, by_name[who_link], person_labels.get(target)
            )
        )
