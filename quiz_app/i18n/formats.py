"""Dates and numbers as each language writes them (Babel's CLDR data)."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates, numbers

_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}
_DATE_INPUT_FORMATS = {"de": "DD.MM.YYYY", "fr": "DD/MM/YYYY"}  # Streamlit's date picker
_DATE_COLUMN_FORMATS = {"de": "DD.MM.YYYY", "fr": "DD/MM/YYYY"}  # its tables (Moment.js)
_CHART_DATE_FORMATS = {"de": "%d.%m.%Y", "fr": "%d/%m/%Y"}  # altair's axes (d3-time-format)
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
    return _DATE_INPUT_FORMATS.get(language, "YYYY/MM/DD")


def date_column_format(language: str) -> str:
    """The ``format=`` of a table's date column: ``YYYY-MM-DD`` (as English pages write
    dates), ``DD.MM.YYYY``, ``DD/MM/YYYY``."""
    return _DATE_COLUMN_FORMATS.get(language, "YYYY-MM-DD")


def chart_date_format(language: str) -> str:
    """The date format of a chart's time axis, the same digits as :func:`date_column_format`."""
    return _CHART_DATE_FORMATS.get(language, "%Y-%m-%d")


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
