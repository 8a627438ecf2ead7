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

st.set_page_config(layout="wide")
actor = ui.guard(Action.VIEW_PERSON_TRAINING)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title("Person")
ui.show_flash()

choices = dict(training.people_to_pick(engine, actor))
if not choices:
    st.info("Nobody is in the store yet: import people on the People page first.")
    st.stop()
by_hr_id = {label.split(" - ", 1)[0]: pid for pid, label in choices.items()}
wanted = by_hr_id.get(st.query_params.get("person", ""))
if wanted is not None and state.get("person_param") != wanted:
    state["person_param"] = wanted
    state["person_pick"] = wanted
person_id = st.selectbox("Person", list(choices), format_func=choices.get, key="person_pick")
st.query_params["person"] = choices[person_id].split(" - ", 1)[0]
try:
    seen = training.person_training(engine, actor, kb, person_id)
except QuizAppError as exc:
    st.error(ui.plain(exc))
    st.stop()
person = seen.person
facts = [f"HR id {person.external_id}", person.department or "no department"]
facts += [person.job_role or "no job role", person.email or "no e-mail"]
st.caption(ui.plain(" · ".join(facts)))
titles = {m.id: m.title for m in kb.training}

if allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader("Assign a module to this person")
    a_cols = st.columns([3, 2, 1], vertical_alignment="bottom")
    module_id = a_cols[0].selectbox(
        "Module", list(titles), format_func=titles.get, key="person_assign_module"
    )
    due = a_cols[1].date_input(
        "Due", value=date.today() + timedelta(days=30), key="person_assign_due"
    )
    if a_cols[2].button("Assign", key="person_assign"):
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
            ui.flash(
                f"Assigned {titles[module_id]} to {ui.plain(person.name)}."
                if result.assigned
                else f"{ui.plain(person.name)} already has an open assignment for {titles[module_id]}."
            )

st.subheader("Assignments")
# Pixel widths that fit the main column at 1280 px with the sidebar open (no hidden column);
# the export and the register hold every column.
COLUMNS = {
    "module_title": st.column_config.TextColumn("Module", width=160),
    "status": st.column_config.TextColumn("Status", width=90),
    "assigned_at": st.column_config.DatetimeColumn("Assigned on", format="YYYY-MM-DD", width=95),
    "assigned_by": st.column_config.TextColumn("Assigned by", width=120),
    "due_date": st.column_config.DateColumn("Due", format="YYYY-MM-DD", width=90),
    "attempts": st.column_config.NumberColumn("Attempts", width=75),
    "score_scaled": st.column_config.NumberColumn("Score", format="percent", width=60),
    "valid_until": st.column_config.DatetimeColumn("Valid until", format="YYYY-MM-DD", width=90),
}
if seen.assignments:
    st.dataframe(
        pd.DataFrame([r._asdict() for r in seen.assignments], columns=list(COLUMNS)),
        column_config=COLUMNS,
        column_order=list(COLUMNS),
        hide_index=True,
        key="person_assignments",
    )
else:
    st.caption("No assignments.")

open_rows = {
    r.assignment_id: r
    for r in seen.assignments
    if r.status in ("not started", "in progress", "failed", "overdue")
}
if open_rows and allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader("Change an open assignment")
    c_cols = st.columns([3, 2, 1, 2], vertical_alignment="bottom")
    chosen = c_cols[0].selectbox(
        "Assignment",
        list(open_rows),
        format_func=lambda i: f"{open_rows[i].module_title} (due {open_rows[i].due_date})",
        key="person_open",
    )
    new_due = c_cols[1].date_input(
        "New due date",
        value=max(open_rows[chosen].due_date, date.today()) + timedelta(days=14),
        key="person_new_due",
    )
    try:
        if c_cols[2].button("Extend", key="person_extend"):
            training.extend_due(engine, actor, chosen, new_due)
            ui.flash(
                f"{ui.plain(open_rows[chosen].module_title)} is now due {new_due.isoformat()}."
            )
        if c_cols[3].button("Cancel assignment", key="person_cancel"):
            training.cancel_assignment(engine, actor, chosen)
            ui.flash(
                f"Cancelled {ui.plain(open_rows[chosen].module_title)} for {ui.plain(person.name)}."
            )
    except QuizAppError as exc:
        st.error(ui.plain(exc))

st.subheader("Attempts")
if seen.attempts:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "module": titles.get(a.module_id, a.module_id),
                    "completed": a.completed_at,
                    "attempt": a.attempt_no,
                    "score": f"{a.score_raw} of {a.score_max}",
                    "outcome": "passed" if a.passed else "failed",
                    "valid until": a.valid_until,
                }
                for a in seen.attempts
            ]
        ),
        hide_index=True,
        key="person_attempts",
    )
else:
    st.caption("No attempts yet.")

st.subheader("Certificates")
if allowed(actor.role, Action.VIEW_COMPLETIONS):
    certificate_view.show_certificates(
        engine,
        actor,
        kb,
        certificates.person_certificates(engine, actor, person_id),
        prefix="person_certificate",
    )
else:
    st.caption("Certificates are shown to trainers.")
