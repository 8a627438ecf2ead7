"""The reader's language in the app: chosen once per run, switchable on every page.

:func:`bind` (called by the entry point at each run) settles the language: the one picked in
this browser session, else the account's remembered choice, else the browser's preference
(``st.context.locale``, or the ``Accept-Language`` header), else English. :func:`picker`
puts the language selectbox in the sidebar; a switch is remembered for the account.
Pages translate with ``from quiz_app.ui.i18n import _``.
"""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st
from sqlalchemy.engine import Engine

from quiz_app import i18n, links, preferences
from quiz_app.authz import Actor

LANGUAGE_KEY = "nis2_language"  # the language of this run, settled by bind()
PICKED_KEY = "nis2_language_picked"  # picked in this browser session (before logging in, say)
PICKER_KEY = "language_picker"


def language() -> str:
    """The reader's language on this run (English before :func:`bind`)."""
    return st.session_state.get(LANGUAGE_KEY, i18n.DEFAULT_LANGUAGE)


def _(message: str) -> str:
    """``message`` in the reader's language."""
    return i18n.translator(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n``, in the reader's language."""
    return i18n.translator(language()).ngettext(singular, plural, n)


def browser_language() -> str | None:
    """What the browser asks for: its locale, else its ``Accept-Language`` header."""
    try:
        return st.context.locale or st.context.headers.get("Accept-Language")
    except Exception:  # noqa: BLE001 - no request context (bare script runs)
        return None


def bind(engine: Engine, actor: Actor | None) -> str:
    """Settle this run's language (see the module's docstring; the account's
    choice is read on every run, so a choice made in another browser applies here too) and return it."""
    chosen = st.session_state.get(PICKED_KEY)
    if chosen is None:
        account = preferences.language_of(engine, actor.account_id) if actor else None
        chosen = i18n.choose_language(account, browser_language())
    st.session_state[LANGUAGE_KEY] = chosen
    links.use_language(chosen)  # links into the site go to the reader's language
    return chosen


def picker(engine: Engine, actor: Actor | None, where=st.sidebar) -> None:
    """The language selectbox; a switch applies at once and is remembered for the account."""

    def _switch() -> None:
        picked = st.session_state[PICKER_KEY]
        st.session_state[LANGUAGE_KEY] = st.session_state[PICKED_KEY] = picked
        if actor is not None and actor.account_id is not None:
            preferences.set_language(engine, actor, picked)

    st.session_state[PICKER_KEY] = language()
    where.selectbox(
        _("Language"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        key=PICKER_KEY,
        placeholder=_("Choose an option"),
        on_change=_switch,
    )


def date_text(value: date) -> str:
    """A date as the reader's language writes it."""
    return i18n.format_date(value, language())


def date_input_format() -> str:
    """The ``format=`` of every ``st.date_input``: dates as the reader writes them."""
    return i18n.date_input_format(language())


def date_column_format() -> str:
    """The ``format=`` of a table's date column (``st.column_config.DateColumn``)."""
    return i18n.date_column_format(language())


def chart_date_format() -> str:
    """The ``format=`` of a chart's time axis (``alt.Axis``)."""
    return i18n.chart_date_format(language())


def datetime_text(value: datetime) -> str:
    """A date and time (UTC) as the reader's language writes them."""
    return f"{i18n.format_datetime(value, language())} UTC"


def percent_text(value: float | None) -> str:
    """A score in percent as the reader's language writes it."""
    return i18n.format_percent(value, language())
