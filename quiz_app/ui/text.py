"""User-provided text inside the Markdown that st.markdown, st.warning and the like render.

A query parameter, a name, a department or a username is shown as typed: never as a link,
an image, emphasis, a colour directive or a formula. No Streamlit import, so plain tests
cover it.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and an
# escaped one starts no construct (link, image, autolink, emphasis, directive, math).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(value: object) -> str:
    """``value`` as Markdown that shows its text as typed, on one line.

    Example: ``st.warning(f"No measure {plain(param)!s}.")`` with ``param`` set to
    ``[x](https://evil.example)`` shows those characters, not a link.
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))
