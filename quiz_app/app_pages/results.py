"""Results of one's own submitted assessment: the report's downloads first, then the score
(maturity for the management track, "x of y correct" for the staff knowledge check), what
changed in the question bank since, the per-measure chart against the organisation's target
levels, ranked gaps (answers below their target) with links into the site. Managers and
admins open a remediation action on a gap here (form keys ``gap_<question id>_...``).
URL ``/results``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from quiz_app import reporting, self_assessment, ui
from quiz_app.authz import Action, allowed
from quiz_app.core.advice import full_label, measure_advice, short_label
from quiz_app.core.report import site_warning
from quiz_app.core.report_markdown import render_markdown
from quiz_app.core.scoring import MATURITY_LEVELS
from quiz_app.governance import organisation
from quiz_app.remediation import actions, plan
from quiz_app.ui import assessment_view, remediation_view
from quiz_app.ui import i18n as ui_i18n
from quiz_app.ui.i18n import _, datetime_text
from quiz_app.ui.i18n import percent_text as ui_percent

actor = ui.guard(Action.VIEW_OWN_RESULTS)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state

st.title(_("Results"))
ui.show_flash()
profile = organisation.read_profile(engine, actor)
header = organisation.header_line(profile)
if header:
    st.caption(ui.plain(header))
if actor.person_id is None:
    st.info(_("Your account is not linked to a person yet, so it has no results."))
    st.stop()
submitted = list(reversed(self_assessment.submitted_assessments(engine, actor)))
if not submitted:
    st.info(_("You have not submitted a self-assessment yet."))
    st.page_link(
        "app_pages/assessment.py", label=_("Start a self-assessment"), icon=":material/quiz:"
    )
    st.stop()

by_id = {s.id: s for s in submitted}
wanted = state.pop("results_assessment_id", None)
if wanted in by_id:
    state["results_assessment"] = wanted
elif state.get("results_assessment") not in by_id:
    state["results_assessment"] = submitted[0].id
chosen_id = st.selectbox(
    _("Assessment"),
    list(by_id),
    # Labels made now, in the reader's language (a format_func may run outside this run).
    format_func={
        i: f"{datetime_text(s.submitted_at)} · {assessment_view.track_label(s.track)} · "
        f"{ui_percent(s.score)}"
        for i, s in by_id.items()
    }.get,
    key="results_assessment",
    placeholder=_("Choose an option"),
)
summary = by_id[chosen_id]
# The organisation's class (essential/important) selects Art. 32 or 33; unknown shows both.
entity_class = profile.entity_class if profile is not None else None
score = self_assessment.result_of(engine, actor, kb, summary, entity_class=entity_class)
language = ui_i18n.language()
report = reporting.assessment_report(engine, actor, kb, summary, language=language)

knowledge = summary.track == "staff"
if knowledge:
    st.caption(
        _("Your personal knowledge check report:")
        + " "
        + _(
            "your answers, the right answers with why, and what to read. It is for you, "
            "not for the minutes of the management body."
        )
    )
else:
    st.caption(
        _("The report for the board minutes:")
        + " "
        + _(
            "the organisation, the answers chosen, the actions on the gaps, the board's "
            "approvals and a sign-off block."
        )
    )
warning = site_warning(report.local_site, _)
if warning:
    st.warning(ui.plain(warning), icon=":material/link_off:")
stem = f"nis2-self-assessment-{summary.track}-{summary.submitted_at:%Y-%m-%d}"
left, right = st.columns(2)
left.download_button(
    _("Download report (Markdown)"),
    render_markdown(report, tr=_, language=ui_i18n.language()),
    file_name=f"{stem}.md",
    mime="text/markdown",
    key="results_download_md",
    icon=":material/description:",
)
right.download_button(
    _("Download report (PDF)"),
    assessment_view.report_pdf(report, ui_i18n.language()),
    file_name=f"{stem}.pdf",
    mime="application/pdf",
    key="results_download_pdf",
    icon=":material/picture_as_pdf:",
)

overall, maturity, counts = st.columns(3)
overall.metric(_("Overall score"), ui_percent(report.percent))
if knowledge:
    correct, asked = score.knowledge_tally()
    maturity.metric(
        _("Correct answers"), _("{correct} of {asked} correct").format(correct=correct, asked=asked)
    )
else:
    maturity.metric(_("Maturity"), _(report.maturity))
counts.metric(_("Gaps") if not knowledge else _("Wrong or unanswered"), len(report.gaps))
st.caption(
    _(
        "{answered} answered, {not_applicable} not applicable (left out), {unanswered} "
        "unanswered (counted as 0)."
    ).format(
        answered=report.answered,
        not_applicable=report.not_applicable,
        unanswered=report.unanswered,
    )
    + (
        ""
        if knowledge
        else " "
        + _("Maturity levels:")
        + " "
        + ", ".join(
            _("{level} from {floor} %").format(level=_(level.name), floor=f"{level.floor:.0f}")
            for level in MATURITY_LEVELS
        )
        + "."
    )
)
changes = self_assessment.changes_since(engine, actor, kb, summary)
if changes.changed:
    lines = [_("The question bank has changed since this assessment:")]
    if changes.removed:
        lines.append(
            "- "
            + _("{count} question(s) you answered are no longer asked.").format(
                count=len(changes.removed)
            )
        )
    lines += [
        "- "
        + _("Options changed, your answer no longer exists: {question}").format(
            question=ui.plain(q.text)
        )
        for q in changes.options_changed
    ]
    lines += [
        "- "
        + _("Reworded since you answered (a retake asks it again): {question}").format(
            question=ui.plain(q.text)
        )
        for q in changes.reworded
    ]
    if changes.not_answered:
        lines.append(
            "- "
            + _(
                "{count} question(s) asked today have no answer here (new since, or left "
                "unanswered):"
            ).format(count=len(changes.not_answered))
            + " "
            + "; ".join(ui.plain(q.text) for q in changes.not_answered[:5])
            + ("; ..." if len(changes.not_answered) > 5 else "")
        )
    lines.append("- " + _("The score uses today's questions."))
    st.warning("\n".join(lines))

st.subheader(_("Score per measure"))
score_column = _("Score (%)")  # the chart's axis title
rows = [
    {
        "Area": short_label(kb, area.key),
        "Title": full_label(kb, area.key),
        score_column: round(area.percent, 1),
        "Link": area_link.url,
    }
    for area, area_link in zip(score.areas, (a.link for a in report.areas), strict=True)
    if area.kind == "measure" and area.percent is not None
]
if rows:
    st.altair_chart(assessment_view.area_chart(rows, value=score_column))
articles = [
    {_("Article"): a.link.label, _("Score"): ui_percent(a.percent), _("Questions"): a.questions}
    for area, a in zip(score.areas, report.areas, strict=True)
    if area.kind == "article"
]
if articles:
    st.dataframe(pd.DataFrame(articles), hide_index=True, key="results_articles")
below = {a.ref for a in score.below_target()}
targets_table = [
    {
        _("Measure"): short_label(kb, area.key),
        _("Score"): ui_percent(area.percent),
        _("Target"): _(score.target_of(area).name),
        _("Reached"): _("no") if area.ref in below else _("yes"),
    }
    for area in score.measure_areas()
    if area.percent is not None
]
if targets_table:
    st.caption(
        _(
            "Targets are set per measure by a manager or admin (default: defined). A gap is "
            "an answer below its measure's target."
        )
    )
    st.dataframe(pd.DataFrame(targets_table), hide_index=True, key="results_targets")

st.subheader(_("Gaps, heaviest first"))
if not report.gaps:
    st.success(_("No gaps: every applicable question reaches its target level."))
manages = allowed(actor.role, Action.MANAGE_ACTIONS)
owners = actions.owners(engine, actor) if manages and report.gaps else []
on_gaps: dict[str, list] = {}
for existing in plan.list_plan(
    engine, actor, assessment_id=summary.id, statuses=tuple(actions.STATUS_LABELS)
):
    on_gaps.setdefault(existing.question_id, []).append(existing)
today = date.today()
for gap, ranked in zip(score.gaps, report.gaps, strict=True):
    reads = ", ".join(f"[{link.label}]({link.url})" for link in ranked.links)
    lines = [
        f"**{ranked.rank}. {ranked.question}**  ",
        _("Weight {weight} · score {score} · target {target} · read: {reads}").format(
            weight=ranked.weight,
            score=ui_percent(ranked.percent),
            target=_(gap.target),
            reads=reads,
        ),
    ]
    if ranked.correct_answer is not None:
        lines += [
            "\n- " + _("Your answer: {answer}").format(answer=_(ranked.your_answer)),
            "- " + _("Right answer: {answer}").format(answer=ranked.correct_answer),
        ]
        if ranked.explanation:
            lines.append("- " + _("Why: {why}").format(why=ranked.explanation))
    st.markdown("\n".join(lines))
    for existing in on_gaps.get(gap.question.id, []):
        st.markdown(remediation_view.action_line(existing, today))
    if manages:
        with st.expander(_("Create an action for this gap")):
            created = remediation_view.gap_action_form(
                engine,
                actor,
                kb,
                assessment_id=summary.id,
                question=gap.question,
                owners=owners,
            )
            if created:
                ui.flash(created)
    for measure_id in gap.question.measures:
        advice = measure_advice(kb, measure_id, language)
        services = ", ".join(f"[{s.label}]({s.url})" for s in advice.services)
        with st.expander(_("What helps: {page}").format(page=advice.page.label)):
            st.markdown(_("**AWS services that help:** {services}").format(services=services))
            st.markdown(
                _("**What stays with the customer:**")
                + "\n"
                + "\n".join(f"- {duty}" for duty in advice.customer)
            )

if knowledge:
    with st.expander(_("Every question with its explanation")):
        for result in score.results:
            q = result.question
            if not result.possible:
                continue
            right = result.option_index is not None and q.options[result.option_index].correct
            # _() outside the f-strings: pybabel does not look inside them.
            mark = (
                ":green[{}]".format(_("Correct")) if right else ":red[{}]".format(_("Not correct"))
            )
            st.markdown(f"{mark} · **{ui.plain(q.text)}**  \n{ui.plain(q.explanation)}")
st.page_link("app_pages/history.py", label=_("Your history and trend"), icon=":material/timeline:")
