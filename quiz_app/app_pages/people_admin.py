"""Admins: the people whose training is tracked, and importing them from an HR CSV file.

Widget keys: ``people_upload_<n>`` (file; a new n after an import empties it),
``people_paste`` (CSV text instead of a file),
``people_import`` (button), ``people_example`` (example download), ``people_table``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from quiz_app import people, people_import, ui
from quiz_app.authz import Action
from quiz_app.config import PROJECT_ROOT
from quiz_app.errors import QuizAppError
from quiz_app.i18n import N_
from quiz_app.ui.i18n import _, ngettext
from quiz_app.ui.tables import without_gaps

COLUMNS = (
    N_("id"),
    N_("name"),
    N_("email"),
    N_("department"),
    N_("role"),
    N_("management body"),
    N_("erased"),
)

actor = ui.guard(Action.MANAGE_PEOPLE)
engine = ui.engine()
st.title(_("People"))
ui.show_flash()
state = st.session_state

st.subheader(_("Import from a CSV file"))
st.caption(
    _(
        "Columns: {columns}. The id is the HR id: a known id is updated, a new one added, "
        "nobody removed. 'role' is the job role; is_management_body is true/false, yes/no or "
        "1/0. An optional 'manager' column gives the manager's HR id (overdue training is "
        "escalated to them). The whole file is checked first; if any row is wrong, nothing "
        "is imported."
    ).format(columns=", ".join(people_import.COLUMNS))
)
example = PROJECT_ROOT / "docs" / "people-example.csv"
if example.is_file():
    st.download_button(
        _("Example CSV"),
        data=example.read_bytes(),
        file_name="people-example.csv",
        mime="text/csv",
        key="people_example",
        on_click="ignore",
    )
uploaded = st.file_uploader(
    _("CSV file"), type=["csv"], key=f"people_upload_{state.get('people_upload_round', 0)}"
)
pasted = st.text_area(_("…or paste the CSV text"), key="people_paste", height=120)


def _import(data: bytes, name: str) -> None:
    try:
        result = people_import.import_people(engine, actor, data, name)
    except people_import.ImportFailed as exc:
        count = len(exc.problems)
        st.error(
            ngettext(
                "Nothing imported from {name}: {count} problem.",
                "Nothing imported from {name}: {count} problems.",
                count,
            ).format(name=ui.plain(name), count=count)
        )
        st.code("\n".join(exc.problems), language=None)
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:  # empty the form, and say what was imported above the refreshed table
        state.pop("people_paste", None)
        state["people_upload_round"] = state.get("people_upload_round", 0) + 1
        ui.flash(
            _(
                "Imported {name}: {created} created, {updated} updated, {unchanged} unchanged."
            ).format(
                name=ui.plain(name),
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
        )


if st.button(_("Import"), key="people_import", type="primary"):
    if uploaded is not None:
        _import(uploaded.getvalue(), uploaded.name)
    elif pasted.strip():
        _import(pasted.encode("utf-8"), _("pasted text"))
    else:
        st.warning(_("Choose a CSV file or paste its text first; nothing was imported."))

everyone = people.list_people(engine, actor)
st.subheader(_("Everyone ({count})").format(count=len(everyone)))
st.dataframe(
    without_gaps(
        pd.DataFrame(
            [
                (
                    p.external_id,
                    p.name,
                    p.email,
                    p.department,
                    p.job_role,
                    p.is_management_body,
                    p.erased,
                )
                for p in everyone
            ],
            columns=[_(c) for c in COLUMNS],
        )
    ),
    hide_index=True,
    key="people_table",
)
