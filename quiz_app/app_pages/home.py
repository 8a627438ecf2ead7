"""Welcome page: what this role can do here, and the visitor's assessment rounds (open ones
with a button that starts the round's assessment; closed ones with their combined view)."""

import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action, Role
from quiz_app.governance import organisation, rounds
from quiz_app.i18n import N_
from quiz_app.ui import assessment_view, labels, navigation
from quiz_app.ui.i18n import _, date_text
from quiz_app.ui.rounds_view import show_combined

actor = ui.guard(Action.VIEW_HOME)

WELCOME = {
    Role.STAFF: N_("Take your cyber-hygiene self-assessment and see your own results."),
    Role.MANAGER: N_(
        "Take your assessment and follow your organisation's aggregate figures "
        "(NIS 2 Art. 20: the management body must follow cybersecurity training)."
    ),
    Role.TRAINER: N_("Follow training completions and export them as evidence."),
    Role.ADMIN: N_("Manage people, accounts and roles, and review the audit log."),
}

engine = ui.engine()
st.title(_("NIS 2 self-assessment"))
header = organisation.header_line(organisation.read_profile(engine, actor), tr=_)
if header:
    st.caption(ui.plain(header))
st.write(
    _("You are logged in as **{role}**.").format(role=labels.role_label(actor.role))
    + " "
    + _(WELCOME[actor.role])
)

mine = rounds.my_rounds(engine, actor)
for entry in [m for m in mine if m.round.status == rounds.OPEN]:
    r = entry.round
    with st.container(border=True):
        st.markdown(
            _("**Assessment round: {title}** · {track} · deadline {deadline}").format(
                title=ui.plain(r.title),
                track=assessment_view.track_label(r.track),
                deadline=date_text(r.deadline),
            )
        )
        if entry.i_submitted:
            st.caption(_("You have submitted; you may submit again until the round closes."))
        if st.button(
            _("Submit again") if entry.i_submitted else _("Start this round's assessment"),
            key=f"home_round_{r.id}",
            icon=":material/play_arrow:",
        ):
            st.switch_page("app_pages/assessment.py", query_params={"round": str(r.id)})
closed = [m for m in mine if m.round.status == rounds.CLOSED]
if closed:
    st.subheader(_("Closed rounds"))
    for entry in closed:
        label = _("{title} (closed {date})").format(
            title=ui.plain(entry.round.title), date=date_text(entry.round.closed_at)
        )
        with st.expander(label):
            view = rounds.combined_view(engine, actor, ui.knowledge_base(), entry.round.id)
            show_combined(view, ui.knowledge_base(), key=f"home_combined_{entry.round.id}")
pages = navigation.pages_for(actor.role, has_person=actor.person_id is not None)
for page in [p for p in pages if p.path != "app_pages/home.py"]:
    st.page_link(page.path, label=_(page.title), icon=page.icon)
if actor.person_id is None and actor.role in (Role.STAFF, Role.MANAGER):
    st.info(
        _(
            "Your account is not linked to a person yet, so you cannot take assessments or "
            "training; ask an administrator to link it."
        )
    )
