"""Admins: create accounts, change roles, disable, link to people. Every change is audited."""

import pandas as pd
import streamlit as st

from quiz_app import accounts, people, ui
from quiz_app.authz import Action, Role
from quiz_app.errors import QuizAppError
from quiz_app.i18n import N_
from quiz_app.ui import labels
from quiz_app.ui.i18n import _
from quiz_app.ui.tables import without_gaps

actor = ui.guard(Action.MANAGE_ACCOUNTS)
engine = ui.engine()
st.title(_("Accounts"))
ui.show_flash()

COLUMNS = (N_("username"), N_("role"), N_("person"), N_("HR id"), N_("sso e-mail"), N_("disabled"))
NONE = N_("(none)")  # the person option that links nobody (stored as is, shown translated)
STATES = {"disabled": N_("disabled"), "enabled": N_("enabled")}

listed = accounts.list_accounts_with_people(engine, actor)
rows = [r.account for r in listed]
persons = people.list_people(engine, actor)
st.dataframe(
    without_gaps(
        pd.DataFrame(
            [
                (
                    r.account.username,
                    labels.role_label(r.account.role),
                    r.person_name,
                    r.person_hr_id,
                    r.account.sso_email,
                    r.account.disabled,
                )
                for r in listed
            ],
            columns=[_(c) for c in COLUMNS],
        )
    ),
    hide_index=True,
    key="accounts_table",
)

roles = [r.value for r in Role]
role_words = labels.role_labels()
by_name = {a.username: a.id for a in rows}
person_labels = {f"{p.external_id} - {p.name}": p.id for p in persons if not p.erased}


def _do(change, done: str | None = None, clear: tuple[str, ...] = ()) -> None:
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
        ui.flash(done or _("Saved."))


def _created(username: str, role: str, person: str) -> str:
    values = {"username": ui.plain(username.strip()), "role": labels.role_label(role)}
    if person in person_labels:
        return _("Created account **{username}** (role {role}, linked to {person}).").format(
            person=ui.plain(person), **values
        )
    return _("Created account **{username}** (role {role}).").format(**values)


person_words = labels.words({NONE: NONE}) | {label: label for label in person_labels}


create, role_tab, state_tab, link_tab = st.tabs(
    [_("Create"), _("Role"), _("Enable/disable"), _("Person")]
)
with create, st.form("create_account"):
    username = st.text_input(_("Username"), key="new_username")
    role = st.selectbox(
        _("Role"),
        roles,
        format_func=role_words.get,
        key="new_role",
        placeholder=_("Choose an option"),
    )
    password = st.text_input(
        _("Password (leave empty for SSO only)"), type="password", key="new_password"
    )
    sso_email = st.text_input(_("SSO e-mail (optional)"), key="new_sso_email")
    person = st.selectbox(
        _("Person"),
        [NONE, *person_labels],
        format_func=person_words.get,
        key="new_person",
        placeholder=_("Choose an option"),
    )
    if st.form_submit_button(_("Create account")):
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
    who = st.selectbox(
        _("Account"), list(by_name), key="role_account", placeholder=_("Choose an option")
    )
    new_role = st.selectbox(
        _("New role"),
        roles,
        format_func=role_words.get,
        key="role_new",
        placeholder=_("Choose an option"),
    )
    if st.form_submit_button(_("Change role")):
        _do(lambda: accounts.change_role(engine, actor, by_name[who], new_role))
with state_tab, st.form("disable_account"):
    who_state = st.selectbox(
        _("Account"), list(by_name), key="state_account", placeholder=_("Choose an option")
    )
    state = st.radio(
        _("State"),
        list(STATES),
        format_func=labels.words(STATES).get,
        key="state_new",
    )
    disable = state == "disabled"
    if st.form_submit_button(_("Apply")):
        _do(lambda: accounts.set_disabled(engine, actor, by_name[who_state], disable))
with link_tab, st.form("link_person"):
    who_link = st.selectbox(
        _("Account"), list(by_name), key="link_account", placeholder=_("Choose an option")
    )
    target = st.selectbox(
        _("Person"),
        [NONE, *person_labels],
        format_func=person_words.get,
        key="link_person",
        placeholder=_("Choose an option"),
    )
    if st.form_submit_button(_("Link")):
        _do(
            lambda: accounts.link_person(
                engine, actor, by_name[who_link], person_labels.get(target)
            )
        )
