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
from quiz_app.core.register import RegisterStatus
from quiz_app.core.schedule import TrainingStatus
from quiz_app.errors import QuizAppError
from quiz_app.ui import i18n as ui_i18n

st.set_page_config(layout="wide")
actor = ui.guard(Action.VIEW_COMPLETIONS)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title("Training dashboard")
ui.show_flash()

OVERDUE_SHOWN = 1000  # rows in the overdue table; the metric counts them all
REGISTER_SHOWN = 1000  # rows in the register table; the caption counts them all
titles = {m.id: m.title for m in kb.training}
today = date.today()
if allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader("Assign training")
    a_cols = st.columns([3, 2], vertical_alignment="bottom")
    module_id = a_cols[0].selectbox(
        "Module", list(titles), format_func=titles.get, key="assign_module"
    )
    kind = a_cols[1].selectbox(
        "To",
        ["audience", "department", "role", "person"],
        key="assign_target",
        format_func={
            "audience": "the module's audience",
            "department": "a department",
            "role": "a job role",
            "person": "one person",
        }.get,
    )
    if kind == "person":
        picked = dict(training.people_to_pick(engine, actor))
        choices = [label.split(" - ", 1)[0] for label in picked.values()]
        labels = {label.split(" - ", 1)[0]: label for label in picked.values()}
    else:
        choices = {
            "department": training.departments(engine, actor),
            "role": training.job_roles(engine, actor),
        }.get(kind, [])
        labels = {}
    a_cols = st.columns([3, 2], vertical_alignment="bottom")
    value = a_cols[0].selectbox(
        "Which",
        choices,
        key="assign_value",
        disabled=kind == "audience",
        format_func=lambda v: labels.get(v, v),
    )
    due = a_cols[1].date_input("Due", value=today + timedelta(days=30), key="assign_due")
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
        else:  # rerun, so the figures below count the new assignments
            ui.flash(
                f"Assigned {titles[module_id]} to {result.assigned} people "
                f"({result.already_assigned} already assigned)."
            )

st.subheader("Filters")
cols = st.columns(2)
chosen_departments = cols[0].multiselect(
    "Department", training.departments(engine, actor), key="trainer_departments"
)
chosen_modules = cols[1].multiselect(
    "Module", list(titles), format_func=titles.get, key="trainer_modules"
)
cols = st.columns(2)
chosen_statuses = cols[0].multiselect(
    "Status", [s.value for s in TrainingStatus], key="trainer_statuses"
)
period = cols[1].date_input(
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


def _rate_columns(by: str) -> dict:
    number = st.column_config.NumberColumn
    return {
        by: st.column_config.TextColumn(by.capitalize(), width=205),
        "completed": number("Completed", width=95),
        "of": number("Of", width=70),
        "rate %": number("Rate %", width=80),
        "overdue": number("Overdue", width=85),
        "due": number("Due", width=70),
        "not yet due": number("Not yet due", width=105),
    }


st.subheader("By department")  # one above the other: side by side hid columns at 1280 px
st.dataframe(
    _rates("department"),
    hide_index=True,
    column_config=_rate_columns("department"),
    key="trainer_by_department",
)
st.subheader("By module")
st.dataframe(
    _rates("module"),
    hide_index=True,
    column_config=_rate_columns("module"),
    key="trainer_by_module",
)

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
        column_config={
            "HR id": st.column_config.TextColumn("HR id", width=70),
            "name": st.column_config.TextColumn("Name", width=160),
            "department": st.column_config.TextColumn("Department", width=130),
            "module": st.column_config.TextColumn("Module", width=200),
            "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD", width=95),
            "days overdue": st.column_config.NumberColumn("Days overdue", width=115),
        },
        key="trainer_overdue",
    )
    if overdue_total > len(late):
        st.caption(
            f"The {len(late):,} most overdue of {overdue_total:,}; filter by department or "
            "module to see the others."
        )
else:
    st.caption("Nobody is overdue.")

st.subheader("Assignment register")
st.caption(
    "One row per assignment whatever its state (department and module filters above; the "
    "date filter applies to completions only). Open a person's page to assign, extend or "
    "cancel for them."
)
register_statuses = st.multiselect(
    "Register status",
    [s.value for s in RegisterStatus],
    key="trainer_register_statuses",
)
register_view = training.register(
    engine,
    actor,
    kb,
    filters,
    statuses=tuple(RegisterStatus(v) for v in register_statuses),
    limit=REGISTER_SHOWN,
)
# Pixel widths that fit the main column at 1280 px with the sidebar open (no hidden column);
# the export and the person page hold every column.
REGISTER_COLUMNS = {
    "learner_id": st.column_config.TextColumn("HR id", width=70),
    "name": st.column_config.TextColumn("Name", width=120),
    "department": st.column_config.TextColumn("Department", width=105),
    "module_title": st.column_config.TextColumn("Module", width=160),
    "status": st.column_config.TextColumn("Status", width=90),
    "due_date": st.column_config.DateColumn("Due", format="YYYY-MM-DD", width=90),
    "attempts": st.column_config.NumberColumn("Attempts", width=75),
    "valid_until": st.column_config.DatetimeColumn("Valid until", format="YYYY-MM-DD", width=90),
}
if register_view.rows:
    st.dataframe(
        pd.DataFrame([r._asdict() for r in register_view.rows], columns=list(REGISTER_COLUMNS)),
        hide_index=True,
        column_config=REGISTER_COLUMNS,
        column_order=list(REGISTER_COLUMNS),
        key="trainer_register",
    )
    counted = ", ".join(f"{n:,} {status}" for status, n in sorted(register_view.by_status.items()))
    shown = len(register_view.rows)
    summary = f"{register_view.total:,} assignments" + (f" ({counted})" if counted else "")
    if shown < register_view.total:
        summary += f"; the first {shown:,} are shown, export the register for all."
    st.caption(summary)
else:
    st.caption("No assignments match the filters.")

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

if allowed(actor.role, Action.EXPORT_COMPLETIONS):
    st.subheader("Export")
    st.caption(
        "Completion records: one per attempt, with the department, module and date filters "
        "above. Register: one row per assignment, with the department, module and register "
        "status filters. Every export is recorded in the audit log."
    )
    records = st.radio(
        "Records",
        ["completions", "register"],
        horizontal=True,
        key="export_records",
        format_func={
            "completions": "Completion records (one per attempt)",
            "register": "Assignment register (one per assignment)",
        }.get,
    )
    e_cols = st.columns(2)
    fmt = e_cols[0].radio(
        "Format",
        list(exports.FORMATS) if records == "completions" else list(training.REGISTER_FORMATS),
        horizontal=True,
        key="export_format",
        format_func={"csv": "CSV", "xlsx": "Excel (XLSX)", "xapi": "xAPI statements (JSON)"}.get,
    )
    outcome = e_cols[1].radio(
        "Outcome",
        ["all", "passed", "failed"],
        horizontal=True,
        key="export_outcome",
        disabled=records == "register",
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
            if records == "register":
                # Rows from the English data (the same in every language); the headers in
                # the trainer's language.
                count = training.export_register(
                    engine,
                    actor,
                    ui.knowledge_base("en"),
                    fmt,
                    buffer,
                    filters,
                    statuses=tuple(RegisterStatus(v) for v in register_statuses),
                    language=ui_i18n.language(),
                )
                name = training.register_file_name(fmt)
            else:
                count = training.export_completions(
                    engine, actor, ui.knowledge_base("en"), fmt, buffer, export_filter
                )
                name = training.export_file_name(fmt)
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            state["trainer_export"] = (fmt, buffer.getvalue(), count, name)
    prepared = state.get("trainer_export")
    if prepared:
        p_fmt, data, count, name = prepared
        st.download_button(
            f"Download {name} ({count} rows)",
            data=data,
            file_name=name,
            mime=exports.MEDIA_TYPES[p_fmt],
            key="export_download",
            on_click="ignore",
        )
