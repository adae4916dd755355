"""Crash-safe file writes: temp file in the same folder, fsync, rename over, fsync the folder.

A kill at any instant leaves either the old file or the new one, whole (docs/STORAGE.md, S1).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _fsync_file(fd: int) -> None:
    full = getattr(__import__("fcntl"), "F_FULLFSYNC", None) if os.name != "nt" else None
    if full is not None:  # macOS: plain fsync does not reach the platter
        try:
            __import__("fcntl").fcntl(fd, full)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FolderSyncError(OSError):
    """The new file is in place, but the folder's fsync failed: the rename may not survive a
    power cut. Distinct from other errors because the change *was* made."""


def atomic_write_bytes(path: Path, payload: bytes | Sequence[bytes | memoryview]) -> os.stat_result:
    """Write `payload` (bytes, or pieces written in order) to `path` atomically and durably
    (mode 0600); return the new file's stat."""
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if os.name != "nt":
                os.fchmod(handle.fileno(), 0o600)
            for piece in [payload] if isinstance(payload, bytes) else payload:
                handle.write(piece)
            handle.flush()
            _fsync_file(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        raise FolderSyncError(exc.errno, exc.strerror) from exc
    return os.stat(path)


def remove_stale_temps(path: Path) -> int:
    """Delete our own leftover temp files beside `path` (uncommitted by definition, S1).

    Call only while holding the write lock, so a temp file being written right now by
    another process is never removed."""
    removed = 0
    prefix = temp_prefix(path)
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(TEMP_SUFFIX)
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed
