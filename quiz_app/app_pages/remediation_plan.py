"""The remediation plan: open actions across every assessment, overdue first, filterable by
measure, owner and status; one action's status, comments and evidence. Staff see the actions
they own; managers and admins see every action. URL ``/plan``.

Widget keys: ``plan_measure``, ``plan_owner``, ``plan_status``, ``plan_table``,
``plan_action`` (the action shown below); for that action (``<n>`` its id):
``action_status_<n>``, ``action_reason_<n>``, ``action_save_status_<n>``,
``action_comment_<n>``, ``action_add_comment_<n>``, ``action_link_<n>``,
``action_link_note_<n>``, ``action_add_link_<n>``, ``action_note_<n>``,
``action_add_note_<n>``, ``action_file_<n>``, ``action_upload_<n>``, and
``evidence_download_<evidence id>``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action
from quiz_app.remediation import actions, evidence, plan
from quiz_app.remediation.actions import STATUS_LABELS
from quiz_app.ui import remediation_view
from quiz_app.ui.text import plain

actor = ui.guard(Action.WORK_ON_ACTIONS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title("Remediation plan")
ui.show_flash()
manages = actions.manages_all(actor)
st.caption(
    "Every action on a gap, overdue first. "
    + (
        "You see the organisation's actions."
        if manages
        else "You see the actions you own; managers open and assign them from a gap."
    )
)

measure_ids = [m.id for m in kb.measures]
left, middle, right = st.columns(3)
measure = left.selectbox(
    "Measure",
    [None, *measure_ids],
    format_func=lambda m: "All measures" if m is None else remediation_view.measure_label(kb, m),
    key="plan_measure",
)
owner = None
if manages:
    people_by_id = {o.person_id: o for o in actions.owners(engine, actor)}
    owner = middle.selectbox(
        "Owner",
        [None, *people_by_id],
        format_func=lambda i: "Everyone" if i is None else people_by_id[i].name,
        key="plan_owner",
    )
statuses = right.multiselect(
    "Status",
    list(STATUS_LABELS),
    default=list(actions.OPEN_STATUSES),
    format_func=STATUS_LABELS.get,
    key="plan_status",
)
today = date.today()
listed = plan.list_plan(
    engine,
    actor,
    measure_id=measure,
    owner_person_id=owner,
    statuses=statuses or tuple(STATUS_LABELS),
    today=today,
)
counts = plan.evidence_counts(engine, actor, [a.id for a in listed])
if not listed:
    st.info("No action matches these filters.")
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": a.id,
                "Action": a.title,
                "Measure": remediation_view.measure_label(kb, a.measure_id),
                "Owner": a.owner_name,
                "Due": a.due_on.isoformat(),
                "Status": STATUS_LABELS[a.status],
                "Overdue": "yes" if a.overdue(today) else "",
                "Evidence": counts.get(a.id, 0),
            }
            for a in listed
        ]
    ),
    hide_index=True,
    key="plan_table",
)

by_id = {a.id: a for a in listed}
chosen = st.selectbox(
    "Action",
    list(by_id),
    format_func=lambda i: f"#{i} {by_id[i].title}",
    key="plan_action",
)
action = actions.get_action(engine, actor, chosen)
st.subheader(f"Action #{action.id}")
st.markdown(remediation_view.action_line(action, today))
if action.assessment_id is not None:
    st.caption(
        f"From assessment {action.assessment_id}"
        + (f", question {plain(action.question_id)}" if action.question_id else "")
        + f"; measure {plain(remediation_view.measure_label(kb, action.measure_id))}."
    )
if action.risk_reason:
    st.markdown(f"**Risk accepted because:** {plain(action.risk_reason)}")
if action.closed_at is not None:
    st.caption(f"Closed {action.closed_at:%Y-%m-%d %H:%M} UTC by account {action.closed_by}.")

with st.form(f"action_status_form_{action.id}"):
    status = st.selectbox(
        "Status",
        list(STATUS_LABELS),
        index=list(STATUS_LABELS).index(action.status),
        format_func=STATUS_LABELS.get,
        key=f"action_status_{action.id}",
    )
    reason = st.text_area("Reason (required to accept the risk)", key=f"action_reason_{action.id}")
    if st.form_submit_button("Save status", key=f"action_save_status_{action.id}"):
        actions.set_status(engine, actor, action.id, status, reason=reason)
        ui.flash(f"Action #{action.id} is now {STATUS_LABELS[status]}.")

st.subheader("Comments")
for comment in actions.comments(engine, actor, action.id):
    st.markdown(
        f"**{plain(comment.author)}**, {comment.at:%Y-%m-%d %H:%M} UTC: {plain(comment.body)}"
    )
with st.form(f"action_comment_form_{action.id}", clear_on_submit=True):
    body = st.text_area("Add a comment", key=f"action_comment_{action.id}")
    if st.form_submit_button("Add comment", key=f"action_add_comment_{action.id}"):
        actions.add_comment(engine, actor, action.id, body)
        ui.flash(f"Comment added to action #{action.id}.")

st.subheader("Evidence")
for item in evidence.list_evidence(engine, actor, action.id):
    when = f"{item.added_at:%Y-%m-%d}"
    if item.kind == "link":
        note = f" ({plain(item.note)})" if item.note else ""
        st.markdown(f"Link, {when}: {plain(item.url)}{note}")
        st.link_button("Open the link", item.url, icon=":material/open_in_new:")
    elif item.kind == "note":
        st.markdown(f"Note, {when}: {plain(item.note)}")
    else:
        st.download_button(
            f"{item.filename} ({item.size:,} bytes, {when})",
            data=lambda evidence_id=item.id: evidence.download(engine, actor, evidence_id).content,
            file_name=item.filename,
            mime=item.media_type,
            key=f"evidence_download_{item.id}",
            on_click="ignore",
            icon=":material/download:",
        )
links, notes, files = st.tabs(["Add a link", "Add a note", "Upload a file"])
with links, st.form(f"action_link_form_{action.id}", clear_on_submit=True):
    url = st.text_input("Link (http or https)", key=f"action_link_{action.id}")
    link_note = st.text_input("What it shows (optional)", key=f"action_link_note_{action.id}")
    if st.form_submit_button("Add link", key=f"action_add_link_{action.id}"):
        evidence.add_link(engine, actor, action.id, url, link_note)
        ui.flash(f"Link added to action #{action.id}.")
with notes, st.form(f"action_note_form_{action.id}", clear_on_submit=True):
    note = st.text_area("Note", key=f"action_note_{action.id}")
    if st.form_submit_button("Add note", key=f"action_add_note_{action.id}"):
        evidence.add_note(engine, actor, action.id, note)
        ui.flash(f"Note added to action #{action.id}.")
with files, st.form(f"action_file_form_{action.id}", clear_on_submit=True):
    st.caption(
        "Accepted: " + ", ".join(f".{e}" for e in evidence.ACCEPTED) + "; the content must "
        "match the type. Downloads are always saved as files, never opened in the browser."
    )
    upload = st.file_uploader(
        "File",
        type=list(evidence.ACCEPTED),
        key=f"action_file_{action.id}",
        accept_multiple_files=False,
    )
    if st.form_submit_button("Add the file", key=f"action_upload_{action.id}"):
        if upload is None:
            st.warning("Choose a file first; nothing was uploaded.")
        else:
            evidence.add_file(engine, actor, action.id, upload.name, upload.getvalue())
            ui.flash(f"{plain(upload.name)} added to action #{action.id}.")
