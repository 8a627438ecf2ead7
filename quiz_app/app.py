"""Entry point: ``streamlit run quiz_app/app.py``.

Opens the store (migrating it), then shows only "Create first admin" while no admin exists,
only the login page while nobody is logged in, and otherwise the pages the role may see.
"""

import streamlit as st

from quiz_app import accounts, navigation, ui
from quiz_app.navigation import PageSpec

st.set_page_config(page_title="NIS 2 self-assessment", page_icon=":material/shield:")


def _page(spec: PageSpec, default: bool = False):
    return st.Page(
        spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=default
    )


engine = ui.engine()
if not accounts.admin_exists(engine):
    specs = [navigation.SETUP_PAGE]
else:
    actor = ui.current_actor()
    specs = [navigation.LOGIN_PAGE] if actor is None else navigation.pages_for(actor.role)

st.navigation([_page(s, default=i == 0) for i, s in enumerate(specs)]).run()
