"""One person's training (trainers and admins): their assignments in every state, their
attempts and certificates (PDF download for trainers); trainers assign a module to the person, extend an
open assignment's due date or cancel it.

URL ``/person?person=<HR id>`` opens one person. Widget keys: ``person_pick``;
tables ``person_assignments``, ``person_attempts``; actions ``person_assign_module``,
``person_assign_due``, ``person_assign``, ``person_open``, ``person_new_due``,
``person_extend``, ``person_cancel``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from quiz_app import certificates, training, ui
from quiz_app.authz import Action, allowed
from quiz_app.errors import QuizAppError
from quiz_app.ui import certificate_view
from quiz_app.ui.i18n import _, date_column_format, date_input_format, date_text
from quiz_app.ui.labels import status_text
from quiz_app.ui.tables import without_gaps

st.set_page_config(layout="wide")
actor = ui.guard(Action.VIEW_PERSON_TRAINING)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title(_("Person"))
ui.show_flash()

choices = dict(training.people_to_pick(engine, actor))
if not choices:
    st.info(_("Nobody is in the store yet: import people on the People page first."))
    st.stop()
by_hr_id = {label.split(" - ", 1)[0]: pid for pid, label in choices.items()}
wanted = by_hr_id.get(st.query_params.get("person", ""))
if wanted is not None and state.get("person_param") != wanted:
    state["person_param"] = wanted
    state["person_pick"] = wanted
person_id = st.selectbox(
    _("Person"),
    list(choices),
    format_func=choices.get,
    key="person_pick",
    placeholder=_("Choose an option"),
)
st.query_params["person"] = choices[person_id].split(" - ", 1)[0]
try:
    seen = training.person_training(engine, actor, kb, person_id)
except QuizAppError as exc:
    st.error(ui.plain(exc))
    st.stop()
person = seen.person
facts = [_("HR id {id}").format(id=person.external_id), person.department or _("no department")]
facts += [person.job_role or _("no job role"), person.email or _("no e-mail")]
st.caption(ui.plain(" · ".join(facts)))
titles = {m.id: m.title for m in kb.training}

if allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader(_("Assign a module to this person"))
    a_cols = st.columns([3, 2, 1], vertical_alignment="bottom")
    module_id = a_cols[0].selectbox(
        _("Module"),
        list(titles),
        format_func=titles.get,
        key="person_assign_module",
        placeholder=_("Choose an option"),
    )
    due = a_cols[1].date_input(
        _("Due"),
        value=date.today() + timedelta(days=30),
        key="person_assign_due",
        format=date_input_format(),
    )
    if a_cols[2].button(_("Assign"), key="person_assign"):
        try:
            result = training.assign(
                engine,
                actor,
                training.module_by_id(kb, module_id),
                training.AssignTarget("person", person.external_id),
                due_on=due,
            )
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            said = (
                _("Assigned {module} to {person}.")
                if result.assigned
                else _("{person} already has an open assignment for {module}.")
            )
            ui.flash(said.format(module=titles[module_id], person=ui.plain(person.name)))

st.subheader(_("Assignments"))
# Pixel widths that fit the main column at 1280 px with the sidebar open (no hidden column)
# and the German and French headers whole (tests/browser/test_i18n_app_journeys.py);
# the export and the register hold every column.
COLUMNS = {
    "module_title": st.column_config.TextColumn(_("Module"), width=145),
    "status": st.column_config.TextColumn(_("Status"), width=105),
    "assigned_at": st.column_config.DatetimeColumn(
        _("Assigned on"), format=date_column_format(), width=110
    ),
    "assigned_by": st.column_config.TextColumn(_("Assigned by"), width=115),
    "due_date": st.column_config.DateColumn(_("Due"), format=date_column_format(), width=90),
    "attempts": st.column_config.NumberColumn(_("Attempts"), width=80),
    "score_scaled": st.column_config.TextColumn(_("Score"), width=70),
    "valid_until": st.column_config.TextColumn(_("Valid until"), width=90),
}
if seen.assignments:
    assigned = pd.DataFrame([r._asdict() for r in seen.assignments], columns=list(COLUMNS))
    assigned["status"] = assigned["status"].map(status_text)
    st.dataframe(
        without_gaps(assigned, dates=("valid_until",), percents=("score_scaled",)),
        column_config=COLUMNS,
        column_order=list(COLUMNS),
        hide_index=True,
        key="person_assignments",
    )
else:
    st.caption(_("No assignments."))

open_rows = {
    r.assignment_id: r
    for r in seen.assignments
    if r.status in ("not started", "in progress", "failed", "overdue")
}
if open_rows and allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader(_("Change an open assignment"))
    c_cols = st.columns([3, 2, 1, 2], vertical_alignment="bottom")
    chosen = c_cols[0].selectbox(
        _("Assignment"),
        list(open_rows),
        format_func={
            i: _("{module} (due {date})").format(module=r.module_title, date=date_text(r.due_date))
            for i, r in open_rows.items()
        }.get,
        key="person_open",
        placeholder=_("Choose an option"),
    )
    new_due = c_cols[1].date_input(
        _("New due date"),
        value=max(open_rows[chosen].due_date, date.today()) + timedelta(days=14),
        key="person_new_due",
        format=date_input_format(),
    )
    try:
        if c_cols[2].button(_("Extend"), key="person_extend"):
            training.extend_due(engine, actor, chosen, new_due)
            ui.flash(
                _("{module} is now due {date}.").format(
                    module=ui.plain(open_rows[chosen].module_title), date=date_text(new_due)
                )
            )
        if c_cols[3].button(_("Cancel assignment"), key="person_cancel"):
            training.cancel_assignment(engine, actor, chosen)
            ui.flash(
                _("Cancelled {module} for {person}.").format(
                    module=ui.plain(open_rows[chosen].module_title), person=ui.plain(person.name)
                )
            )
    except QuizAppError as exc:
        st.error(ui.plain(exc))

st.subheader(_("Attempts"))
if seen.attempts:
    st.dataframe(
        without_gaps(
            pd.DataFrame(
                [
                    {
                        _("module"): titles.get(a.module_id, a.module_id),
                        _("completed"): a.completed_at,
                        _("attempt"): a.attempt_no,
                        _("score"): _("{raw} of {max}").format(raw=a.score_raw, max=a.score_max),
                        _("outcome"): status_text("passed" if a.passed else "failed"),
                        _("valid until"): a.valid_until,
                    }
                    for a in seen.attempts
                ]
            ),
            dates=(_("valid until"),),
        ),
        hide_index=True,
        key="person_attempts",
    )
else:
    st.caption(_("No attempts yet."))

st.subheader(_("Certificates"))
if allowed(actor.role, Action.VIEW_COMPLETIONS):
    certificate_view.show_certificates(
        engine,
        actor,
        kb,
        certificates.person_certificates(engine, actor, person_id),
        prefix="person_certificate",
    )
else:
    st.caption(_("Certificates are shown to trainers."))
