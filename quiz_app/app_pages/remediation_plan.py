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
from quiz_app.i18n import format_decimal
from quiz_app.remediation import actions, evidence, plan
from quiz_app.remediation.actions import STATUS_LABELS
from quiz_app.ui import remediation_view
from quiz_app.ui.i18n import _, date_text, datetime_text, language, ngettext
from quiz_app.ui.text import plain

actor = ui.guard(Action.WORK_ON_ACTIONS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title(_("Remediation plan"))
ui.show_flash()
manages = actions.manages_all(actor)
st.caption(
    _("Every action on a gap, overdue first.")
    + " "
    + (
        _("You see the organisation's actions.")
        if manages
        else _("You see the actions you own; managers open and assign them from a gap.")
    )
)
# Labels made now, in the reader's language (a format_func may run outside this run).
status_labels = remediation_view.status_labels()

measure_ids = [m.id for m in kb.measures]
left, middle, right = st.columns(3)
measure = left.selectbox(
    _("Art. 21 measure"),
    [None, *measure_ids],
    format_func={
        None: _("All measures"),
        **{m: remediation_view.measure_label(kb, m) for m in measure_ids},
    }.get,
    key="plan_measure",
    placeholder=_("Choose an option"),
)
owner = None
if manages:
    people_by_id = {o.person_id: o for o in actions.owners(engine, actor)}
    owner = middle.selectbox(
        _("Owner"),
        [None, *people_by_id],
        format_func={None: _("Everyone"), **{i: o.name for i, o in people_by_id.items()}}.get,
        key="plan_owner",
        placeholder=_("Choose an option"),
    )
statuses = right.multiselect(
    _("Status"),
    list(STATUS_LABELS),
    default=list(actions.OPEN_STATUSES),
    format_func=status_labels.get,
    key="plan_status",
    placeholder=_("Choose options"),
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
    st.info(_("No action matches these filters."))
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": a.id,
                _("Action"): a.title,
                _("Art. 21 measure"): remediation_view.measure_label(kb, a.measure_id),
                _("Owner"): a.owner_name,
                _("Due"): date_text(a.due_on),
                _("Status"): status_labels[a.status],
                _("Overdue"): _("yes") if a.overdue(today) else "",
                _("Evidence"): counts.get(a.id, 0),
            }
            for a in listed
        ]
    ),
    hide_index=True,
    key="plan_table",
)

by_id = {a.id: a for a in listed}
chosen = st.selectbox(
    _("Action"),
    list(by_id),
    format_func={i: f"#{i} {a.title}" for i, a in by_id.items()}.get,
    key="plan_action",
    placeholder=_("Choose an option"),
)
action = actions.get_action(engine, actor, chosen)
st.subheader(_("Action #{number}").format(number=action.id))
st.markdown(remediation_view.action_line(action, today))
if action.assessment_id is not None:
    measure_text = plain(remediation_view.measure_label(kb, action.measure_id))
    if action.question_id:
        origin = _("From assessment {assessment}, question {question}; measure {measure}.")
    else:
        origin = _("From assessment {assessment}; measure {measure}.")
    st.caption(
        origin.format(
            assessment=action.assessment_id,
            question=plain(action.question_id or ""),
            measure=measure_text,
        )
    )
if action.risk_reason:
    st.markdown(_("**Risk accepted because:** {reason}").format(reason=plain(action.risk_reason)))
if action.closed_at is not None:
    st.caption(
        _("Closed {when} by account {account}.").format(
            when=datetime_text(action.closed_at), account=action.closed_by
        )
    )

with st.form(f"action_status_form_{action.id}"):
    status = st.selectbox(
        _("Status"),
        list(STATUS_LABELS),
        index=list(STATUS_LABELS).index(action.status),
        format_func=status_labels.get,
        key=f"action_status_{action.id}",
        placeholder=_("Choose an option"),
    )
    reason = st.text_area(
        _("Reason (required to accept the risk)"), key=f"action_reason_{action.id}"
    )
    if st.form_submit_button(_("Save status"), key=f"action_save_status_{action.id}"):
        actions.set_status(engine, actor, action.id, status, reason=reason)
        ui.flash(
            _("Action #{number} is now {status}.").format(
                number=action.id, status=status_labels[status]
            )
        )

st.subheader(_("Comments"))
for comment in actions.comments(engine, actor, action.id):
    st.markdown(f"**{plain(comment.author)}**, {datetime_text(comment.at)}: {plain(comment.body)}")
with st.form(f"action_comment_form_{action.id}", clear_on_submit=True):
    body = st.text_area(_("Add a comment"), key=f"action_comment_{action.id}")
    if st.form_submit_button(_("Add comment"), key=f"action_add_comment_{action.id}"):
        actions.add_comment(engine, actor, action.id, body)
        ui.flash(_("Comment added to action #{number}.").format(number=action.id))

st.subheader(_("Evidence"))
for item in evidence.list_evidence(engine, actor, action.id):
    when = date_text(item.added_at)
    if item.kind == "link":
        if item.note:
            shown = _("Link, {date}: {url} ({note})").format(
                date=when, url=plain(item.url), note=plain(item.note)
            )
        else:
            shown = _("Link, {date}: {url}").format(date=when, url=plain(item.url))
        st.markdown(shown)
        st.link_button(_("Open the link"), item.url, icon=":material/open_in_new:")
    elif item.kind == "note":
        st.markdown(_("Note, {date}: {note}").format(date=when, note=plain(item.note)))
    else:
        st.download_button(
            ngettext(
                "{filename} ({size} byte, {date})",
                "{filename} ({size} bytes, {date})",
                item.size,
            ).format(
                filename=item.filename,
                size=format_decimal(item.size, language(), digits=0),
                date=when,
            ),
            data=lambda evidence_id=item.id: evidence.download(engine, actor, evidence_id).content,
            file_name=item.filename,
            mime=item.media_type,
            key=f"evidence_download_{item.id}",
            on_click="ignore",
            icon=":material/download:",
        )
links, notes, files = st.tabs([_("Add a link"), _("Add a note"), _("Upload a file")])
with links, st.form(f"action_link_form_{action.id}", clear_on_submit=True):
    url = st.text_input(_("Link (http or https)"), key=f"action_link_{action.id}")
    link_note = st.text_input(_("What it shows (optional)"), key=f"action_link_note_{action.id}")
    if st.form_submit_button(_("Add link"), key=f"action_add_link_{action.id}"):
        evidence.add_link(engine, actor, action.id, url, link_note)
        ui.flash(_("Link added to action #{number}.").format(number=action.id))
with notes, st.form(f"action_note_form_{action.id}", clear_on_submit=True):
    note = st.text_area(_("Note"), key=f"action_note_{action.id}")
    if st.form_submit_button(_("Add note"), key=f"action_add_note_{action.id}"):
        evidence.add_note(engine, actor, action.id, note)
        ui.flash(_("Note added to action #{number}.").format(number=action.id))
with files, st.form(f"action_file_form_{action.id}", clear_on_submit=True):
    st.caption(
        _(
            "Accepted: {types}; the content must match the type. Downloads are always saved "
            "as files, never opened in the browser."
        ).format(types=", ".join(f".{e}" for e in evidence.ACCEPTED))
    )
    upload = st.file_uploader(
        _("File"),
        type=list(evidence.ACCEPTED),
        key=f"action_file_{action.id}",
        accept_multiple_files=False,
    )
    if st.form_submit_button(_("Add the file"), key=f"action_upload_{action.id}"):
        if upload is None:
            st.warning(_("Choose a file first; nothing was uploaded."))
        else:
            evidence.add_file(engine, actor, action.id, upload.name, upload.getvalue())
            ui.flash(
                _("{filename} added to action #{number}.").format(
                    filename=plain(upload.name), number=action.id
                )
            )
