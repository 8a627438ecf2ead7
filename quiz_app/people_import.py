"""Import people from an HR CSV file: validate every row, then apply all of them or none.

Columns (header row, any order, names case-insensitive): ``id, name, email, department,
role, is_management_body`` and, optionally, ``manager`` (the manager's HR id; the escalation
of an overdue training reminder goes to that person). A file without ``manager`` leaves
everyone's manager as it was. ``id`` is the HR id (``people.external_id``) and keys the import:
a known id is updated, a new one is created, nobody is deleted. ``role`` is the job role
(``people.job_role``), not an app role. ``is_management_body`` is one of true/false/yes/no/1/0.
A UTF-8 byte-order mark is ignored; a header with only semicolons is read as ``;``-separated
(as Excel writes CSV in many European locales).

Every problem is reported as ``FILE:LINE: column: message``, all of them at once, and nothing
is written unless the whole file is valid. The change runs in one transaction and is audited.

A file over ``NIS2_IMPORT_MAX_BYTES`` is refused before it is read, and reading stops as soon
as it passes ``NIS2_IMPORT_MAX_ROWS`` (both in ``quiz_app.config``); the file is read and
decoded line by line, never held as text as a whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from quiz_app import audit
from quiz_app.authz import Action, Actor, require
from quiz_app.config import MB, get_settings
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_
from quiz_app.store import people, read_transaction, transaction, utcnow

COLUMNS = ("id", "name", "email", "department", "role", "is_management_body")
OPTIONAL = ("manager",)
# The file's text columns and the ``people`` columns that hold them (and set their limits).
STORED_AS = {
    "id": "external_id",
    "name": "name",
    "email": "email",
    "department": "department",
    "role": "job_role",
    "manager": "manager_external_id",
}
# The columns an import sets on a known person (its HR id finds it).
COMPARED = ("name", "email", "department", "job_role", "is_management_body")
COMPARED_ALL = (*COMPARED, "manager_external_id")  # with a manager column
BATCH = 1000  # rows per statement when reading or writing people
BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
# NUL (which PostgreSQL cannot store) and the other C0/C1 controls but tab and newlines
# (a quoted cell may span lines).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
EMAIL = re.compile(r"^[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[^@\s,;<>()\[\]\"'.]+$")


class ImportTooLarge(InvalidInput):
    """The file is over ``NIS2_IMPORT_MAX_BYTES`` or ``NIS2_IMPORT_MAX_ROWS``; nothing was
    imported and nothing past the limit was read."""


class ImportFailed(InvalidInput):
    """The file has problems; ``problems`` lists each as ``FILE:LINE: column: message``."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        self.problems = problems
        template = (
            N_("nothing imported from {filename}: {count} problem\n{problems}")
            if len(problems) == 1
            else N_("nothing imported from {filename}: {count} problems\n{problems}")
        )
        super().__init__(
            template, filename=filename, count=len(problems), problems="\n".join(problems)
        )


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One valid row of the file, with its line number."""

    line: int
    external_id: str
    name: str
    email: str | None
    department: str | None
    job_role: str | None
    is_management_body: bool
    manager_external_id: str | None = None
    sets_manager: bool = False  # the file has a manager column

    def fields(self, **more: object) -> dict:
        """The values as ``people`` columns (and ``more``)."""
        return {
            "external_id": self.external_id,
            "name": self.name,
            "email": self.email,
            "department": self.department,
            "job_role": self.job_role,
            "is_management_body": self.is_management_body,
            **({"manager_external_id": self.manager_external_id} if self.sets_manager else {}),
            **more,
        }

    def compared(self) -> tuple:
        """The values of the ``COMPARED`` columns, in that order."""
        base = (self.name, self.email, self.department, self.job_role, self.is_management_body)
        return (*base, self.manager_external_id) if self.sets_manager else base


@dataclass(frozen=True)
class ImportResult:
    """How many people the import created, updated and left unchanged."""

    created: int
    updated: int
    unchanged: int

    def describe(self) -> str:
        """E.g. ``20 created, 0 updated, 0 unchanged``."""
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _too_large(filename: str, what: str) -> ImportTooLarge:
    return ImportTooLarge(
        N_("nothing imported from {filename}: {what}; split it into smaller files"),
        filename=filename,
        what=what,
    )


def _over_byte_limit(filename: str, limit: int) -> ImportTooLarge:
    shown = f"{limit // MB} MB" if limit % MB == 0 else f"{limit:,} bytes"
    return _too_large(filename, f"larger than the import limit of {shown} (NIS2_IMPORT_MAX_BYTES)")


def check_size(size: int, filename: str) -> None:
    """Refuse a file of ``size`` bytes over ``NIS2_IMPORT_MAX_BYTES`` before reading it.

    Raises:
        ImportTooLarge: it is over the limit.
    """
    limit = get_settings().import_max_bytes
    if size > limit:
        raise _over_byte_limit(filename, limit)


def _lines(stream: BinaryIO, filename: str) -> Iterator[str]:
    """The file's lines as text, read and decoded one at a time, line ends kept (as
    ``csv.reader`` wants them); never more than ``NIS2_IMPORT_MAX_BYTES`` in all."""
    limit = get_settings().import_max_bytes
    read = number = 0
    while raw := stream.readline(limit - read + 1):
        read += len(raw)
        number += 1
        if read > limit:
            raise _over_byte_limit(filename, limit)
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            problem = f"{filename}:{number}: file: not UTF-8 text; save it as 'CSV UTF-8'"
            raise ImportFailed(filename, [problem]) from None
        if line.count("\r") > line.endswith("\r\n"):  # a lone CR ends a line too (old Macs)
            yield from io.StringIO(line, newline="")
        else:
            yield line


def _check_header(header: list[str] | None, filename: str) -> list[str]:
    if not header or not any(h.strip() for h in header):
        raise ImportFailed(
            filename, [f"{filename}:1: header: the file is empty (expected: {', '.join(COLUMNS)})"]
        )
    names = [h.strip().lower() for h in header]
    problems = []
    missing = [c for c in COLUMNS if c not in names]
    extra = [h for h in names if h not in COLUMNS + OPTIONAL]
    twice = sorted({h for h in names if names.count(h) > 1 and h in COLUMNS + OPTIONAL})
    if missing:
        problems.append(f"{filename}:1: header: missing column(s): {', '.join(missing)}")
    if extra:
        problems.append(
            f"{filename}:1: header: unknown column(s): {', '.join(repr(e) for e in extra)}"
        )
    if twice:
        problems.append(f"{filename}:1: header: column(s) given twice: {', '.join(twice)}")
    if problems:
        problems[-1] += f" (expected exactly: {', '.join(COLUMNS)})"
        raise ImportFailed(filename, problems)
    return names


def max_lengths() -> dict[str, int]:
    """The longest value each text column of the file may hold: its ``people`` column's
    (``manager``, optional, is checked only when the file has it)."""
    return {column: people.c[stored].type.length for column, stored in STORED_AS.items()}


def _row(
    values: dict[str, str], line: int, where: str, problems: list[str], lengths: dict[str, int]
) -> PersonRow | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(f"{where}:{line}: {column}: {message}")

    for column, limit in lengths.items():
        if len(values.get(column, "")) > limit:
            problem(column, f"longer than {limit} characters")
    for column, value in values.items():
        control = CONTROL.search(value)
        if control is not None:
            problem(column, f"contains a control character (U+{ord(control[0]):04X}); remove it")
    for column in ("id", "name"):
        if not values[column]:
            problem(column, "empty (required)")
    for column in ("id", "manager"):
        if any(ch.isspace() for ch in values.get(column, "")):
            problem(column, f"contains a space: {values[column]!r}")
    if values["id"] and values.get("manager") == values["id"]:
        problem("manager", "a person cannot be their own manager")
    email = values["email"]
    if email and not EMAIL.match(email):
        problem("email", f"not an e-mail address: {email!r}")
    flag = values["is_management_body"].lower()
    if flag not in BOOLEANS:
        problem(
            "is_management_body",
            f"{values['is_management_body']!r} is not one of: true, false, yes, no, 1, 0",
        )
    if len(problems) > before:
        return None
    return PersonRow(
        line=line,
        external_id=values["id"],
        name=values["name"],
        email=email.lower() or None,
        department=values["department"] or None,
        job_role=values["role"] or None,
        is_management_body=BOOLEANS[flag],
        manager_external_id=values.get("manager") or None,
        sets_manager="manager" in values,
    )


def parse_people_csv(data: bytes, filename: str) -> list[PersonRow]:
    """The valid rows of an HR CSV file held in memory (see ``read_people_csv``).

    Raises:
        ImportTooLarge: the file is over a limit (its size is checked before parsing).
        ImportFailed: any problem, every one listed as ``FILE:LINE: column: message``.
    """
    check_size(len(data), filename)
    return read_people_csv(io.BytesIO(data), filename)


def read_people_csv(stream: BinaryIO, filename: str) -> list[PersonRow]:
    """The valid rows of an HR CSV file, read from ``stream`` line by line.

    Stops reading as soon as the file passes ``NIS2_IMPORT_MAX_BYTES`` or
    ``NIS2_IMPORT_MAX_ROWS`` (blank lines do not count as rows).

    Raises:
        ImportTooLarge: the file is over a limit.
        ImportFailed: any problem, every one listed as ``FILE:LINE: column: message``.
    """
    max_rows = get_settings().import_max_rows
    lines = _lines(stream, filename)
    first = next(lines, "")
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
    lengths = max_lengths()
    problems: list[str] = []
    rows: list[PersonRow] = []
    count = 0
    try:
        names = _check_header(next(reader, None), filename)
        first_line: dict[str, int] = {}
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            count += 1
            if count > max_rows:
                raise _too_large(
                    filename,
                    f"more than the import limit of {max_rows:,} rows (NIS2_IMPORT_MAX_ROWS)",
                )
            if len(record) != len(names):
                problems.append(
                    f"{filename}:{start}: row: {len(record)} fields, but the header has "
                    f"{len(names)}"
                )
                continue
            values = {n: v.strip() for n, v in zip(names, record, strict=True)}
            row = _row(values, start, filename, problems, lengths)
            if row is None:
                continue
            if row.external_id in first_line:
                problems.append(
                    f"{filename}:{start}: id: duplicate id {row.external_id!r} "
                    f"(first on line {first_line[row.external_id]})"
                )
                continue
            first_line[row.external_id] = start
            rows.append(row)
    except csv.Error as exc:
        problems.append(f"{filename}:{reader.line_num}: row: not valid CSV ({exc})")
    if problems:
        raise ImportFailed(filename, problems)
    return rows


def import_people(
    engine: Engine, actor: Actor, data: bytes, filename: str, *, now: datetime | None = None
) -> ImportResult:
    """Create or update the people of an HR CSV file, all in one transaction (audited).

    Raises:
        PermissionDenied: the actor may not import people.
        ImportTooLarge: the file is over a limit; nothing was changed.
        ImportFailed: the file has problems; nothing was changed.
    """
    require(actor, Action.IMPORT_PEOPLE)
    return _apply(engine, actor, parse_people_csv(data, filename), now=now)


def _apply(
    engine: Engine, actor: Actor, rows: list[PersonRow], *, now: datetime | None = None
) -> ImportResult:
    with read_transaction(engine) as conn:
        plan = plan_import(conn, rows)
    return apply_plan(engine, actor, rows, plan, now=now)


@dataclass(frozen=True)
class ImportPlan:
    """What importing some rows will change, as worked out from the store at ``seen``."""

    changes: list[PersonRow]  # the new and the changed people, in file order
    result: ImportResult
    seen: tuple  # the ``people`` table's fingerprint when planned


def _fingerprint(conn: Connection) -> tuple:
    """Changes whenever a person is added or updated (every update sets ``updated_at``)."""
    query = select(func.count(), func.max(people.c.id), func.max(people.c.updated_at))
    return tuple(conn.execute(query).one())


def plan_import(conn: Connection, rows: list[PersonRow]) -> ImportPlan:
    """Compare ``rows`` with the people in the store (read in batches, nothing kept but the
    ids of the rows that change nothing). Use a ``read_transaction``: it takes no lock."""
    seen = _fingerprint(conn)
    by_id = {row.external_id: row for row in rows}
    query = select(people.c.external_id, *(people.c[c] for c in COMPARED_ALL))
    known = 0
    same: set[str] = set()
    for stored in conn.execute(query.execution_options(yield_per=BATCH)):
        row = by_id.get(stored[0])
        if row is None:
            continue
        known += 1
        if tuple(stored[1 : 1 + len(row.compared())]) == row.compared():
            same.add(row.external_id)
    changes = [row for row in rows if row.external_id not in same]
    result = ImportResult(len(rows) - known, known - len(same), len(same))
    return ImportPlan(changes, result, seen)


def _write(conn: Connection, changes: list[PersonRow], now: datetime) -> None:
    """Insert or update ``changes`` by HR id, ``BATCH`` rows per ``executemany``.

    The statement is compiled once and its rows go to the driver as they are (the time
    stamp converted once), not through SQLAlchemy's per-value conversion, which took five
    times as long as the driver's own work.
    """
    compared = COMPARED_ALL if changes and changes[0].sets_manager else COMPARED
    written = ("external_id", *compared, "created_at", "updated_at")
    insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
    statement = insert(people)
    updated = {c: statement.excluded[c] for c in (*compared, "updated_at")}
    statement = statement.on_conflict_do_update(index_elements=[people.c.external_id], set_=updated)
    compiled = statement.compile(
        dialect=conn.dialect, column_keys=list(written), for_executemany=True
    )
    to_db = people.c.updated_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    stamp = to_db(now) if to_db else now
    positions = [written.index(name) for name in compiled.positiontup or ()]
    for start in range(0, len(changes), BATCH):
        batch = [
            (row.external_id, *row.compared(), stamp, stamp)
            for row in changes[start : start + BATCH]
        ]
        if not positions:  # named parameters (psycopg)
            rows: list = [dict(zip(written, values, strict=True)) for values in batch]
        elif positions == sorted(positions):
            rows = batch
        else:
            rows = [tuple(values[i] for i in positions) for values in batch]
        conn.exec_driver_sql(compiled.string, rows)


def apply_plan(
    engine: Engine,
    actor: Actor,
    rows: list[PersonRow],
    plan: ImportPlan,
    *,
    now: datetime | None = None,
) -> ImportResult:
    """Write ``plan`` in one transaction (audited), ``BATCH`` rows per statement.

    The write lock (SQLite) is held only for this: if anyone changed people since the plan
    was made, it is made again from ``rows`` inside the transaction.

    Raises:
        PermissionDenied: the actor may not import people.
    """
    require(actor, Action.IMPORT_PEOPLE)
    now = now or utcnow()
    with transaction(engine) as conn:
        if _fingerprint(conn) != plan.seen:
            plan = plan_import(conn, rows)
        _write(conn, plan.changes, now)
        result = plan.result
        audit.record(
            conn,
            actor.account_id,
            audit.IMPORT,
            "people",
            {
                "rows": len(rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def import_people_file(engine: Engine, actor: Actor, path: Path) -> ImportResult:
    """``import_people`` for a file on disk (errors name the file as given).

    Raises:
        PermissionDenied: the actor may not import people.
        InvalidInput: the file cannot be read.
        ImportTooLarge: the file is over a limit; nothing was changed.
        ImportFailed: the file has problems; nothing was changed.
    """
    require(actor, Action.IMPORT_PEOPLE)
    try:
        with path.open("rb") as stream:
            if path.is_file():
                check_size(os.fstat(stream.fileno()).st_size, str(path))
            rows = read_people_csv(stream, str(path))
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read {path}: {reason}"), path=path, reason=exc.strerror or exc
        ) from None
    return _apply(engine, actor, rows)
