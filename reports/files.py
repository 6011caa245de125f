"""Where a workbook is written: atomically, and checked writable before any work.

Kept apart from the workbook helpers (``reports.xlsx``) so that checking ``-o`` on the
command line loads no xlsxwriter: the allocate command starts its worker process first.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RANDOM = 10  # what mkstemp adds to a name: '.', '-' and eight random characters


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success only.

    The temporary name is no longer than the target's (a short name keeps its whole
    stem and gets 10 characters more): a name the file system takes for the report
    it takes for the temporary file too.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = _temporary(target)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; follow the user's umask
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _temporary(target: Path) -> tuple[int, str]:
    """A new hidden temporary file beside ``target``, named after it: (handle, name)."""
    stem = target.stem
    if len(stem) > 2 * _RANDOM:
        stem = stem[:-_RANDOM]
    return tempfile.mkstemp(prefix=f".{stem}-", suffix=target.suffix, dir=target.parent)


def write_problem(target: Path) -> str | None:
    """Why ``target`` cannot be written, in words naming it; None when it can.

    Tried for real: a temporary file named as the report's would be is made in its
    folder and removed, so a folder we may not write to, a full or read-only disk
    and a name too long are all found before any work is done. A folder that does
    not exist yet is made when the report is written; then its nearest existing
    folder must be writable.
    """
    folder = target.parent
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        return f"cannot write {target}: {existing} is a file, not a folder"
    if existing != folder:
        if not os.access(existing, os.W_OK | os.X_OK):
            return f"cannot write {target}: you may not create folders in {existing}"
        return None
    try:
        handle, name = _temporary(target)
    except OSError as exc:
        return f"cannot write {target} ({exc.strerror or exc}); choose another folder or name"
    os.close(handle)
    os.unlink(name)
    return None


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
