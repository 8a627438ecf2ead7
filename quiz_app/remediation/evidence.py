"""Evidence on a remediation action: a link (http or https), a note, or a file.

Files are checked before they are kept: at most ``NIS2_EVIDENCE_MAX_BYTES`` (default 10 MiB),
of an accepted type (:data:`ACCEPTED`) whose *content* matches the name (PDF, PNG and JPEG by
their signatures, XLSX and DOCX as Office Open XML packages, TXT and CSV as UTF-8 text without
markup), so an HTML page renamed ``.pdf`` is refused. The bytes are kept in the store
(``action_evidence.content``), so backups hold them. A download is offered as an attachment
under a safe name with the media type of the checked type, never rendered by the browser.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Engine

from quiz_app import audit
from quiz_app.authz import Actor
from quiz_app.config import get_settings
from quiz_app.errors import InvalidInput, NotFound
from quiz_app.i18n import N_
from quiz_app.remediation.actions import TEXT_MAX, load, require_access
from quiz_app.store import action_evidence, read_transaction, transaction, utcnow

EVIDENCE_ADD = "evidence_add"
EVIDENCE_DOWNLOAD = "evidence_download"
URL_MAX = 2000
NAME_MAX = 100

ACCEPTED: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
_OFFICE_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
_MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|\?xml|iframe|object|body)", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence, without a file's bytes."""

    id: int
    kind: str
    url: str | None
    note: str | None
    filename: str | None
    media_type: str | None
    size: int | None
    added_at: datetime


@dataclass(frozen=True)
class Download:
    """A file to hand out as an attachment."""

    filename: str
    media_type: str
    content: bytes


def extension_of(filename: str) -> str:
    """The lower-case extension of the last part of ``filename`` ("" without one)."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def safe_filename(filename: str, extension: str) -> str:
    """A name safe in a Content-Disposition header and on any disk: letters, digits, ``.``,
    ``-`` and ``_`` only, no folders, no leading dot, ending in ``.<extension>``."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:NAME_MAX]
    return f"{stem or 'evidence'}.{extension}"


def _is_text(content: bytes) -> bool:
    if b"\x00" in content or _MARKUP.search(content):
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _is_office(content: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and part in names


def check_file(filename: str, content: bytes, max_bytes: int | None = None) -> tuple[str, str]:
    """The (extension, media type) of an acceptable file, judged by its name *and* content.

    Raises:
        InvalidInput: empty, too large, a type not accepted, or content not of its type.
    """
    limit = max_bytes if max_bytes is not None else get_settings().evidence_max_bytes
    if not content:
        raise InvalidInput(N_("the file is empty"))
    if len(content) > limit:
        raise InvalidInput(
            N_(
                "the file is {size:,} bytes; evidence files may be at most {limit:,} bytes "
                "(NIS2_EVIDENCE_MAX_BYTES)"
            ),
            size=len(content),
            limit=limit,
        )
    extension = extension_of(filename)
    if extension not in ACCEPTED:
        accepted = ", ".join(f".{e}" for e in ACCEPTED)
        raise InvalidInput(
            N_("files of type {extension!r} are not accepted (accepted: {accepted})"),
            extension=extension,
            accepted=accepted,
        )
    if extension in _SIGNATURES:
        matches = content.startswith(_SIGNATURES[extension])
    elif extension in _OFFICE_PART:
        matches = _is_office(content, _OFFICE_PART[extension])
    else:
        matches = _is_text(content)
    if not matches:
        raise InvalidInput(
            N_("the file's content is not that of a .{extension} file"), extension=extension
        )
    return extension, ACCEPTED[extension]


def check_link(url: str) -> str:
    """A link that is safe to show: http or https with a host, no spaces.

    Raises:
        InvalidInput: another scheme (javascript:, data:, file: ...), no host, or too long.
    """
    url = (url or "").strip()
    if not url or len(url) > URL_MAX or re.search(r"[\s\x00-\x1f\x7f]", url):
        raise InvalidInput(N_("give a link of at most 2000 characters, without spaces"))
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(N_("a link must start with http:// or https:// and name a host"))
    return url


def _add(engine: Engine, actor: Actor, action_id: int, **values) -> int:
    with transaction(engine) as conn:
        require_access(actor, load(conn, action_id))
        evidence_id = conn.execute(
            action_evidence.insert().values(
                action_id=action_id, added_at=utcnow(), added_by=actor.account_id, **values
            )
        ).inserted_primary_key[0]
        audit.record(
            conn,
            actor.account_id,
            EVIDENCE_ADD,
            f"action:{action_id}",
            {"evidence": evidence_id, "kind": values["kind"], "size": values.get("size")},
        )
    return evidence_id


def add_link(
    engine: Engine, actor: Actor, action_id: int, url: str, note: str | None = None
) -> int:
    """Attach a link (http or https), with an optional note; return its id (audited).

    Raises:
        InvalidInput: not an http(s) link.
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    note = (note or "").strip()[:TEXT_MAX] or None
    return _add(engine, actor, action_id, kind="link", url=check_link(url), note=note)


def add_note(engine: Engine, actor: Actor, action_id: int, note: str) -> int:
    """Attach a note; return its id (audited).

    Raises:
        InvalidInput: an empty or overlong note.
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    text = (note or "").strip()
    if not text or len(text) > TEXT_MAX:
        raise InvalidInput(N_("a note must hold 1 to {maximum} characters"), maximum=TEXT_MAX)
    return _add(engine, actor, action_id, kind="note", note=text)


def add_file(engine: Engine, actor: Actor, action_id: int, filename: str, content: bytes) -> int:
    """Attach a checked file; return its id (audited).

    Raises:
        InvalidInput: too large, a type not accepted, or content not of its type.
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    extension, media_type = check_file(filename, content)
    return _add(
        engine,
        actor,
        action_id,
        kind="file",
        filename=safe_filename(filename, extension),
        media_type=media_type,
        size=len(content),
        content=content,
    )


def list_evidence(engine: Engine, actor: Actor, action_id: int) -> list[Evidence]:
    """An action's evidence, oldest first (files without their bytes).

    Raises:
        NotFound: no such action.
        PermissionDenied: someone else's action for a non-manager.
    """
    e = action_evidence.c
    with read_transaction(engine) as conn:
        require_access(actor, load(conn, action_id))
        rows = conn.execute(
            select(e.id, e.kind, e.url, e.note, e.filename, e.media_type, e.size, e.added_at)
            .where(e.action_id == action_id)
            .order_by(e.id)
        )
        return [Evidence(*row) for row in rows]


def download(engine: Engine, actor: Actor, evidence_id: int) -> Download:
    """A file's bytes with its safe name and checked media type (audited).

    Raises:
        NotFound: no such file.
        PermissionDenied: someone else's action for a non-manager.
    """
    e = action_evidence.c
    with transaction(engine) as conn:
        row = conn.execute(
            select(e.action_id, e.filename, e.media_type, e.content).where(
                e.id == evidence_id, e.kind == "file"
            )
        ).first()
        if row is None:
            raise NotFound(N_("no evidence file {evidence_id}"), evidence_id=evidence_id)
        require_access(actor, load(conn, row.action_id))
        audit.record(
            conn,
            actor.account_id,
            EVIDENCE_DOWNLOAD,
            f"action:{row.action_id}",
            {"evidence": evidence_id},
        )
    return Download(row.filename, row.media_type, bytes(row.content))
