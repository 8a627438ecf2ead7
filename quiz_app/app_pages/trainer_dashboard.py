"""Trainers: completion rates, the overdue list, completions over time, assignment and exports.

Trainers see names with completions (that is their job) but never assessment answers.
Widget keys: filters ``trainer_departments``, ``trainer_modules``, ``trainer_statuses``,
``trainer_dates``; tables ``trainer_by_department``, ``trainer_by_module``,
``trainer_overdue``; assignment ``assign_module``, ``assign_target``, ``assign_value``,
``assign_due``, ``assign_submit``; export ``export_format``, ``export_outcome``,
``export_prepare``, ``export_download``.

Every text is in the reader's language, the table column names too (so a German trainer's
tables are German through and through); stored values (statuses, outcomes) stay English in
the store and are translated where shown. The register export's header row is in the
reader's language over the English rows.
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
from quiz_app.i18n import N_
from quiz_app.ui import i18n as ui_i18n
from quiz_app.ui.i18n import _, date_column_format, date_input_format, ngettext
from quiz_app.ui.labels import status_text
from quiz_app.ui.tables import without_gaps

st.set_page_config(layout="wide")
actor = ui.guard(Action.VIEW_COMPLETIONS)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title(_("Training dashboard"))
ui.show_flash()

OVERDUE_SHOWN = 1000  # rows in the overdue table; the metric counts them all
REGISTER_SHOWN = 1000  # rows in the register table; the caption counts them all
TARGETS = {
    "audience": N_("the module's audience"),
    "department": N_("a department"),
    "role": N_("a job role"),
    "person": N_("one person"),
}
RECORDS = {
    "completions": N_("Completion records (one per attempt)"),
    "register": N_("Assignment register (one per assignment)"),
}
FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel (XLSX)", "xapi": N_("xAPI statements (JSON)")}
OUTCOMES = {"all": N_("all"), "passed": N_("passed"), "failed": N_("failed")}
titles = {m.id: m.title for m in kb.training}
today = date.today()
if allowed(actor.role, Action.ASSIGN_TRAINING):
    st.subheader(_("Assign training"))
    a_cols = st.columns([3, 2], vertical_alignment="bottom")
    module_id = a_cols[0].selectbox(
        _("Module"),
        list(titles),
        format_func=titles.get,
        key="assign_module",
        placeholder=_("Choose an option"),
    )
    kind = a_cols[1].selectbox(
        _("To"),
        list(TARGETS),
        key="assign_target",
        format_func={k: _(v) for k, v in TARGETS.items()}.get,
        placeholder=_("Choose an option"),
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
        _("Which"),
        choices,
        key="assign_value",
        disabled=kind == "audience",
        format_func=lambda v: labels.get(v, v),
        placeholder=_("Choose an option"),
    )
    due = a_cols[1].date_input(
        _("Due"), value=today + timedelta(days=30), key="assign_due", format=date_input_format()
    )
    if st.button(_("Assign"), key="assign_submit"):
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
                ngettext(
                    "Assigned {module} to {count} person ({already} already assigned).",
                    "Assigned {module} to {count} people ({already} already assigned).",
                    result.assigned,
                ).format(
                    module=titles[module_id],
                    count=result.assigned,
                    already=result.already_assigned,
                )
            )

st.subheader(_("Filters"))
cols = st.columns(2)
chosen_departments = cols[0].multiselect(
    _("Department"),
    training.departments(engine, actor),
    key="trainer_departments",
    placeholder=_("Choose options"),
)
chosen_modules = cols[1].multiselect(
    _("Module"),
    list(titles),
    format_func=titles.get,
    key="trainer_modules",
    placeholder=_("Choose options"),
)
cols = st.columns(2)
chosen_statuses = cols[0].multiselect(
    _("Status"),
    [s.value for s in TrainingStatus],
    format_func={s.value: status_text(s) for s in TrainingStatus}.get,
    key="trainer_statuses",
    placeholder=_("Choose options"),
)
period = cols[1].date_input(
    _("Completed between"),
    value=(today - timedelta(days=365), today),
    key="trainer_dates",
    format=date_input_format(),
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
metrics[0].metric(_("Assignments"), total)
metrics[1].metric(
    _("Completed"),
    _("{count} ({percent}%)").format(count=completed, percent=f"{100 * completed / total:.0f}")
    if total
    else "0",
)
metrics[2].metric(_("Overdue"), overdue_total)

# The rate tables' columns: name (in the reader's language), heading, width in pixels (wide
# enough for the French "Pas encore à échéance"; all seven fit the main column at 1280 px).
GROUP_NAMES = {"department": N_("department"), "module": N_("module")}
GROUP_HEADINGS = {"department": N_("Department"), "module": N_("Module")}
RATE_COLUMNS = [
    (N_("completed"), N_("Completed"), 105),
    (N_("of"), N_("Of"), 90),
    (N_("rate %"), N_("Rate %"), 70),
    (N_("overdue"), N_("Overdue"), 75),
    (N_("due soon"), N_("Due soon"), 120),
    (N_("not yet due"), N_("Not yet due"), 150),
]


def _rates(by: str) -> pd.DataFrame:
    names = [_(GROUP_NAMES[by])] + [_(name) for name, _heading, _width in RATE_COLUMNS]
    rows = [
        [
            titles.get(r.group, r.group) if by == "module" else r.group,
            r.completed,
            r.total,
            round(r.rate * 100, 1),
            r.counts["overdue"],
            r.counts["due"],
            r.counts["assigned"],
        ]
        for r in training.completion_rates(counts, by)
    ]
    return pd.DataFrame(rows, columns=names)


def _rate_columns(by: str) -> dict:
    config = {_(GROUP_NAMES[by]): st.column_config.TextColumn(_(GROUP_HEADINGS[by]), width=200)}
    for name, heading, width in RATE_COLUMNS:
        config[_(name)] = st.column_config.NumberColumn(_(heading), width=width)
    return config


st.subheader(_("By department"))  # one above the other: side by side hid columns at 1280 px
st.dataframe(
    _rates("department"),
    hide_index=True,
    column_config=_rate_columns("department"),
    key="trainer_by_department",
)
st.subheader(_("By module"))
st.dataframe(
    _rates("module"),
    hide_index=True,
    column_config=_rate_columns("module"),
    key="trainer_by_module",
)

st.subheader(_("Overdue"))
if late:
    HR_ID, NAME, DEPARTMENT = _("HR id"), _("name"), _("department")
    MODULE, DUE, DAYS = _("module"), _("due"), _("days overdue")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    HR_ID: r.external_id,
                    NAME: r.name,
                    DEPARTMENT: r.department,
                    MODULE: titles.get(r.module_id, r.module_id),
                    DUE: r.due_on,
                    DAYS: r.days_overdue,
                }
                for r in late
            ]
        ),
        hide_index=True,
        column_config={
            HR_ID: st.column_config.TextColumn(HR_ID, width=80),
            NAME: st.column_config.TextColumn(_("Name"), width=160),
            DEPARTMENT: st.column_config.TextColumn(_("Department"), width=130),
            MODULE: st.column_config.TextColumn(_("Module"), width=200),
            DUE: st.column_config.DateColumn(_("Due"), format=date_column_format(), width=95),
            DAYS: st.column_config.NumberColumn(_("Days overdue"), width=115),
        },
        key="trainer_overdue",
    )
    if overdue_total > len(late):
        st.caption(
            _(
                "The {shown} most overdue of {total}; filter by department or module to see "
                "the others."
            ).format(shown=f"{len(late):,}", total=f"{overdue_total:,}")
        )
else:
    st.caption(_("Nobody is overdue."))

st.subheader(_("Assignment register"))
st.caption(
    _(
        "One row per assignment whatever its state (department and module filters above; the "
        "date filter applies to completions only). Open a person's page to assign, extend or "
        "cancel for them."
    )
)
register_statuses = st.multiselect(
    _("Register status"),
    [s.value for s in RegisterStatus],
    format_func={s.value: status_text(s) for s in RegisterStatus}.get,
    key="trainer_register_statuses",
    placeholder=_("Choose options"),
)
register_view = training.register(
    engine,
    actor,
    kb,
    filters,
    statuses=tuple(RegisterStatus(v) for v in register_statuses),
    limit=REGISTER_SHOWN,
)
# Pixel widths that fit the main column at 1280 px with the sidebar open (no hidden column)
# and the German and French headers whole (tests/browser/test_i18n_app_journeys.py);
# the export and the person page hold every column.
REGISTER_COLUMNS = {
    "learner_id": st.column_config.TextColumn(_("HR id"), width=80),
    "name": st.column_config.TextColumn(_("Name"), width=120),
    "department": st.column_config.TextColumn(_("Department"), width=100),
    "module_title": st.column_config.TextColumn(_("Module"), width=145),
    "status": st.column_config.TextColumn(_("Status"), width=105),
    "due_date": st.column_config.DateColumn(_("Due"), format=date_column_format(), width=90),
    "attempts": st.column_config.NumberColumn(_("Attempts"), width=80),
    "valid_until": st.column_config.TextColumn(_("Valid until"), width=90),
}
if register_view.rows:
    frame = pd.DataFrame([r._asdict() for r in register_view.rows], columns=list(REGISTER_COLUMNS))
    frame["status"] = frame["status"].map(status_text)
    st.dataframe(
        without_gaps(frame, dates=("valid_until",)),
        hide_index=True,
        column_config=REGISTER_COLUMNS,
        column_order=list(REGISTER_COLUMNS),
        key="trainer_register",
    )
    counted = ", ".join(
        f"{n:,} {status_text(status)}" for status, n in sorted(register_view.by_status.items())
    )
    shown = len(register_view.rows)
    summary = ngettext("{count} assignment", "{count} assignments", register_view.total).format(
        count=f"{register_view.total:,}"
    ) + (f" ({counted})" if counted else "")
    if shown < register_view.total:
        summary += _("; the first {shown} are shown, export the register for all.").format(
            shown=f"{shown:,}"
        )
    st.caption(summary)
else:
    st.caption(_("No assignments match the filters."))

st.subheader(_("Completions over time"))
timeline = training.completions_over_time(engine, actor, filters)
if timeline:
    DAY, OUTCOME, ATTEMPTS = _("Day"), _("Outcome"), _("Attempts")
    chart_data = pd.DataFrame(timeline, columns=["day", "outcome", "attempts"])
    chart_data["day"] = pd.to_datetime(chart_data["day"])
    chart_data["outcome"] = chart_data["outcome"].map(status_text)
    st.altair_chart(
        alt.Chart(chart_data)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=DAY),
            y=alt.Y("attempts:Q", title=ATTEMPTS),
            color=alt.Color(
                "outcome:N",
                title=OUTCOME,
                scale=alt.Scale(
                    domain=[status_text("passed"), status_text("failed")],
                    range=["#2e7d32", "#c62828"],
                ),
            ),
            tooltip=[
                alt.Tooltip("day:T", title=DAY),
                alt.Tooltip("outcome:N", title=OUTCOME),
                alt.Tooltip("attempts:Q", title=ATTEMPTS),
            ],
        ),
        width="stretch",
    )
else:
    st.caption(_("No attempts in this period."))

if allowed(actor.role, Action.EXPORT_COMPLETIONS):
    st.subheader(_("Export"))
    st.caption(
        _(
            "Completion records: one per attempt, with the department, module and date filters "
            "above. Register: one row per assignment, with the department, module and register "
            "status filters. Every export is recorded in the audit log."
        )
    )
    records = st.radio(
        _("Records"),
        list(RECORDS),
        horizontal=True,
        key="export_records",
        format_func={r: _(v) for r, v in RECORDS.items()}.get,
    )
    e_cols = st.columns(2)
    fmt = e_cols[0].radio(
        _("Format"),
        list(exports.FORMATS) if records == "completions" else list(training.REGISTER_FORMATS),
        horizontal=True,
        key="export_format",
        format_func={f: _(v) for f, v in FORMAT_NAMES.items()}.get,
    )
    outcome = e_cols[1].radio(
        _("Outcome"),
        list(OUTCOMES),
        horizontal=True,
        key="export_outcome",
        format_func={o: _(v) for o, v in OUTCOMES.items()}.get,
        disabled=records == "register",
    )
    export_filter = training.ExportFilter(
        departments=filters.departments,
        module_ids=filters.module_ids,
        since=since,
        until=until,
        outcome=None if outcome == "all" else outcome,
    )
    if st.button(_("Prepare export"), key="export_prepare"):
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
            else:  # completion records keep their field names: tools read them (and xAPI)
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
            ngettext(
                "Download {name} ({count} row)", "Download {name} ({count} rows)", count
            ).format(name=name, count=count),
            data=data,
            file_name=name,
            mime=exports.MEDIA_TYPES[p_fmt],
            key="export_download",
            on_click="ignore",
        )
