"""Shared pieces of the remediation pages: labels, one action's summary line, and the form
that opens an action on a gap (results page). Every user-typed text goes through ``plain``."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase, Question
from quiz_app.authz import Actor
from quiz_app.core.advice import short_label
from quiz_app.remediation import actions
from quiz_app.remediation.actions import STATUS_LABELS, RemediationAction
from quiz_app.ui.i18n import _, date_input_format, date_text
from quiz_app.ui.text import plain

DEFAULT_DAYS = 90


def measure_label(kb: KnowledgeBase, measure_id: str | None) -> str:
    """``21(2)(b) Incident handling`` for a measure id; "-" for none."""
    return short_label(kb, f"measures/{measure_id}") if measure_id else "-"


def status_label(status: str) -> str:
    """A status as the reader's language writes it (the stored value if unknown)."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def status_labels() -> dict[str, str]:
    """Every status's label in the reader's language, for a widget's ``format_func`` (made
    now: a ``format_func`` may run outside this run)."""
    return {status: status_label(status) for status in STATUS_LABELS}


def action_line(action: RemediationAction, today: date) -> str:
    """One action as Markdown: number, title, owner, due date, status (escaped)."""
    late = " · :red-badge[{}]".format(_("overdue")) if action.overdue(today) else ""
    return (
        _("**#{number} {title}** · owner {owner} · due {due} · {status}").format(
            number=action.id,
            title=plain(action.title),
            owner=plain(action.owner_name),
            due=date_text(action.due_on),
            status=status_label(action.status),
        )
        + late
    )


def gap_action_form(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    *,
    assessment_id: int,
    question: Question,
    owners: list[actions.Owner],
) -> str | None:
    """A form that opens an action on one gap (keys ``gap_<question id>_...``); returns the
    confirmation to show once the action is created, else None."""
    key = f"gap_{question.id}"
    with st.form(key, clear_on_submit=True):
        title = st.text_input(
            _("What is to be done"),
            value=_("Close the gap: {question}").format(question=question.text)[:300],
            key=f"{key}_title",
        )
        by_id = {o.person_id: o for o in owners}
        owner = st.selectbox(
            _("Owner"),
            list(by_id),
            format_func=lambda i: f"{by_id[i].name} ({by_id[i].external_id})",
            key=f"{key}_owner",
            placeholder=_("Choose an option"),
        )
        due_on = st.date_input(
            _("Due date"),
            value=date.today() + timedelta(days=DEFAULT_DAYS),
            key=f"{key}_due",
            format=date_input_format(),
        )
        measure = None
        if question.measures:
            measure = st.selectbox(
                _("Measure"),
                question.measures,
                format_func=lambda m: measure_label(kb, m),
                key=f"{key}_measure",
                placeholder=_("Choose an option"),
            )
        if st.form_submit_button(_("Create the action"), type="primary"):
            if owner is None:
                st.error(_("Choose an owner first; nothing was created."))
                return None
            action_id = actions.create_action(
                engine,
                actor,
                title=title,
                owner_person_id=owner,
                due_on=due_on,
                assessment_id=assessment_id,
                measure_id=measure,
                question_id=question.id,
            )
            return _("Action #{number} created for {owner}: it is on the remediation plan.").format(
                number=action_id, owner=plain(by_id[owner].name)
            )
    return None
