"""Crash-safe file writes: temp file in the same folder, fsync, rename over, fsync the folder.

A kill at any instant leaves either the old file or the new one, whole (docs/STORAGE.md, S1).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

TEMP_SUFFIX = ".tmp"
# The most floortrack reads from one file: a 10-year data file is about 5 MB, so 200 MB is
# far beyond any real one, and /dev/zero or a huge stray file never exhausts memory.
READ_LIMIT = 200 * 1024 * 1024


class NotRegularFileError(OSError):
    """The path is a FIFO, device, socket or folder: never read (a FIFO would hang)."""


class TooLargeError(OSError):
    """The file is larger than READ_LIMIT."""


def read_regular_file(path: Path, limit: int = READ_LIMIT, follow: bool = True) -> bytes:
    """A regular file's bytes, at most `limit` of them. Refuses FIFOs, devices and folders
    without blocking (O_NONBLOCK), and files over the limit without reading them whole.

    Raises FileNotFoundError, PermissionError, NotRegularFileError, TooLargeError, OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFileError(21, "it is a folder, not a file") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotRegularFileError(21, "it is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFileError(22, "it is not a regular file (a device, pipe or socket)")
        if st.st_size > limit:
            raise TooLargeError(27, f"it is larger than {limit // (1024 * 1024)} MB")
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # grew while being read
                raise TooLargeError(27, f"it is larger than {limit // (1024 * 1024)} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


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


def remove_stale_temps(path: Path, older_than: float | None = None) -> int:
    """Delete our own leftover temp files beside `path` (uncommitted by definition).

    Call while holding the write lock, so a temp file being written right now by another
    process is never removed; where there is no lock (an --out folder), pass `older_than`
    (seconds) to remove only temp files that old."""
    import time

    removed = 0
    prefix = temp_prefix(path)
    cutoff = None if older_than is None else time.time() - older_than
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(TEMP_SUFFIX)
                and entry.is_file(follow_symlinks=False)
                and (cutoff is None or entry.stat(follow_symlinks=False).st_mtime < cutoff)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed
