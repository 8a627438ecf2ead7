"""Managers and admins: the target maturity level per Art. 21(2) measure. A gap on every
results page is an answer below its measure's target. URL ``/targets``.

Widget keys: ``targets_form``, ``target_<measure id>`` (one per measure), ``targets_save``.
"""

from __future__ import annotations

import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action
from quiz_app.core.scoring import DEFAULT_TARGET, MATURITY_LEVELS
from quiz_app.remediation import targets
from quiz_app.ui import remediation_view
from quiz_app.ui.i18n import _

actor = ui.guard(Action.SET_TARGETS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title(_("Target levels"))
ui.show_flash()
st.caption(
    _(
        "The maturity level the organisation aims at for each measure (default: {default}). "
        "Levels: {levels}. An answer scoring below its measure's target is a gap on the "
        "results page."
    ).format(
        default=_(DEFAULT_TARGET),
        levels=", ".join(
            _("{level} from {floor} %").format(level=_(level.name), floor=f"{level.floor:.0f}")
            for level in MATURITY_LEVELS
        ),
    )
)
current = targets.get_targets(engine, actor)
names = [level.name for level in MATURITY_LEVELS]
# Labels made now, in the reader's language (a format_func may run outside this run).
level_labels = {name: _(name) for name in names}
with st.form("targets_form"):
    chosen = {
        m.id: st.selectbox(
            remediation_view.measure_label(kb, m.id),
            names,
            index=names.index(current.get(m.id, DEFAULT_TARGET)),
            format_func=level_labels.get,
            key=f"target_{m.id}",
            placeholder=_("Choose an option"),
        )
        for m in kb.measures
    }
    if st.form_submit_button(_("Save targets"), type="primary", key="targets_save"):
        changed = [m for m, level in chosen.items() if current.get(m, DEFAULT_TARGET) != level]
        for measure_id in changed:
            targets.set_target(engine, actor, measure_id, chosen[measure_id])
        ui.flash(_("Targets saved ({count} changed).").format(count=len(changed)))
