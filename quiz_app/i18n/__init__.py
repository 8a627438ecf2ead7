"""The app's interface in English, German and French (gettext catalogues, via Babel).

English is the source: every interface string in the code is English, wrapped in ``_()``
(or ``ngettext``), and ``quiz_app/locale/<lang>/LC_MESSAGES/messages.po`` holds its German
and French. The catalogues are read from the ``.po`` files once per process (no compiled
``.mo`` files are kept in the repository). ``make messages`` extracts the strings and
updates the catalogues; a test checks that each is complete.

This package does no Streamlit work: :mod:`quiz_app.ui.i18n` binds it to the reader of a
page, the CLI and the e-mails pass a language explicitly.
"""

from quiz_app.i18n.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    Translator,
    translator,
)
from quiz_app.i18n.choose import choose_language, from_accept_language
from quiz_app.i18n.formats import (
    chart_date_format,
    country_name,
    date_column_format,
    date_input_format,
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "Translator",
    "chart_date_format",
    "choose_language",
    "country_name",
    "date_column_format",
    "date_input_format",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_percent",
    "from_accept_language",
    "translator",
]
