"""No page shows an English sentence that bypasses the catalogues.

A label, title, message or caption written as a bare string (or an f-string) in a page or a
UI helper would stay English for a German or French reader, and `make messages` would never
see it. Every such text goes through ``_()`` / ``ngettext()`` (or is built by a domain
function that takes the language). Strings without a letter (markup, separators) and the
names in ``NOT_WORDS`` (format names, product names) are not sentences. A table's column
names (the keys of the dictionaries a ``DataFrame`` is built from) are read too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support import ROOT

# Streamlit calls whose first argument, or whose label/help/placeholder, a reader sees.
SHOWN = {
    "title", "header", "subheader", "caption", "markdown", "write", "text",
    "info", "warning", "error", "success", "toast", "exception",
    "button", "download_button", "form_submit_button", "link_button", "page_link",
    "selectbox", "multiselect", "radio", "pills", "segmented_control", "select_slider",
    "text_input", "text_area", "number_input", "date_input", "time_input",
    "checkbox", "toggle", "file_uploader", "slider",
    "metric", "expander", "popover", "tabs", "spinner", "status",
    "flash",
}  # fmt: skip
TABLES = {"DataFrame"}  # a table's column names are read too
CHART_PARTS = {"X", "Y", "Axis", "Legend", "Tooltip", "Color"}  # altair: their titles show
SHOWN_KEYWORDS = {"label", "help", "placeholder", "body", "caption"}
NOT_WORDS = {"CSV", "XLSX", "PDF", "Markdown", "JSON", "NIS 2", "AWS", "SSO", "OK"}
WHERE = [ROOT / "quiz_app" / "app_pages", ROOT / "quiz_app" / "ui"]
LOGGERS = {"log", "_log", "logger", "_logger", "logging"}  # log records: for the operator
ICON = re.compile(r":material/[a-z0-9_]+:")  # an icon's short code, not a word


def _is_sentence(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):  # an f-string: built from English words
        words = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return any(c.isalpha() for c in words)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = ICON.sub("", node.value).strip()
        return any(c.isalpha() for c in text) and text not in NOT_WORDS
    if isinstance(node, ast.BinOp):  # "..." + x
        return _is_sentence(node.left) or _is_sentence(node.right)
    if isinstance(node, ast.IfExp):
        return _is_sentence(node.body) or _is_sentence(node.orelse)
    return False


def _pages() -> list[Path]:
    """The page and UI helper modules, in a stable order."""
    return [p for where in WHERE for p in sorted(where.glob("*.py"))]


def _calls(path: Path) -> list[tuple[str | None, ast.Call]]:
    """Every call in ``path`` with the name it calls (``st.selectbox`` -> ``selectbox``)."""
    return [
        (getattr(node.func, "attr", None) or getattr(node.func, "id", None), node)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
    ]


def _untranslated(path: Path) -> list[str]:
    found = []
    for name, node in _calls(path):
        if name in TABLES:  # column headers: the keys of the rows' dictionaries
            found += [
                f"{path.relative_to(ROOT)}:{key.lineno}: column {ast.unparse(key)[:60]}"
                for inner in ast.walk(node)
                if isinstance(inner, ast.Dict)
                for key in inner.keys
                if key is not None and _is_sentence(key)
            ]
            continue
        if name in CHART_PARTS:  # a chart's axis, legend and tooltip titles
            titles = [k.value for k in node.keywords if k.arg == "title"]
            found += [
                f"{path.relative_to(ROOT)}:{t.lineno}: title {ast.unparse(t)[:60]}"
                for t in titles
                if _is_sentence(t)
            ]
            continue
        receiver = getattr(node.func, "value", None)
        if name not in SHOWN or (isinstance(receiver, ast.Name) and receiver.id in LOGGERS):
            continue
        # page_link's first argument is the page's path; its label is a keyword.
        first = [] if name == "page_link" else node.args[:1]
        shown = first + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        if name == "tabs" and node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            shown = list(node.args[0].elts)
        found += [
            f"{path.relative_to(ROOT)}:{arg.lineno}: {ast.unparse(arg)[:70]}"
            for arg in shown
            if _is_sentence(arg)
        ]
    return found


def test_every_text_a_page_shows_goes_through_the_catalogue():
    found = [line for p in _pages() for line in _untranslated(p)]
    assert found == []


def _translated_inside_f_strings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            name = getattr(getattr(inner, "func", None), "id", None)
            literal = (
                isinstance(inner, ast.Call)
                and inner.args
                and isinstance(inner.args[0], ast.Constant)
            )
            if literal and name in {
                "_",
                "ngettext",
                "N_",
            }:  # _(variable) is looked up, not extracted
                found.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {ast.unparse(inner)[:60]}")
    return found


def test_no_message_hides_inside_an_f_string():
    """Babel's extractor does not look inside f-strings on Python 3.11: a ``_()`` there never
    reaches the catalogues and stays English. Build the text with ``.format`` instead."""
    found = [
        line
        for path in sorted((ROOT / "quiz_app").rglob("*.py"))
        for line in _translated_inside_f_strings(path)
    ]
    assert found == []


# Widgets whose own words or formats Streamlit writes in English unless the page says otherwise.
NEEDS_KEYWORD = {
    "date_input": "format",  # else Streamlit's YYYY/MM/DD for every reader
    "selectbox": "placeholder",  # else "Choose an option"
    "multiselect": "placeholder",  # else "Choose options"
}


def _widgets_left_to_streamlit(path: Path) -> list[str]:
    found = []
    for name, node in _calls(path):
        wanted = NEEDS_KEYWORD.get(name)
        if wanted and wanted not in {k.arg for k in node.keywords}:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name} without {wanted}=")
    return found


def test_every_date_picker_and_choice_speaks_the_readers_language():
    """A date picker passes ``format=`` (``date_input_format()``); a selectbox or multiselect
    passes a translated ``placeholder=``, so Streamlit's English never shows on a page."""
    found = [line for p in _pages() for line in _widgets_left_to_streamlit(p)]
    assert found == []


# Streamlit's table columns and altair's axes that show a date: their format follows the
# reader (``date_column_format()`` / ``chart_date_format()``), never a fixed pattern.
DATE_SHOWN = {"DateColumn", "DatetimeColumn", "Axis"}


def _fixed_date_patterns(path: Path) -> list[str]:
    found = []
    for name, node in _calls(path):
        if name not in DATE_SHOWN:
            continue
        for keyword in node.keywords:
            value = keyword.value
            fixed = isinstance(value, ast.Constant) and isinstance(value.value, str)
            if keyword.arg == "format" and fixed and re.search("YYYY|%Y", value.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name} {value.value}")
    return found


def test_dates_in_tables_and_charts_follow_the_reader():
    """A German trainer reads due dates as 01.12.2026 in the dashboard's tables and on the
    history chart, as everywhere else on the page, not as 2026-12-01."""
    found = [line for p in _pages() for line in _fixed_date_patterns(p)]
    assert found == []
