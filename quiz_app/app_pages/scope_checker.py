"""Scope checker: sector, size and special cases -> in scope, essential or important, and why.

Thin: reads the widgets, calls ``quiz_app.core.scope.classify`` and shows its steps with links
to the site. Needs no personal data; only an admin's "Save this result to the organisation
profile" writes to the store (``quiz_app.governance.organisation.save_scope_result``).
"""

from __future__ import annotations

import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action, allowed
from quiz_app.core.scope import EntityFacts, classify
from quiz_app.core.sector_search import search_subsectors
from quiz_app.errors import QuizAppError
from quiz_app.governance import organisation
from quiz_app.i18n import N_, country_name, format_decimal
from quiz_app.links import site_url
from quiz_app.ui.i18n import _, language

OUTSIDE = ""
SIZES = {"micro/small": N_("micro/small"), "medium": N_("medium"), "large": N_("large")}
IN_SCOPE = {
    "essential": N_("In scope as an **essential** entity ({size} enterprise)."),
    "important": N_("In scope as an **important** entity ({size} enterprise)."),
}

actor = ui.guard(Action.VIEW_HOME)


def euros(millions: float | None) -> int | None:
    return None if millions is None else round(millions * 1_000_000)


def number(value: float) -> str:
    """A whole or decimal number as the reader's language writes it (``7,000,000``, ``1.4``)."""
    return format_decimal(value, language(), digits=0 if float(value).is_integer() else 1)


scope = ui.knowledge_base().scope
labels = {OUTSIDE: _("None of these: my activity is in neither annex")}
for sector in scope.sectors:
    for sub in sector.subsectors:
        name = sector.name if sub.name == sector.name else f"{sector.name}: {sub.name}"
        labels[sub.id] = _("Annex {annex} · {name}").format(annex=sector.annex, name=name)

st.title(_("Scope checker"))
st.warning(
    _(
        "An orientation aid, **not legal advice**. NIS 2 applies through each Member State's "
        "national law, which may differ."
    )
    + " [{link}]({url}).".format(link=_("How scope works on the site"), url=site_url("scope"))
)


def _pick_best_match() -> None:
    """A new search selects its best match, so the result below follows what was typed."""
    found = search_subsectors(scope, st.session_state.get("scope_search", ""))
    if found:
        st.session_state["scope_subsector"] = found[0].subsector.id


query = st.text_input(
    _("Search your activity"),
    placeholder=_("e.g. cloud, data centre, managed service provider, hospital"),
    key="scope_search",
    on_change=_pick_best_match,
)
options = list(labels)
if query.strip():
    matches = search_subsectors(scope, query)
    if matches:
        options = [m.subsector.id for m in matches] + [OUTSIDE]
        st.caption(
            _("Found: {matches}").format(
                matches="; ".join(
                    _("{sector} (matches “{words}”)").format(
                        sector=ui.plain(labels[m.subsector.id]), words=ui.plain(m.matched)
                    )
                    for m in matches
                )
            )
        )
    else:
        st.caption(_("Nothing in Annex I or II matches those words; every sector is listed below."))

subsector = st.selectbox(
    _("Sector and subsector (Annex I and II)"),
    options,
    format_func=labels.__getitem__,
    key="scope_subsector",
    placeholder=_("Choose an option"),
)
employees = st.number_input(_("Employees (headcount)"), min_value=0, step=1, key="scope_employees")
left, right = st.columns(2)
turnover = left.number_input(
    _("Annual turnover (€ million)"), min_value=0.0, value=None, step=0.5, key="scope_turnover_m"
)
balance = right.number_input(
    _("Balance-sheet total (€ million)"), min_value=0.0, value=None, step=0.5, key="scope_balance_m"
)
st.caption(_("Count linked and partner enterprises in, as Recommendation 2003/361/EC does."))

st.markdown(_("**Does any of these apply to your organisation, whatever its size?**"))
cases = frozenset(
    case.id
    for case in scope.regardless_of_size
    if st.checkbox(f"{case.question} ({case.ref})", key=f"scope_case_{case.id}")
)

result = classify(
    scope,
    EntityFacts(
        subsector=subsector or None,
        employees=int(employees),
        turnover_eur=euros(turnover),
        balance_sheet_eur=euros(balance),
        cases=cases,
    ),
)

st.subheader(_("Result"))
if result.classification:
    size = _(SIZES.get(result.size, result.size))
    if result.classification in IN_SCOPE:
        st.success(_(IN_SCOPE[result.classification]).format(size=size))
    else:
        st.success(
            _("In scope as an **{entity_class}** entity ({size} enterprise).").format(
                entity_class=result.classification, size=size
            )
        )
elif result.in_scope:
    st.info(_("In scope, but neither essential nor important under Art. 3."))
else:
    st.info(
        _("Not in scope of NIS 2 ({size} enterprise).").format(
            size=_(SIZES.get(result.size, result.size))
        )
    )
if result.member_state_decides:
    st.warning(_("Part of the answer depends on a decision of your Member State: see the steps."))

st.markdown(_("**Why, step by step**"))
st.markdown(
    "\n".join(
        f"{i}. {s.text} ([{s.ref}]({site_url(s.page)}))" for i, s in enumerate(result.steps, 1)
    )
)

if result.articles_apply:
    st.markdown(
        _("**Articles that apply:**")
        + " "
        + ", ".join(
            "[{article}]({url})".format(
                article=_("Art. {number}").format(number=n), url=site_url(f"articles/{n}")
            )
            for n in result.articles_apply
        )
    )
if result.fine:
    fine = result.fine
    ceiling = (
        _("at least €{amount} with the turnover you entered").format(
            amount=number(fine.ceiling_eur)
        )
        if fine.ceiling_eur is not None
        else _("enter the turnover to compute it")
    )
    st.markdown(
        _(
            "**Fine ceiling ({ref}):** at least €{amount} or {percent} % of worldwide annual "
            "turnover, whichever is higher; {ceiling}."
        ).format(
            ref=f"[{fine.ref}]({site_url('articles/34')})",
            amount=number(fine.fixed_eur),
            percent=number(fine.turnover_percent),
            ceiling=ceiling,
        )
    )
    st.caption(fine.explanation)

with st.expander(_("Caveats"), expanded=True):
    st.markdown("\n".join(f"- {c}" for c in result.caveats))


def _save_to_profile() -> None:
    """Keep this result and its answers in the organisation profile (admins only)."""
    answers = {
        "subsector": subsector or None,
        "employees": int(employees),
        "turnover_eur": euros(turnover),
        "balance_sheet_eur": euros(balance),
        "cases": sorted(cases),
    }
    try:
        saved = organisation.save_scope_result(
            engine,
            actor,
            sector=subsector or None,
            entity_size=result.size,
            entity_class=result.classification,
            answers=answers,
            name=st.session_state.get("scope_org_name"),
            member_states=st.session_state.get("scope_org_states", ()),
        )
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        st.success(
            _("Saved to the profile of {name} (version {version}).").format(
                name=ui.plain(saved.name), version=saved.version
            )
        )


if allowed(actor.role, Action.MANAGE_ORGANISATION):
    engine = ui.engine()
    st.subheader(_("Organisation profile"))
    if organisation.read_profile(engine, actor) is None:
        st.caption(_("No profile yet: give the organisation's name and Member State(s) too."))
        st.text_input(_("Organisation name"), key="scope_org_name", max_chars=200)
        # Labels made now, in the reader's language (a format_func may run outside this run).
        states = {
            code: f"{code} · {country_name(code, language())}"
            for code in organisation.EU_MEMBER_STATES
        }
        st.multiselect(
            _("Member State(s) of establishment"),
            list(states),
            format_func=states.get,
            key="scope_org_states",
            placeholder=_("Choose options"),
        )
    if st.button(_("Save this result to the organisation profile"), key="scope_save_profile"):
        _save_to_profile()
