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

actor = ui.guard(Action.MANAGE_PEOPLE)
engine = ui.engine()
st.title("People")
ui.show_flash()
state = st.session_state

st.subheader("Import from a CSV file")
st.caption(
    "Columns: " + ", ".join(people_import.COLUMNS) + ". The id is the HR id: a known id is "
    "updated, a new one added, nobody removed. 'role' is the job role; is_management_body is "
    "true/false, yes/no or 1/0. An optional 'manager' column gives the manager's HR id "
    "(overdue training is escalated to them). The whole file is checked first; if any row is wrong, nothing "
    "is imported."
)
example = PROJECT_ROOT / "docs" / "people-example.csv"
if example.is_file():
    st.download_button(
        "Example CSV",
        data=example.read_bytes(),
        file_name="people-example.csv",
        mime="text/csv",
        key="people_example",
        on_click="ignore",
    )
uploaded = st.file_uploader(
    "CSV file", type=["csv"], key=f"people_upload_{state.get('people_upload_round', 0)}"
)
pasted = st.text_area("…or paste the CSV text", key="people_paste", height=120)


def _import(data: bytes, name: str) -> None:
    try:
        result = people_import.import_people(engine, actor, data, name)
    except people_import.ImportFailed as exc:
        st.error(f"Nothing imported from {ui.plain(name)}: {len(exc.problems)} problem(s).")
        st.code("\n".join(exc.problems), language=None)
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:  # empty the form, and say what was imported above the refreshed table
        state.pop("people_paste", None)
        state["people_upload_round"] = state.get("people_upload_round", 0) + 1
        ui.flash(f"Imported {ui.plain(name)}: {result.describe()}.")


if st.button("Import", key="people_import", type="primary"):
    if uploaded is not None:
        _import(uploaded.getvalue(), uploaded.name)
    elif pasted.strip():
        _import(pasted.encode("utf-8"), "pasted text")
    else:
        st.warning("Choose a CSV file or paste its text first; nothing was imported.")

everyone = people.list_people(engine, actor)
st.subheader(f"Everyone ({len(everyone)})")
st.dataframe(
    pd.DataFrame(
        [
            {
                "id": p.external_id,
                "name": p.name,
                "email": p.email,
                "department": p.department,
                "role": p.job_role,
                "management body": p.is_management_body,
                "erased": p.erased,
            }
            for p in everyone
        ],
        columns=["id", "name", "email", "department", "role", "management body", "erased"],
    ),
    hide_index=True,
    key="people_table",
)
