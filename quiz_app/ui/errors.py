"""Unexpected errors on a page: one sentence and an error id in the browser, detail in the log.

The entry point runs every page inside :func:`page_errors`. A named error the user can act on
(:class:`~quiz_app.errors.QuizAppError`) shows its one-line message; anything else -- a
database error with its SQL and parameters, a bug -- shows only one sentence in the reader's
language (:func:`message_for`) with a short random id, and the traceback goes to the
``quiz_app`` logger (stderr) under the same id, so an administrator can find it. Streamlit's own control flow (``st.stop``, ``st.rerun``,
``st.switch_page``) passes through untouched.
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from quiz_app.errors import QuizAppError
from quiz_app.ui.i18n import _, language
from quiz_app.ui.text import plain

logger = logging.getLogger("quiz_app.pages")


def configure_logging() -> None:
    """Send the app's log (``quiz_app.*``, INFO and above) to stderr, once per process."""
    root = logging.getLogger("quiz_app")
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)


def new_error_id() -> str:
    """A short random id (8 hex characters) that ties the message to its log entry."""
    return secrets.token_hex(4)


def message_for(error_id: str) -> str:
    """The sentence a visitor sees for an unexpected error, in the reader's language."""
    return _(
        "Something went wrong on our side and nothing more can be shown here; if it "
        "persists, give the administrator the error id {error_id}."
    ).format(error_id=error_id)


@contextmanager
def page_errors() -> Iterator[None]:
    """Run a page's code; show an unexpected exception as one sentence with an error id."""
    try:
        yield
    except ScriptControlException:
        raise
    except QuizAppError as exc:
        st.error(plain(exc.message_in(language()).splitlines()[0]))
    except Exception:
        error_id = new_error_id()
        logger.exception("error id %s: unexpected exception on a page", error_id)
        st.error(message_for(error_id))
