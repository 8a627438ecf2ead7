"""Completion-record exports: CSV, XLSX and xAPI 1.0.3 statements. Plain functions, no store.

Every writer takes the records as :class:`CompletionRecord` rows (the store builds them from
one SQL query), reads each value by its field name, and streams them to a binary file
object, so 100,000 records need no more memory than one row plus the writer's own buffers.

- CSV: UTF-8 with a BOM (so Excel detects the encoding), times as ``YYYY-MM-DD HH:MM:SS``
  in UTC, booleans as ``True``/``False``.
- XLSX: typed cells (dates as dates, numbers as numbers, booleans as booleans), frozen
  header row and filters, written with xlsxwriter's ``constant_memory`` mode.
- xAPI: a JSON array with one ``passed``, ``failed`` or ``completed`` statement per record.

Text cells in CSV and XLSX go through ``kb.spreadsheet.safe_cell``: text a spreadsheet
could run as a formula gets a leading apostrophe; numbers, dates and booleans are untouched.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, NamedTuple

import xlsxwriter

from kb.spreadsheet import FORMULA_STARTS, SEPARATORS, safe_cell

FORMATS = ("csv", "xlsx", "xapi")
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "xapi": ".json"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xapi": "application/json",
}
XAPI_VERSION = "1.0.3"
VERB_IRIS = {
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/module"
_STATEMENT_NAMESPACE = uuid.UUID("6f1d3b52-1f43-4c55-9d0f-2b1a8f0c9e11")


class CompletionRecord(NamedTuple):
    """One completion record: one attempt at a module, passed or failed, with its learner.

    The fields are the export's columns (``COLUMNS`` names each and gives its kind).
    """

    record_id: int
    learner_id: str
    name: str
    email: str | None
    department: str | None
    role: str | None
    management_body: bool
    module_id: str
    module_title: str
    module_version: str
    assigned_at: datetime | None
    due_date: date | None
    completed_at: datetime
    completion_status: str  # completed
    success_status: str  # passed | failed
    score_raw: int
    score_max: int
    score_scaled: float
    pass_mark: float
    attempt: int
    duration_seconds: int | None
    valid_until: datetime | None
    exported_at: datetime
    exported_by: str


@dataclass(frozen=True)
class ExportColumn:
    """One column of a completion record: header name and kind of value."""

    name: str
    kind: str  # text | int | float | bool | date | datetime


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("record_id", "int"),
    ExportColumn("learner_id", "text"),
    ExportColumn("name", "text"),
    ExportColumn("email", "text"),
    ExportColumn("department", "text"),
    ExportColumn("role", "text"),
    ExportColumn("management_body", "bool"),
    ExportColumn("module_id", "text"),
    ExportColumn("module_title", "text"),
    ExportColumn("module_version", "text"),
    ExportColumn("assigned_at", "datetime"),
    ExportColumn("due_date", "date"),
    ExportColumn("completed_at", "datetime"),
    ExportColumn("completion_status", "text"),
    ExportColumn("success_status", "text"),
    ExportColumn("score_raw", "int"),
    ExportColumn("score_max", "int"),
    ExportColumn("score_scaled", "float"),
    ExportColumn("pass_mark", "float"),
    ExportColumn("attempt", "int"),
    ExportColumn("duration_seconds", "int"),
    ExportColumn("valid_until", "datetime"),
    ExportColumn("exported_at", "datetime"),
    ExportColumn("exported_by", "text"),
)
HEADER = tuple(c.name for c in COLUMNS)
INDEX = {c.name: i for i, c in enumerate(COLUMNS)}
_TEXT = tuple(i for i, c in enumerate(COLUMNS) if c.kind == "text")
_FIRST_CHARS = frozenset(s[0] for s in FORMULA_STARTS)
_COMMA, _SEMICOLON, _TAB = SEPARATORS

Row = CompletionRecord  # or any object with the same attributes
_values = operator.attrgetter(*HEADER)  # a record's values, by field name, in COLUMNS order


def iso_duration(seconds: int | float | None) -> str | None:
    """An ISO 8601 duration such as ``PT12M30S`` (``PT0S`` for zero; None for None)."""
    if seconds is None:
        return None
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def _may_run(value: str) -> bool:
    """Whether ``safe_cell`` may change ``value``: a cheap test that skips most cells."""
    return value[0] in _FIRST_CHARS or _COMMA in value or _SEMICOLON in value or _TAB in value


def _reader(columns: tuple[ExportColumn, ...]):
    """A row's values by field name in ``columns`` order, and the positions of text columns."""
    if columns is COLUMNS:
        return _values, _TEXT
    names = [c.name for c in columns]
    values = (
        operator.attrgetter(*names) if len(names) > 1 else lambda row: (getattr(row, names[0]),)
    )
    return values, tuple(i for i, c in enumerate(columns) if c.kind == "text")


def _safe_text(row: Row, values=_values, text_columns: tuple[int, ...] = _TEXT) -> list:
    values = list(values(row))
    for i in text_columns:
        value = values[i]
        if value and _may_run(value):
            values[i] = safe_cell(value)
    return values


def write_csv(
    rows: Iterable[Row],
    out: BinaryIO,
    *,
    columns: tuple[ExportColumn, ...] = COLUMNS,
    headers: Sequence[str] | None = None,
) -> int:
    """Write a header and ``rows`` as UTF-8 CSV with a BOM; return the number of records.

    ``columns`` names the fields to write (default: the completion record's); ``headers``,
    the header row to show instead of their names (e.g. in the reader's language).
    """
    values, text_columns = _reader(columns)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(list(headers) if headers else [c.name for c in columns])
        count = 0
        for row in rows:
            writer.writerow(_safe_text(row, values, text_columns))
            count += 1
        text.flush()
    finally:
        text.detach()
    return count


def write_xlsx(
    rows: Iterable[Row],
    out: BinaryIO | str | Path,
    *,
    tmpdir: Path | None = None,
    columns: tuple[ExportColumn, ...] = COLUMNS,
    sheet_name: str = "completions",
    headers: Sequence[str] | None = None,
) -> int:
    """Write ``rows`` as one typed worksheet (frozen header, filters); return the count.

    The rows go to temporary files in ``tmpdir`` first (xlsxwriter's constant-memory mode);
    give a private folder beside the target, since they hold personal data. ``columns``
    names the fields to write (default: the completion record's), on sheet ``sheet_name``;
    ``headers``, the header row to show instead of their names.
    """
    shown = list(headers) if headers else [c.name for c in columns]
    read_values, _ = _reader(columns)
    target = str(out) if isinstance(out, Path) else out
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            **({"tmpdir": str(tmpdir)} if tmpdir is not None else {}),
        },
    )
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True})
    formats = {
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "float": workbook.add_format({"num_format": "0.00"}),
    }
    writers = []
    for col, column in enumerate(columns):
        kind = column.kind
        if kind == "text":
            writers.append((col, sheet.write_string, None, True))
        elif kind in ("int", "float"):
            writers.append((col, sheet.write_number, formats.get(kind), False))
        elif kind == "bool":
            writers.append((col, sheet.write_boolean, None, False))
        else:
            writers.append((col, sheet.write_datetime, formats[kind], False))
        width = 20 if kind in ("datetime", "date") else max(10, len(shown[col]) + 2)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, shown, bold)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - count is the result
        values = read_values(row)
        for col, write, fmt, is_text in writers:
            value = values[col]
            if value is None or value == "":
                continue
            if is_text and _may_run(value):
                value = safe_cell(value)
            write(count, col, value, fmt)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


def statement(row: Row, *, site_base: str, home_page: str) -> dict:
    """One xAPI 1.0.3 statement for one completion record.

    Args:
        row: the record.
        site_base: the knowledge-base site URL (ends in ``/``); activity IRIs are built on it.
        home_page: the app's URL, the ``homePage`` of each learner's account.
    """
    success_status = row.success_status
    verb = success_status if success_status in ("passed", "failed") else "completed"
    raw, maximum = row.score_raw, row.score_max
    score = {"scaled": row.score_scaled, "raw": raw, "min": 0, "max": maximum}
    result: dict = {"score": score, "completion": row.completion_status == "completed"}
    if verb != "completed":
        result["success"] = verb == "passed"
    duration = iso_duration(row.duration_seconds)
    if duration is not None:
        result["duration"] = duration
    module_id = row.module_id
    return {
        "id": str(uuid.uuid5(_STATEMENT_NAMESPACE, f"{home_page}|completion|{row.record_id}")),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "name": row.name,
            "account": {"homePage": home_page, "name": row.learner_id},
        },
        "verb": {"id": VERB_IRIS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": f"{site_base}training/#{module_id}",
            "definition": {"name": {"en-US": row.module_title}, "type": ACTIVITY_TYPE},
        },
        "result": result,
        "context": {
            "platform": "NIS 2 training app",
            "language": "en",
            "extensions": {
                f"{site_base}xapi/extensions/module-version": row.module_version,
                f"{site_base}xapi/extensions/attempt": row.attempt,
                f"{site_base}xapi/extensions/pass-mark": row.pass_mark,
            },
        },
        "timestamp": _utc(row.completed_at),
    }


def _utc(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds") + "Z"
    return moment.isoformat()


def write_xapi(rows: Iterable[Row], out: BinaryIO, *, site_base: str, home_page: str) -> int:
    """Write a JSON array of xAPI statements, one per record; return the count."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out.write(b"[")
    count = 0
    for row in rows:
        out.write(b"\n" if count == 0 else b",\n")
        out.write(encode(statement(row, site_base=site_base, home_page=home_page)).encode())
        count += 1
    out.write(b"\n]\n")
    return count


def write_export(
    fmt: str,
    rows: Iterable[Row],
    out: BinaryIO,
    *,
    site_base: str,
    home_page: str,
    tmpdir: Path | None = None,
) -> int:
    """Write ``rows`` in format ``fmt`` (one of ``FORMATS``); return the number of records.

    ``tmpdir`` is where the XLSX writer keeps its temporary files (default: the system's).

    Raises:
        ValueError: unknown format.
    """
    if fmt == "csv":
        return write_csv(rows, out)
    if fmt == "xlsx":
        return write_xlsx(rows, out, tmpdir=tmpdir)
    if fmt == "xapi":
        return write_xapi(rows, out, site_base=site_base, home_page=home_page)
    raise ValueError(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})")
