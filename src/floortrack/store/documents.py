"""Documents kept with claims: copies in a private `documents/` folder beside the data file.

Each copy is named by its SHA-256 checksum (plus the original extension), so the same file
attached twice is stored once, a copy is never overwritten by a different file, and a backup
of the data file made any time later still finds every document it lists: floortrack never
deletes a stored copy (docs/APPEALS.md, "Documents"). The folder is 0700, each file 0600.

When the data file is encrypted, each copy is sealed with the same key (its name still
carries the checksum of the plain document), so no plain copy sits beside an encrypted file
(docs/STORAGE.md, "Encryption at rest").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_write_bytes
from .sealed import is_encrypted

if TYPE_CHECKING:
    from .crypto import Sealer

FOLDER = "documents"
MAX_BYTES = 100 * 1024 * 1024  # an EOB scan or a letter is far smaller
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
_STORED = re.compile(r"(?P<sha>[0-9a-f]{64})(\.[a-z0-9]{1,8})?")


class DocumentError(ValueError):
    """A file that cannot be attached (missing, a folder, unreadable, too large)."""


@dataclass(frozen=True)
class StoredCopy:
    stored: str  # the file name inside documents/
    sha256: str
    size: int


def documents_folder(data_path: Path) -> Path:
    return Path(data_path).parent / FOLDER


def _ensure_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask


def store_copy(data_path: Path, source: Path, sealer: Sealer | None = None) -> StoredCopy:
    """Copy `source` into documents/ (unless the same bytes are there already); sealed with
    `sealer` when the data file is encrypted."""
    source = Path(source).expanduser()
    try:
        if source.is_dir():
            raise DocumentError(f"{source} is a folder: give a file")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"{source.name} is larger than {MAX_BYTES // 2**20} MB")
        raw = source.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{source} does not exist") from None
    except OSError as exc:
        raise DocumentError(f"{source} cannot be read ({exc.strerror or exc})") from None
    sha = hashlib.sha256(raw).hexdigest()
    suffix = source.suffix.lower() if _SUFFIX.fullmatch(source.suffix) else ""
    stored = f"{sha}{suffix}"
    folder = documents_folder(data_path)
    _ensure_folder(folder)
    target = folder / stored
    if not (target.is_file() and plain_checksum(target, sealer) == sha):
        atomic_write_bytes(target, sealer.seal(raw) if sealer is not None else raw)
    return StoredCopy(stored, sha, len(raw))


def read_plain(path: Path, sealer: Sealer | None) -> bytes | None:
    """A stored copy's plain bytes (opened with `sealer` if sealed); None if unreadable."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if not is_encrypted(raw):
        return raw
    if sealer is None:
        return None
    from .crypto import EncryptionError

    try:
        return sealer.open_with_key(raw)
    except EncryptionError:
        return None


def plain_checksum(path: Path, sealer: Sealer | None) -> str | None:
    raw = read_plain(path, sealer)
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def reseal_folder(data_path: Path, transform: Callable[[bytes], bytes | None]) -> int:
    """Rewrite each stored copy with `transform` (None: leave it): encrypting or decrypting
    the documents with the data file. Returns how many changed."""
    folder = documents_folder(data_path)
    changed = 0
    if not folder.is_dir():
        return 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not _STORED.fullmatch(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        raw = Path(entry.path).read_bytes()
        new = transform(raw)
        if new is not None and new != raw:
            atomic_write_bytes(Path(entry.path), new)
            changed += 1
    return changed


def checksum(path: Path) -> str | None:
    """The file's SHA-256, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def copy_path(data_path: Path, stored: str) -> Path:
    return documents_folder(data_path) / stored


def state(data_path: Path, stored: str, sha256: str, sealer: Sealer | None = None) -> str:
    """ "ok", "missing", "locked" (sealed, and no key given) or "changed" (the bytes no
    longer match the checksum)."""
    path = copy_path(data_path, stored)
    found = plain_checksum(path, sealer)
    if found is None:
        try:
            sealed = is_encrypted(path.read_bytes()[:64])
        except OSError:
            return "missing"
        return "locked" if sealed and sealer is None else "changed" if sealed else "missing"
    return "ok" if found == sha256 else "changed"


def copy_folder(source: Path, target: Path) -> int:
    """Copy every stored document in `source` that `target` lacks, checking each copy's
    bytes against the checksum in its name (a damaged copy is skipped). For backups and
    restores; returns how many were copied."""
    copied = 0
    if not source.is_dir():
        return 0
    _ensure_folder(target)
    for entry in sorted(os.scandir(source), key=lambda e: e.name):
        m = _STORED.fullmatch(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        dest = target / entry.name
        if dest.is_file() and checksum(dest) == m.group("sha"):
            continue
        with contextlib.suppress(OSError):
            raw = Path(entry.path).read_bytes()
            # A sealed copy cannot be checked without the key: its seal is checked on opening.
            if is_encrypted(raw) or hashlib.sha256(raw).hexdigest() == m.group("sha"):
                atomic_write_bytes(dest, raw)
                copied += 1
    return copied


def backup_documents_folder(backup_file: Path) -> Path:
    """Where a backup written to `backup_file` keeps its documents: `<file>.documents/`."""
    return backup_file.with_name(backup_file.name + ".documents")
