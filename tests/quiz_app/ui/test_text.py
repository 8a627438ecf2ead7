"""How a page shows a domain error."""

from __future__ import annotations

from quiz_app.errors import NotFound
from quiz_app.i18n import N_
from quiz_app.ui.text import plain


def test_a_domain_error_reads_as_a_sentence_on_a_page():
    """The CLI writes ``error: no account named 'x'`` (lower case after the prefix, like
    git); a page shows the message alone, so it starts with a capital letter, and what the
    user typed stays as typed."""
    error = NotFound(N_("no account named {name!r}"), name="[x](https://evil.example)")
    shown = plain(error)
    assert shown.startswith("No account named")
    assert "\\[x\\]\\(https" in shown  # escaped: shown as typed, never a link
    assert str(error).startswith("no account named")  # the CLI's and the log's text
