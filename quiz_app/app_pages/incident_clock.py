"""Incident-reporting clock: when each Art. 23 report is due, what it holds, where evidence is.

Thin: reads the widgets, calls ``quiz_app.core.clock`` (which computes in UTC) and shows the
deadlines in the chosen time zone, with a calendar file. Writes nothing to the store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action
from quiz_app.core.clock import deadlines, ics, starting_zone, to_local, undated_stages
from quiz_app.i18n import N_
from quiz_app.links import site_url
from quiz_app.ui.i18n import _, date_input_format, datetime_text

ENTITY_LABELS = {
    "standard": N_("Essential or important entity"),
    "trust-service-provider": N_("Trust service provider whose trust services are affected"),
}

ui.guard(Action.VIEW_HOME)


def local_text(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y, %H:%M %Z")


def moment_input(label: str, key: str, tz: ZoneInfo) -> datetime:
    """A date and a time picked in ``tz``, as an aware datetime."""
    now = datetime.now(tz).replace(second=0, microsecond=0)
    day_col, time_col = st.columns(2)
    day = day_col.date_input(
        _("{label}: date").format(label=label),
        value=now.date(),
        key=f"{key}_date",
        format=date_input_format(),
    )
    clock = time_col.time_input(
        _("{label}: time").format(label=label), value=now.time(), step=60, key=f"{key}_time"
    )
    return datetime.combine(day, clock, tzinfo=tz)


kb = ui.knowledge_base()
zones = sorted(available_timezones())

st.title(_("Incident reporting clock"))
st.caption(
    _(
        "Deadlines of Art. 23 of the Directive, computed in UTC and shown in your time zone. "
        "National law and your CSIRT's procedures may add details: not legal advice."
    )
    + " "
    + "[{link}]({url}).".format(
        link=_("The reporting timeline on the site"), url=site_url("reporting")
    )
)

# The browser reports its zone (st.context.timezone); without it the clock says it uses UTC.
start = starting_zone(st.context.timezone, zones)
if "clock_tz" not in st.session_state:
    st.session_state["clock_tz"] = start.name
zone_name = st.selectbox(_("Time zone"), zones, key="clock_tz", placeholder=_("Choose an option"))
if zone_name == start.name:
    st.caption(ui.plain(start.note))
tz = ZoneInfo(zone_name)
aware_at = moment_input(_("Became aware of the significant incident"), "clock_aware", tz)
entity = st.radio(
    _("Entity"),
    list(ENTITY_LABELS),
    format_func={k: _(v) for k, v in ENTITY_LABELS.items()}.__getitem__,
    key="clock_entity",
)
notified_at = None
if st.checkbox(_("The incident notification has been submitted"), key="clock_notified"):
    notified_at = moment_input(_("Incident notification submitted"), "clock_notified", tz)

try:
    items = deadlines(
        aware_at,
        entity,
        kb.reporting,
        notified_at=notified_at,
        service_names={s.id: s.name for s in kb.services},
    )
except ValueError as exc:
    st.warning(ui.plain(exc))
    st.stop()

st.download_button(
    _("Download the deadlines as a calendar (.ics)"),
    data=ics(items, aware_at),
    file_name="nis2-incident-deadlines.ics",
    mime="text/calendar",
    key="clock_ics",
)

for d in items:
    st.subheader(f"{d.name}: {local_text(to_local(d, tz))}")
    st.markdown(
        f"[{d.ref}]({site_url(f'reporting#{d.stage_id}')}) · {d.counted_from} · "
        f"{datetime_text(d.due_utc)}"
    )
    st.markdown(_("It contains:") + "\n" + "\n".join(f"- {c}" for c in d.contents))
    if d.evidence:
        st.markdown(
            _("Evidence on AWS:")
            + " "
            + ", ".join(f"[{e.name}]({site_url(e.page)})" for e in d.evidence)
        )

st.subheader(_("Reports without a fixed date"))
st.markdown(
    "\n".join(
        f"- **[{s.name}]({site_url(f'reporting#{s.id}')})** ({s.ref}): {s.due}"
        for s in undated_stages(kb.reporting)
    )
)
st.caption(_("Computed at {moment}.").format(moment=datetime_text(datetime.now(UTC))))
