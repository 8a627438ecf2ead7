"""Files the app writes: private (0600), atomic, never through a planted symlink.

The one helper the app uses for every file it writes (backups, exports of completion records
and of a person's data, the SQLite database when it creates it):

- the data goes to a temporary file created with ``O_EXCL | O_NOFOLLOW`` *beside* the
  target (never in /tmp: the data holds personal information), mode 0600;
- on success it is flushed to disk and renamed over the target (``os.replace`` replaces a
  symlink planted at the target instead of following it);
- on any failure or interruption (``KeyboardInterrupt`` included) the temporary file is
  removed and the target is left as it was.

``scratch_dir`` gives a private folder beside a target for a writer's own temporary files
(xlsxwriter's worksheets), removed whatever happens.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def temporary_path(path: Path, suffix: str = ".part") -> Path:
    """A fresh, unguessable name beside ``path`` for a temporary file."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{suffix}")


def create_private(path: Path) -> int:
    """Create ``path`` (it must not exist, not even as a symlink), mode 0600; return its fd.

    Raises:
        FileExistsError: something, a symlink included, is already at ``path``.
    """
    fd = os.open(path, _CREATE_FLAGS, PRIVATE)
    os.fchmod(fd, PRIVATE)  # whatever the umask
    return fd


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file, mode 0600, that appears at ``path`` only when the block ends without
    error; on any exception (or interruption) nothing is left behind and ``path`` is
    unchanged.

    Raises:
        OSError: the folder cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    fd = create_private(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def scratch_dir(path: Path) -> Iterator[Path]:
    """A private (0700) folder beside ``path`` for temporary files, removed at the end."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_sqlite_files(path: Path) -> None:
    """Remove a SQLite database file and the files SQLite and the app keep beside it."""
    for suffix in ("", "-wal", "-shm", "-journal", ".migrate-lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
