"""A domain error reaches a German reader in German: the page shows the catalogue's
translation of the error's template, with the same parameters as the English message."""

from __future__ import annotations

import re

from store_support import PASSWORD, open_page
from support import ROOT

from quiz_app import accounts, preferences

ADMIN_ACCOUNTS = str(ROOT / "quiz_app" / "app_pages" / "admin_accounts.py")


def _errors(at) -> list[str]:
    """The error messages as read (the Markdown escapes of ``ui.plain`` removed)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def _create(at, username: str, password: str) -> None:
    at.text_input(key="new_username").input(username)
    at.text_input(key="new_password").input(password)
    next(b for b in at.button if b.form_id == "create_account").click().run()


def test_a_german_admin_reads_why_an_account_was_refused_in_german(app_store):
    s = app_store
    preferences.set_language(s.engine, s.admin, "de")
    at = open_page(s.admin.account_id, ADMIN_ACCOUNTS)
    before = [a.username for a in accounts.list_accounts(s.engine, s.admin)]

    _create(at, "neu", "kurz")
    assert not at.exception
    assert _errors(at) == [
        f"Passwort zu kurz: verwenden Sie mindestens {accounts.MIN_PASSWORD_LENGTH} Zeichen"
    ]

    _create(at, "staff", PASSWORD)
    assert not at.exception
    assert _errors(at) == ["Der Benutzername 'staff' ist bereits vergeben"]
    assert [a.username for a in accounts.list_accounts(s.engine, s.admin)] == before
