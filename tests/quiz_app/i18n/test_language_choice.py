"""Which language a reader gets: account > browser > English; dates and numbers per locale."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from quiz_app.i18n import (
    choose_language,
    format_date,
    format_datetime,
    format_percent,
    from_accept_language,
)


@pytest.mark.parametrize(
    ("account", "browser", "expected"),
    [
        ("fr", "de-DE", "fr"),  # the account's own choice wins over the browser
        (None, "de-DE", "de"),  # no choice yet: the browser's locale
        (None, "fr-CH, fr;q=0.9, en;q=0.8", "fr"),  # an Accept-Language header
        (None, "es-ES, de;q=0.5", "de"),  # the first language the app speaks
        (None, "es-ES", "en"),  # none the app speaks: English
        (None, None, "en"),
        ("xx", "de", "de"),  # a stored value the app no longer speaks is ignored
    ],
)
def test_account_before_browser_before_english(account, browser, expected):
    assert choose_language(account, browser) == expected


def test_the_header_weights_decide_not_the_order():
    assert from_accept_language("en;q=0.3, de;q=0.9") == "de"
    assert from_accept_language("de;q=0, fr") == "fr"  # q=0 means "not this one"


def test_dates_and_scores_read_as_each_language_writes_them():
    day = date(2026, 12, 1)
    assert format_date(day, "en") == "2026-12-01"  # English as the app always wrote it
    assert format_date(day, "de") == "01.12.2026"
    assert format_date(day, "fr") == "1 déc. 2026"
    assert format_datetime(datetime(2026, 12, 1, 9, 5), "de") == "01.12.2026 09:05"
    assert format_percent(62.5, "en") == "62.5 %"
    assert format_percent(62.5, "de") == "62,5 %"
    assert format_percent(1234.5, "fr") == "1\u202f234,5 %"
    assert format_percent(None, "de") == "k. A."
