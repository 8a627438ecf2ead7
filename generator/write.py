"""Write a tree of generated files atomically: all of it, or none of it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_tree(files: Mapping[str, str | bytes], out: Path) -> int:
    """Replace folder ``out`` with exactly ``files`` ({relative path: content}).

    The tree is written into a temporary sibling folder first and swapped in with
    renames, so a reader (or a crash) never sees a half-written folder.

    Raises:
        OSError: when the folder cannot be written; ``out`` is then unchanged.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        for rel, content in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)


def swap_in(staging: Path, out: Path) -> None:
    """Move ``staging`` to ``out``, replacing it, with the old tree removed last."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
