"""Trainers: completion rates, the overdue list, completions over time, assignment and exports.

Trainers see names with completions (that is their job) but never assessment answers.
Widget keys: filters ``trainer_departments``, ``trainer_modules``, ``trainer_statuses``,
``trainer_dates``; tables ``trainer_by_department``, ``trainer_by_module``,
``trainer_overdue``; assignment ``assign_module``, ``assign_target``, ``assign_value``,
``assign_due``, ``assign_submit``; export ``export_format``, ``export_outcome``,
``export_prepare``, ``export_download``.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from quiz_app import training, ui
from quiz_app.authz import Action, allowed
from quiz_app.core import exports
from quiz_app.core.schedule import TrainingStatus
from quiz_app.errors import QuizAppError

actor = ui.guard(Action.VIEW_COMPLETIONS)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title("Training dashboard")
ui.show_flash()

OVERDUE_SHOWN = 1000  # rows in the overdue table; the metric counts them all
titles = {m.id: m.title for m in kb.training}
cols = st.columns(4)
chosen_departments = cols[0].multiselect(
    "Department", training.departments(engine, actor), key="trainer_departments"
)
chosen_modules = cols[1].multiselect(
    "Module", list(titles), format_func=titles.get, key="trainer_modules"
)
chosen_statuses = cols[2].multiselect(
    "Status", [s.value for s in TrainingStatus], key="trainer_statuses"
)
today = date.today()
period = cols[3].date_input(
    "Completed between", value=(today - timedelta(days=365), today), key="trainer_dates"
)
since = until = None
if isinstance(period, tuple | list) and len(period) == 2:
    since, until = period
filters = training.DashboardFilter(
    departments=tuple(chosen_departments),
    module_ids=tuple(chosen_modules),
    statuses=tuple(TrainingStatus(s) for s in chosen_statuses),
    since=since,
    until=until,
)
counts = training.status_counts(engine, actor, filters)
total = sum(c.count for c in counts)
completed = sum(c.count for c in counts if c.status is TrainingStatus.COMPLETED)
overdue_total = sum(c.count for c in counts if c.status is TrainingStatus.OVERDUE)
late = training.overdue_rows(engine, actor, filters, limit=OVERDUE_SHOWN)
metrics = st.columns(3)
metrics[0].metric("Assignments", total)
metrics[1].metric("Completed", f"{completed} ({completed / total:.0%})" if total else "0")
metrics[2].metric("Overdue", overdue_total)


def _rates(by: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                by: titles.get(r.group, r.group) if by == "module" else r.group,
                "completed": r.completed,
                "of": r.total,
                "rate %": round(r.rate * 100, 1),
                "overdue": r.counts["overdue"],
                "due": r.counts["due"],
                "not yet due": r.counts["assigned"],
            }
            for r in training.completion_rates(counts, by)
        ],
        columns=[by, "completed", "of", "rate %", "overdue", "due", "not yet due"],
    )


by_department, by_module = st.columns(2)
with by_department:
    st.subheader("By department")
    st.dataframe(_rates("department"), hide_index=True, key="trainer_by_department")
with by_module:
    st.subheader("By module")
    st.dataframe(_rates("module"), hide_index=True, key="trainer_by_module")

st.subheader("Overdue")
if late:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "HR id": r.external_id,
                    "name": r.name,
                    "department": r.department,
                    "module": titles.get(r.module_id, r.module_id),
                    "due": r.due_on,
                    "days overdue": r.days_overdue,
                }
                for r in late
            ]
        ),
        hide_index=True,
        key="trainer_overdue",
    )
    if overdue_total > len(late):
        st.caption(
            f"The {len(late):,} most overdue of {overdue_total:,}; filter by department or "
            "module to see the others."
        )
else:
    st.caption("Nobody is overdue.")

st.subheader("Completions over time")
timeline = training.completions_over_time(engine, actor, filters)
if timeline:
    chart_data = pd.DataFrame(timeline, columns=["day", "outcome", "attempts"])
    chart_data["day"] = pd.to_datetime(chart_data["day"])
    st.altair_chart(
        alt.Chart(chart_data)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title="day"),
            y=alt.Y("attempts:Q", title="attempts"),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=["passed", "failed"], range=["#2e7d32", "#c62828"]),
            ),
            tooltip=["day:T", "outcome:N", "attempts:Q"],
        ),
        width="stretch",
    )
else:
    st.caption("No attempts in this period.")

if allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader("Assign training")
    a_cols = st.columns(4)
    module_id = a_cols[0].selectbox(
        "Module", list(titles), format_func=titles.get, key="assign_module"
    )
    kind = a_cols[1].selectbox(
        "To",
        ["audience", "department", "role"],
        key="assign_target",
        format_func={
            "audience": "the module's audience",
            "department": "a department",
            "role": "a job role",
        }.get,
    )
    choices = {
        "department": training.departments(engine, actor),
        "role": training.job_roles(engine, actor),
    }.get(kind, [])
    value = a_cols[2].selectbox("Which", choices, key="assign_value", disabled=kind == "audience")
    due = a_cols[3].date_input("Due", value=today + timedelta(days=30), key="assign_due")
    if st.button("Assign", key="assign_submit"):
        try:
            result = training.assign(
                engine,
                actor,
                training.module_by_id(kb, module_id),
                training.AssignTarget(kind, value if kind != "audience" else None),
                due_on=due,
            )
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:  # rerun, so the figures above count the new assignments
            ui.flash(
                f"Assigned {titles[module_id]} to {result.assigned} people "
                f"({result.already_assigned} already assigned)."
            )

if allowed(actor.role, Action.EXPORT_COMPLETIONS):
    st.subheader("Export completion records")
    st.caption(
        "Uses the department, module and date filters above. Every export is recorded in "
        "the audit log."
    )
    e_cols = st.columns(2)
    fmt = e_cols[0].radio(
        "Format",
        list(exports.FORMATS),
        horizontal=True,
        key="export_format",
        format_func={"csv": "CSV", "xlsx": "Excel (XLSX)", "xapi": "xAPI statements (JSON)"}.get,
    )
    outcome = e_cols[1].radio(
        "Outcome", ["all", "passed", "failed"], horizontal=True, key="export_outcome"
    )
    export_filter = training.ExportFilter(
        departments=filters.departments,
        module_ids=filters.module_ids,
        since=since,
        until=until,
        outcome=None if outcome == "all" else outcome,
    )
    if st.button("Prepare export", key="export_prepare"):
        buffer = io.BytesIO()
        try:
            count = training.export_completions(engine, actor, kb, fmt, buffer, export_filter)
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            name = training.export_file_name(fmt)
            state["trainer_export"] = (fmt, buffer.getvalue(), count, name)
    prepared = state.get("trainer_export")
    if prepared:
        p_fmt, data, count, name = prepared
        st.download_button(
            f"Download {name} ({count} records)",
            data=data,
            file_name=name,
            mime=exports.MEDIA_TYPES[p_fmt],
            key="export_download",
            on_click="ignore",
        )
