"""Entry point: ``streamlit run quiz_app/app.py``.

Opens the store (a store that needs ``db upgrade`` stops every page with a message), then
shows only "Create first admin" while no admin exists (with a one-time setup token printed
to the log, see ``quiz_app.setup_token``), only the login page while nobody is logged in (at
every page's address, so a deep link survives the login), and otherwise the pages the role
may see, with "Log out" in the sidebar. Who is logged in comes from the login session in
the store, found by the session cookie (``quiz_app.ui``), on every run.
"""

import streamlit as st

from quiz_app import accounts, setup_token, ui
from quiz_app.ui import i18n as ui_i18n
from quiz_app.ui import navigation
from quiz_app.ui.errors import configure_logging, page_errors
from quiz_app.ui.i18n import _
from quiz_app.ui.navigation import PageSpec

st.set_page_config(page_title="NIS 2 self-assessment", page_icon=":material/shield:")


def _page(spec: PageSpec, default: bool = False, *, at: PageSpec | None = None):
    """``spec``'s page; with ``at``, hidden from the menu at ``at``'s address instead."""
    return st.Page(
        spec.path,
        title=_(spec.title),
        icon=spec.icon,
        url_path=(at or spec).url_path,
        default=default,
        visibility="hidden" if at else "visible",
    )


def _pages() -> list:
    engine = ui.engine()
    if not accounts.admin_exists(engine):
        setup_token.announce(engine)  # printed to the log once; the setup page asks for it
        return [_page(navigation.SETUP_PAGE, default=True)]
    actor = ui.current_actor()
    ui_i18n.bind(engine, actor)  # account's choice > browser's preference > English
    ui_i18n.picker(engine, actor)
    if actor is None:
        # The login at every page's address too: a link into the app (from the site, say)
        # shows the login, then the page it named with its query, as the address stays.
        pages = [_page(navigation.LOGIN_PAGE, default=True)]
        return pages + [_page(navigation.LOGIN_PAGE, at=spec) for spec in navigation.PAGES]
    specs = navigation.pages_for(actor.role, has_person=actor.person_id is not None)
    st.sidebar.button(_("Log out"), on_click=ui.log_out, key="logout", icon=":material/logout:")
    ui.sync_cookie(st.sidebar)  # a reload, another tab or replica keeps this session
    return [_page(s, default=i == 0) for i, s in enumerate(specs)]


configure_logging()
with page_errors():  # any unexpected error: one sentence and an error id, detail in the log
    # expanded: every page a role may open stays listed (Streamlit folds long menus behind
    # "View more", which hid an admin's later pages)
    st.navigation(_pages(), expanded=True).run()
