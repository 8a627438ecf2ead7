"""My training: the actor's overdue, due, assigned and completed modules; read, then take the quiz.

URL ``/my_training?module=<id>`` (the site's training page links here) preselects a module.
Widget keys: ``training_module`` (module picker), ``training_q_<question id>`` (answers),
``training_submit`` (submit button), ``my_training_table`` (overview table); the certificates
(``my_certificate_*``, see ``quiz_app.ui.certificate_view``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kb.pages import page_title
from quiz_app import certificates, training, ui
from quiz_app.authz import Action
from quiz_app.core.schedule import TrainingStatus
from quiz_app.errors import QuizAppError
from quiz_app.links import site_url
from quiz_app.ui.certificate_view import show_certificates

actor = ui.guard(Action.TAKE_TRAINING)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title("My training")

if actor.person_id is None:
    st.info("This account is not linked to a person, so there is no training to show.")
    st.stop()

last = state.pop("training_last_result", None)
if last is not None:
    (st.success if last[0] else st.warning)(last[1])

rows = training.my_training(engine, actor)
modules = {m.id: m for m in kb.training}
status_of = {r.module_id: r for r in rows}
LABELS = {
    TrainingStatus.OVERDUE: "Overdue",
    TrainingStatus.DUE: "Due",
    TrainingStatus.ASSIGNED: "Assigned",
    TrainingStatus.COMPLETED: "Completed",
}

if rows:
    cols = st.columns(4)
    for col, status in zip(cols, LABELS, strict=True):
        col.metric(LABELS[status], sum(1 for r in rows if r.status is status))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "module": modules[r.module_id].title if r.module_id in modules else r.module_id,
                    "status": r.status.value,
                    "due": r.due_on,
                    "valid until": r.valid_until.date() if r.valid_until else None,
                }
                for r in sorted(rows, key=lambda r: list(LABELS).index(r.status))
            ]
        ),
        hide_index=True,
        key="my_training_table",
    )
else:
    st.info("No training is assigned to you yet. You may still take any module below.")

with st.expander("My certificates", icon=":material/workspace_premium:"):
    show_certificates(
        engine, actor, kb, certificates.my_certificates(engine, actor), prefix="my_certificate"
    )

offered = [m.id for m in training.offered_modules(engine, actor, kb)]
if not offered:
    st.stop()
wanted = st.query_params.get("module")
if wanted in offered and state.get("training_module_param") != wanted:
    state["training_module_param"] = wanted
    state["training_module"] = wanted
module_id = st.selectbox(
    "Module",
    offered,
    format_func=lambda mid: (
        f"{modules[mid].title} ({status_of[mid].status.value})"
        if mid in status_of
        else modules[mid].title
    ),
    key="training_module",
)
module = modules[module_id]
row = status_of.get(module_id)
st.subheader(module.title)
facts = [f"version {module.version}", f"pass mark {round(module.pass_mark * 100)} %"]
if row and row.due_on and row.status is not TrainingStatus.COMPLETED:
    facts.append(f"due {row.due_on.isoformat()}")
if row and row.valid_until:
    facts.append(f"completed, valid until {row.valid_until.date().isoformat()}")
st.caption(" · ".join(facts))
st.write(module.description)

st.markdown("**1. Read**")
st.markdown("\n".join(f"- [{page_title(kb, key)}]({site_url(key)})" for key in module.reading))

st.markdown("**2. Take the quiz**")
started = state.setdefault("training_started", {})
started.setdefault(module_id, training.moment())
questions = {q.id: q for q in kb.questions}
with st.form(f"training_quiz_{module_id}"):
    answers = {}
    for n, qid in enumerate(module.quiz, start=1):
        q = questions[qid]
        answers[qid] = st.radio(
            f"{n}. {q.text}",
            list(range(len(q.options))),
            format_func=lambda i, q=q: q.options[i].text,
            index=None,
            key=f"training_q_{qid}",
        )
    submitted = st.form_submit_button("Submit answers", key="training_submit")
if submitted:
    try:
        record = training.record_attempt(
            engine, actor, kb, module, answers, started_at=started.pop(module_id)
        )
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        result = record.result
        score = f"{result.score_raw} of {result.score_max} correct"
        if result.passed:
            message = (
                f"Passed {module.title}: {score} (attempt {record.attempt_no}). "
                f"Valid until {record.valid_until.date().isoformat()}."
            )
        else:
            message = (
                f"Not passed yet: {score}; {round(module.pass_mark * 100)} % needed "
                f"(attempt {record.attempt_no}). Read the pages again and retry."
            )
        state["training_last_result"] = (result.passed, message)
        for qid in module.quiz:
            state.pop(f"training_q_{qid}", None)
        st.rerun()
