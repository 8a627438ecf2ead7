"""A list of certificates with "Prepare the PDF" and "Download": My training shows the
visitor's own, a trainer's page about a person can show theirs (``show_certificates``).

Session keys (``<prefix>`` given by the page): ``<prefix>_pick`` (which certificate),
``<prefix>_prepare`` (button), ``<prefix>_file`` (the prepared file), ``<prefix>_download``.
A PDF is made (and its making audited) only when asked for, not on every rerun.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from kb.model import KnowledgeBase
from quiz_app import certificates
from quiz_app.authz import Actor
from quiz_app.certificates.organisation import organisation_name
from quiz_app.errors import QuizAppError
from quiz_app.ui import knowledge_base
from quiz_app.ui.i18n import _, date_text
from quiz_app.ui.text import plain


def _label(held: certificates.HeldCertificate, titles: dict[str, str]) -> str:
    facts = {
        "title": titles.get(held.module_id, held.module_id),
        "version": held.module_version,
        "passed": date_text(held.completed_at.date()),
    }
    if held.valid_until is None:
        return _("{title} (version {version}), passed {passed}").format(**facts)
    return _("{title} (version {version}), passed {passed}, valid until {until}").format(
        until=date_text(held.valid_until.date()), **facts
    )


def show_certificates(
    engine: Engine,
    actor: Actor,
    kb: KnowledgeBase,
    held: list[certificates.HeldCertificate],
    *,
    prefix: str,
) -> None:
    """Pick one of ``held``, prepare its PDF, download it; errors as one sentence."""
    if not held:
        st.caption(_("No certificate yet: passing a module gives one."))
        return
    titles = {m.id: m.title for m in kb.training}
    by_id = {h.attempt_id: h for h in held}
    attempt_id = st.selectbox(
        _("Certificate"),
        list(by_id),
        format_func={a: _label(h, titles) for a, h in by_id.items()}.get,
        key=f"{prefix}_pick",
        placeholder=_("Choose an option"),
    )
    state = st.session_state
    if st.button(
        _("Prepare the PDF"), key=f"{prefix}_prepare", icon=":material/workspace_premium:"
    ):
        try:
            state[f"{prefix}_file"] = (
                attempt_id,
                certificates.certificate_file(  # in the holder's language, from the English
                    engine,
                    actor,
                    knowledge_base("en"),
                    attempt_id,
                    organisation=organisation_name(engine),
                ),
            )
        except QuizAppError as exc:
            st.error(plain(exc))
    prepared = state.get(f"{prefix}_file")
    if prepared and prepared[0] == attempt_id:
        file = prepared[1]
        st.download_button(
            _("Download the certificate (PDF)"),
            data=file.data,
            file_name=file.filename,
            mime="application/pdf",
            key=f"{prefix}_download",
        )
        st.caption(
            _("Verification code: {code} (check it on the Verify certificate page)").format(
                code=file.code
            )
        )
