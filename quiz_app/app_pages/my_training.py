"""My training: the actor's overdue, due, assigned and completed modules; read, then take the quiz.

URL ``/my_training?module=<id>`` (the site's training page links here) preselects a module.
An incomplete submission is refused (nothing stored) naming the unanswered questions. After a
submission the result stays at the top of the quiz (container ``training_result``, scrolled
into view) with each wrong answer, the right one, why, and the page to read; a fail offers
"Retry". Widget keys: ``training_module`` (module picker), ``training_q_<question id>``
(answers), ``training_submit`` (submit button), ``training_retry`` (retry button),
``my_training_table`` (overview table); the certificates (``my_certificate_*``, see
``quiz_app.ui.certificate_view``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from kb.pages import page_title
from quiz_app import certificates, training, ui
from quiz_app.authz import Action
from quiz_app.core.schedule import TrainingStatus
from quiz_app.errors import QuizAppError
from quiz_app.links import site_url
from quiz_app.ui import i18n as ui_i18n
from quiz_app.ui.certificate_view import show_certificates
from quiz_app.ui.i18n import _, date_text
from quiz_app.ui.labels import status_text

actor = ui.guard(Action.TAKE_TRAINING)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title(_("My training"))

if actor.person_id is None:
    st.info(_("This account is not linked to a person, so there is no training to show."))
    st.stop()

rows = training.my_training(engine, actor)
modules = {m.id: m for m in kb.training}
status_of = {r.module_id: r for r in rows}
ORDER = [  # the table's order: the most urgent first
    TrainingStatus.OVERDUE,
    TrainingStatus.DUE,
    TrainingStatus.ASSIGNED,
    TrainingStatus.COMPLETED,
]

if rows:
    counters = training.counter_lines(rows, ui_i18n.language())
    st.markdown("\n".join(f"- {line}" for line in counters))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("module"): modules[r.module_id].title
                    if r.module_id in modules
                    else r.module_id,
                    _("status"): status_text(r.status),
                    _("due"): r.due_on,
                    _("valid until"): date_text(r.valid_until) if r.valid_until else "",
                }
                for r in sorted(rows, key=lambda r: ORDER.index(r.status))
            ]
        ),
        hide_index=True,
        key="my_training_table",
    )
else:
    st.info(_("No training is assigned to you yet. You may still take any module below."))

with st.expander(_("My certificates"), icon=":material/workspace_premium:"):
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
    _("Module"),
    offered,
    format_func={  # labels made now, in the reader's language
        mid: _("{module} ({status})").format(
            module=modules[mid].title, status=status_text(status_of[mid].status)
        )
        if mid in status_of
        else modules[mid].title
        for mid in offered
    }.get,
    key="training_module",
    placeholder=_("Choose an option"),
)
module = modules[module_id]
row = status_of.get(module_id)
st.subheader(module.title)
facts = [
    _("version {version}").format(version=module.version),
    _("pass mark {percent} %").format(percent=round(module.pass_mark * 100)),
]
if row and row.due_on and row.status is not TrainingStatus.COMPLETED:
    facts.append(_("due {date}").format(date=date_text(row.due_on)))
if row and row.valid_until:
    facts.append(_("completed, valid until {date}").format(date=date_text(row.valid_until)))
st.caption(" · ".join(facts))
st.write(module.description)

st.markdown("**1. " + _("Read") + "**")
language = ui_i18n.language()
st.markdown(
    "\n".join(f"- [{page_title(kb, key, language)}]({site_url(key)})" for key in module.reading)
)

st.markdown("**2. " + _("Take the quiz") + "**")
started = state.setdefault("training_started", {})
started.setdefault(module_id, training.moment())
shown = state.get("training_result")
if shown is not None and shown["module"] == module_id:
    with st.container(key="training_result"):
        (st.success if shown["passed"] else st.warning)(shown["message"])
        for wrong in shown["wrong"]:
            chosen = ui.plain(wrong.chosen) if wrong.chosen else _("no answer")
            number = _("Question {number}.").format(number=wrong.number)
            given = _("Your answer: {answer}").format(answer=chosen)
            right = _("Right answer: {answer}").format(answer=ui.plain(wrong.correct))
            read = _("Read")
            st.markdown(
                f"**{number}** {ui.plain(wrong.question)}  \n{given}  \n{right}  \n"
                f"{ui.plain(wrong.explanation)}  \n"
                f"{read}: [{ui.plain(wrong.page_title)}]({wrong.page_url})"
            )
        if not shown["passed"] and st.button(_("Retry"), key="training_retry"):
            state.pop("training_result", None)
            started[module_id] = training.moment()
            st.rerun()
    if shown.pop("scroll", False):  # once, right after submitting
        components.html(
            "<script>window.parent.document.querySelector('.st-key-training_result')"
            "?.scrollIntoView({block: 'start'});</script>",
            height=0,
        )
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
    submitted = st.form_submit_button(_("Submit answers"), key="training_submit")
if submitted:
    try:
        record = training.record_attempt(
            engine, actor, kb, module, answers, started_at=started[module_id]
        )
    except QuizAppError as exc:  # an incomplete quiz names what is unanswered
        st.error(ui.plain(exc))
    else:
        started.pop(module_id, None)
        result = record.result
        score = _("{correct} of {asked} correct").format(
            correct=result.score_raw, asked=result.score_max
        )
        if result.passed:
            message = _("Passed {module}: {score} (attempt {attempt}). Valid until {date}.").format(
                module=module.title,
                score=score,
                attempt=record.attempt_no,
                date=date_text(record.valid_until),
            )
        else:
            message = _(
                "Not passed yet: {score}; {percent} % needed (attempt {attempt}). Read the "
                "pages again and retry."
            ).format(score=score, percent=round(module.pass_mark * 100), attempt=record.attempt_no)
        state["training_result"] = {
            "module": module_id,
            "passed": result.passed,
            "message": message,
            "wrong": training.wrong_answers(kb, module, answers, language),
            "scroll": True,
        }
        for qid in module.quiz:
            state.pop(f"training_q_{qid}", None)
        st.rerun()
