"""User-provided text inside the Markdown that st.markdown, st.warning and the like render.

A query parameter, a name, a department or a username is shown as typed: never as a link,
an image, emphasis, a colour directive or a formula. A domain error
(:class:`~quiz_app.errors.QuizAppError`) shows its message in the reader's language. Streamlit
is imported only for that, so plain tests cover the rest.
"""

from __future__ import annotations

import re

from quiz_app.errors import QuizAppError

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and an
# escaped one starts no construct (link, image, autolink, emphasis, directive, math).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def sentence(text: str) -> str:
    """A domain error's message (lower case, as the CLI prints it after ``error:``) as a
    sentence of its own: its first letter capital."""
    return text[:1].upper() + text[1:]


def plain(value: object) -> str:
    """``value`` as Markdown that shows its text as typed, on one line.

    Example: ``st.warning(f"No measure {plain(param)!s}.")`` with ``param`` set to
    ``[x](https://evil.example)`` shows those characters, not a link. A domain error shows
    its message in the reader's language, as a sentence of its own (``st.error(plain(exc))``:
    capital first letter); inside a sentence, pass ``exc.message_in(language)`` instead.
    """
    if isinstance(value, QuizAppError):
        from quiz_app.ui.i18n import language  # Streamlit only when an error is shown

        text = value.message_in(language())
        text = sentence(text)  # on its own on the page (the CLI writes "error: ...")
    else:
        text = str(value)
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
