"""Verify certificate: is a code printed on a training certificate genuine and still valid?

Open to every logged-in account (a code is 80 random bits, so only someone holding the
certificate knows it); an auditor without an account asks a trainer, or an operator runs
``python -m quiz_app certificate verify CODE``. ``?code=`` fills the field. Widget keys:
``verify_code`` (text), ``verify_submit`` (button). Every check is audited.
"""

import streamlit as st

from quiz_app import certificates, ui
from quiz_app.authz import Action
from quiz_app.certificates import VerificationStatus
from quiz_app.ui import i18n as ui_i18n
from quiz_app.ui.i18n import _

actor = ui.guard(Action.VIEW_HOME)
engine = ui.engine()
kb = ui.knowledge_base()
st.title(_("Verify certificate"))
st.caption(
    _("Type the verification code printed on the certificate (dashes and case do not matter).")
)

given = st.query_params.get("code")
if given and "verify_code" not in st.session_state:
    st.session_state["verify_code"] = given
code = st.text_input(_("Verification code"), key="verify_code", max_chars=40)
if st.button(_("Verify"), key="verify_submit", type="primary") and code.strip():
    result = certificates.verify_certificate(engine, actor, kb, code)
    show = {
        VerificationStatus.VALID: st.success,
        VerificationStatus.EXPIRED: st.warning,
    }.get(result.status, st.error)
    show(ui.plain(result.describe(ui_i18n.language())))
