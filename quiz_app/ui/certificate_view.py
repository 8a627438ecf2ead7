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
from quiz_app.ui.text import plain


def _label(held: certificates.HeldCertificate, titles: dict[str, str]) -> str:
    title = titles.get(held.module_id, held.module_id)
    until = f", valid until {held.valid_until.date().isoformat()}" if held.valid_until else ""
    return (
        f"{title} (version {held.module_version}), passed "
        f"{held.completed_at.date().isoformat()}{until}"
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
        st.caption("No certificate yet: passing a module gives one.")
        return
    titles = {m.id: m.title for m in kb.training}
    by_id = {h.attempt_id: h for h in held}
    attempt_id = st.selectbox(
        "Certificate",
        list(by_id),
        format_func=lambda a: _label(by_id[a], titles),
        key=f"{prefix}_pick",
    )
    state = st.session_state
    if st.button("Prepare the PDF", key=f"{prefix}_prepare", icon=":material/workspace_premium:"):
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
            "Download the certificate (PDF)",
            data=file.data,
            file_name=file.filename,
            mime="application/pdf",
            key=f"{prefix}_download",
        )
        st.caption(f"Verification code: {file.code} (check it on the Verify certificate page)")
