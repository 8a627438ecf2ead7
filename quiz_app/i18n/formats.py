"""Dates and numbers as each language writes them (Babel's CLDR data)."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates, numbers

_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}
# How German and French write a date in digits, in the tokens of Streamlit's date picker and
# tables (Moment.js); English keeps the app's ISO order.
_DAY_FIRST = {"de": "DD.MM.YYYY", "fr": "DD/MM/YYYY"}
_D3_TOKENS = (("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"))  # the same, for altair's axes
_CLDR_TERRITORY = {"EL": "GR"}  # the EU's code for Greece; CLDR follows ISO 3166 (GR)


def _locale(language: str) -> str:
    return _LOCALES.get(language, _LOCALES["en"])


def format_date(value: date, language: str) -> str:
    """``2026-12-01`` (as the app has always written dates in English), ``01.12.2026``,
    ``1 déc. 2026``."""
    pattern = "yyyy-MM-dd" if language not in ("de", "fr") else "medium"
    return dates.format_date(value, format=pattern, locale=_locale(language))


def date_input_format(language: str) -> str:
    """How Streamlit's date picker writes a date for ``language``: ``YYYY/MM/DD`` (its own
    default, kept for English), ``DD.MM.YYYY``, ``DD/MM/YYYY``."""
    return _DAY_FIRST.get(language, "YYYY/MM/DD")


def date_column_format(language: str) -> str:
    """The ``format=`` of a table's date column: ``YYYY-MM-DD`` (as English pages write
    dates), ``DD.MM.YYYY``, ``DD/MM/YYYY``."""
    return _DAY_FIRST.get(language, "YYYY-MM-DD")


def chart_date_format(language: str) -> str:
    """The date format of a chart's time axis (d3-time-format), the same digits as
    :func:`date_column_format`: ``%Y-%m-%d``, ``%d.%m.%Y``, ``%d/%m/%Y``."""
    pattern = date_column_format(language)
    for token, directive in _D3_TOKENS:
        pattern = pattern.replace(token, directive)
    return pattern


def format_datetime(value: datetime, language: str) -> str:
    """A date with hours and minutes (times in the store are UTC; the caller says so)."""
    time = dates.format_time(value, format="HH:mm", locale=_locale(language))
    return f"{format_date(value, language)} {time}"


def format_decimal(value: float, language: str, digits: int = 1, *, signed: bool = False) -> str:
    """``62.5`` / ``62,5`` with ``digits`` decimals (``+2.5`` / ``-2.5`` when ``signed``)."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return numbers.format_decimal(value, format=pattern, locale=_locale(language))


def format_percent(value: float | None, language: str) -> str:
    """A score in percent, ``62.5 %`` / ``62,5 %`` (as the app always wrote it in English);
    ``n/a`` / ``k. A.`` / ``n.d.`` when there is none."""
    if value is None:
        return {"de": "k. A.", "fr": "n.d."}.get(language, "n/a")
    return f"{format_decimal(value, language)} %"


def country_name(code: str, language: str) -> str:
    """A Member State's name in ``language`` from its EU country code (``DE`` ->
    ``Germany``, ``Deutschland``, ``Allemagne``); an unknown code is returned as it is."""
    territories = Locale.parse(_locale(language)).territories
    return territories.get(_CLDR_TERRITORY.get(code, code), code)
