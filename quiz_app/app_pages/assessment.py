"""Self-assessment: pick a track, answer section by section, save a draft or submit.

URL ``/assessment?track=management|staff&measure=21-2-x`` (the site links here): ``track``
preselects the track (if the role may take it), ``measure`` opens a section with that
measure's questions and marks them in the other sections. ``round=ID`` (from Home) answers
an open assessment round the visitor takes part in: the round's track only, and the
submission is linked to the round (``quiz_app.governance.rounds.submit_in_round``). Each answer is stored as it is
given (the radio's ``on_change``); every save names the draft revision this tab last saw, so
another tab's newer save is reported, never overwritten. Session keys: see
``quiz_app.ui.assessment_view``.
"""

from __future__ import annotations

import uuid

import streamlit as st

from quiz_app import self_assessment, ui
from quiz_app.authz import Action
from quiz_app.core.question_bank import time_estimate
from quiz_app.core.scoring import NOT_APPLICABLE
from quiz_app.errors import DraftConflict, QuizAppError
from quiz_app.governance import rounds
from quiz_app.ui import assessment_view, labels
from quiz_app.ui.i18n import _, date_text, datetime_text

actor = ui.guard(Action.TAKE_ASSESSMENT)
engine = ui.engine()
kb = ui.knowledge_base()

st.title(_("Self-assessment"))
tracks = self_assessment.tracks_for(actor)
state = st.session_state

in_round = None
if st.query_params.get("round"):
    try:
        in_round = rounds.participant_round(engine, actor, int(st.query_params["round"]))
    except ValueError:
        st.error(_("This link names no assessment round."))
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        tracks = [in_round.track]
        state["assessment_track"] = in_round.track
        st.info(
            _(
                "Assessment round **{title}**, deadline {deadline}: your submission counts "
                "for this round."
            ).format(title=ui.plain(in_round.title), deadline=date_text(in_round.deadline))
        )

# -- query parameters: applied once per distinct (track, measure) -------------------------
wanted_track = st.query_params.get("track")
wanted_measure = st.query_params.get("measure")
if state.get("assessment_params") != (wanted_track, wanted_measure):
    state["assessment_params"] = (wanted_track, wanted_measure)
    if wanted_track in tracks:
        state["assessment_track"] = wanted_track
    elif wanted_track:
        st.warning(
            _(
                "The '{track}' track is not open to the {role} role; the management track is "
                "for members of the management body."
            ).format(
                track=ui.plain(wanted_track),
                role=labels.role_label(actor.role),
            )
        )
    if wanted_measure:
        state.pop(f"assessment_section_{state.get('assessment_track', tracks[0])}", None)

track = st.radio(
    _("Track"),
    tracks,
    format_func=assessment_view.track_labels().get,
    key="assessment_track",
    horizontal=True,
)
st.caption(next(t.description for t in kb.tracks if t.id == track))
questions = self_assessment.asked_for(engine, actor, kb, track)
st.caption(
    _("{count} questions, about {minutes} minutes.").format(
        count=len(questions), minutes=time_estimate(questions)
    )
    + (
        " " + _("The sections fit your job role.")
        if track == "staff" and len(questions) < len(self_assessment.questions_for(kb, track))
        else ""
    )
)
measure = wanted_measure if any(wanted_measure in q.measures for q in questions) else None
if wanted_measure and measure is None:
    st.warning(
        _("No question of this track names measure '{measure}'.").format(
            measure=ui.plain(wanted_measure)
        )
    )

# -- the answers being edited: from the draft the first time, then from the widgets ----------
all_choices = state.setdefault("assessment_choices", {})
revisions = state.setdefault("assessment_revisions", {})
problems = state.setdefault("assessment_problems", {})
carried = state.setdefault("assessment_carried", {})
if track not in all_choices:
    draft = self_assessment.load_draft(engine, actor, kb, track)
    retake = None if draft else self_assessment.start_from_previous(engine, actor, kb, track)
    if retake:  # a retake starts from the last submission's answers
        all_choices[track] = dict(retake[1])
        revisions[track] = retake[0].revision
        carried[track] = set(retake[1])
        st.info(
            _(
                "Started from your last submitted answers ({count}), each marked "
                "'carried over' until you change it."
            ).format(count=len(retake[1]))
        )
    else:
        all_choices[track] = dict(draft[1]) if draft else {}
        revisions[track] = draft[0].revision if draft else 0
    if draft:
        saved_at = draft[0].saved_at or draft[0].started_at
        st.info(
            _("Resumed your draft saved on {saved_at} ({count} answers).").format(
                saved_at=datetime_text(saved_at), count=len(draft[1])
            )
        )
choices: dict = all_choices[track]
carried_over: set = carried.setdefault(track, set())


def _autosave(track: str, question_id: str, key: str) -> None:
    """Store the answer just given (on_change: before the page reruns)."""
    carried.get(track, set()).discard(question_id)  # the reader's own answer now
    try:
        saved = self_assessment.save_answer(
            engine,
            actor,
            kb,
            track,
            question_id,
            state.get(key),
            expected_revision=revisions.get(track, 0),
        )
    except QuizAppError as exc:
        problems[track] = str(exc)
    else:
        revisions[track] = saved.revision


def _reload(track: str) -> None:
    """Forget this tab's answers of ``track``: the next run loads the stored draft."""
    all_choices.pop(track, None)
    revisions.pop(track, None)
    problems.pop(track, None)
    carried.pop(track, None)
    for name in [k for k in state if str(k).startswith(f"q_{track}_")]:
        del state[name]


if track in problems:
    st.error(ui.plain(problems.pop(track)))
    st.button(
        _("Load the latest answers"),
        key="assessment_reload",
        on_click=_reload,
        args=(track,),
        icon=":material/refresh:",
    )
for q in questions:
    key = f"q_{track}_{q.id}"
    if key in state:
        if state[key] is None:
            choices.pop(q.id, None)
        else:
            choices[q.id] = state[key]

answered = sum(1 for q in questions if q.id in choices)
st.progress(
    answered / len(questions),
    text=_("{answered} of {total} questions answered").format(
        answered=answered, total=len(questions)
    ),
)

# -- sections -----------------------------------------------------------------------------
sections: dict[str, list] = {}
if measure:
    m = kb.measure(measure)
    sections[_("Measure 21(2)({letter}): {title}").format(letter=m.letter, title=m.title)] = [
        q for q in questions if measure in q.measures
    ]
for q in questions:
    sections.setdefault(q.section, []).append(q)
names = list(sections)


def _section_progress(name: str) -> str:
    done = sum(1 for q in sections[name] if q.id in choices)
    return _("{done}/{total} answered").format(done=done, total=len(sections[name]))


# The counts go in the captions, not the labels: Streamlit keeps a radio's value as its
# label, so a label that changes with every answer would send the reader back to the
# first section.
section = st.radio(
    _("Section"),
    names,
    captions=[_section_progress(name) for name in names],
    key=f"assessment_section_{track}",
    horizontal=True,
)


def _option_label(question, not_applicable: str):
    def label(choice) -> str:
        if choice == NOT_APPLICABLE:
            return not_applicable
        return question.options[choice].text

    return label


st.subheader(section)
for number, q in enumerate(sections[section], start=1):
    key = f"q_{track}_{q.id}"
    if key not in state and q.id in choices:
        state[key] = choices[q.id]
    options = list(range(len(q.options))) + ([NOT_APPLICABLE] if q.not_applicable else [])
    if measure and measure in q.measures:  # the measure the site's link asked about
        st.markdown(":orange-badge[{}]".format(_("Measure {measure}").format(measure=measure)))
    value = st.radio(
        f"{number}. {q.text}",  # plain text: a screen reader reads the label as it is written
        options,
        index=None,
        format_func=_option_label(q, _("Not applicable")),
        key=key,
        on_change=_autosave,
        args=(track, q.id, key),
    )
    if q.id in carried_over:
        st.caption(":material/history: " + _("Carried over from your last submission."))
    if value is None:
        choices.pop(q.id, None)
    else:
        choices[q.id] = value

position = names.index(section)
if position + 1 < len(names):

    def _next_section(track: str, name: str) -> None:
        state[f"assessment_section_{track}"] = name

    st.button(
        _("Next section: {name}").format(name=names[position + 1]),
        key="assessment_next_section",
        on_click=_next_section,
        args=(track, names[position + 1]),
        icon=":material/arrow_forward:",
    )

# -- save or submit -----------------------------------------------------------------------
st.divider()
unanswered = len(questions) - sum(1 for q in questions if q.id in choices)
st.caption(
    _(
        "Each answer is saved as you give it; come back any time to continue. Unanswered "
        "questions count as 0 when you submit."
    )
    + (" " + _("{count} still unanswered.").format(count=unanswered) if unanswered else "")
)
left, right = st.columns(2)
save = left.button(_("Save draft"), key="assessment_save_draft", icon=":material/save:")
submit = right.button(
    _("Submit assessment"), key="assessment_submit", type="primary", icon=":material/send:"
)
key_name = f"assessment_submission_key_{track}"
state.setdefault(key_name, uuid.uuid4().hex)
if save:
    try:
        saved = self_assessment.save_draft(
            engine, actor, kb, track, choices, expected_revision=revisions.get(track, 0)
        )
    except DraftConflict as exc:
        problems[track] = str(exc)
        st.rerun()  # the message and its "Load the latest answers" at the top
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        revisions[track] = saved.revision
        st.success(
            _("Draft saved ({count} answers). Come back any time to resume.").format(
                count=len(choices)
            )
        )
if submit:
    try:
        submit_kwargs = {
            "submission_key": state[key_name],
            "expected_revision": revisions.get(track, 0),
        }
        if in_round is not None:
            assessment_id = rounds.submit_in_round(
                engine, actor, kb, in_round.id, choices, **submit_kwargs
            )
        else:
            assessment_id = self_assessment.submit(
                engine, actor, kb, track, choices, **submit_kwargs
            )
    except DraftConflict as exc:
        problems[track] = str(exc)
        st.rerun()
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        state[key_name] = uuid.uuid4().hex
        all_choices.pop(track, None)  # the next visit starts a retake from these answers
        revisions.pop(track, None)
        carried.pop(track, None)
        for q in questions:
            state.pop(f"q_{track}_{q.id}", None)
        state["results_assessment_id"] = assessment_id
        st.switch_page("app_pages/results.py")
