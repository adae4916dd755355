"""Backup copies of the data file, written crash-safely beside it in `backups/`
(docs/STORAGE.md, S8).

- `write_backup` copies committed bytes, verifies the copy, names it with the time, the reason,
  the record count and a short sha256, and then rotates the folder.
- `daily_backup` is called by the repository before the first write of each day: at most one
  automatic copy a day, skipped when the newest copy already holds the same bytes.
- Rotation keeps the newest few copies plus one per day for 7 days, one per week for 4 weeks
  and one per month for 12 months, so the folder stays bounded (about two dozen files).
- `make_backup` (the `backup` command) and `restore_backup` (the `restore` command). A restore
  validates the file with `schema.parse` first, keeps the current file as a backup, then
  replaces it atomically under the write lock: a refused file changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
from filelock import FileLock, Timeout

from floortrack import clock

from . import month_index, schema
from .atomic import (
    TEMP_SUFFIX,
    NotRegularFileError,
    TooLargeError,
    atomic_write_bytes,
    read_regular_file,
)
from .documents import backup_documents_folder, copy_folder, documents_folder
from .errors import CorruptStoreError, StoreError, StoreLockedError, StoreWriteError
from .locking import LOCK_SUFFIX, lock_timeout
from .paths import ProtectedPathError, check_output_path

if TYPE_CHECKING:  # the repository imports this module; only the type is needed here
    from .repository import Repository, Unlock

KEEP_RECENT = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
DAILY_REASON = "daily"

_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME_RE = re.compile(
    r"^(?P<stem>.+)-(?P<reason>[A-Za-z0-9]+)-(?P<stamp>\d{8}-\d{6}-\d{6})"
    r"(?:-(?P<records>\d+)r-(?P<sha>[0-9a-f]{8}))?\.json$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime
    reason: str
    records: int | None
    sha: str | None


def backup_folder(data_path: Path) -> Path:
    return data_path.parent / "backups"


def _now() -> datetime:
    """Now, on the day `clock.today()` says, so a pinned FLOORTRACK_TODAY pins backups too."""
    real = datetime.now()
    return datetime.combine(clock.today(), real.time())


def _sha8(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:8]


def record_counts(raw: bytes) -> dict[str, int]:
    """Records per table in a data file's bytes (tables that hold records only).

    A file floortrack wrote (checksums intact) is counted from its month index where a table
    has one, parsing only the small tables: naming a backup of ten years of data no longer
    parses all of it."""
    try:
        signed = schema.signed_tables(raw, Path("backup"))
    except StoreError:
        signed = None
    if signed is not None:
        counts: dict[str, int] = {}
        for name, table in dict.items(signed):
            if name in (schema.META_TABLE, schema.SETTINGS_TABLE):
                continue
            runs = table.months if isinstance(table, schema.RawTable) else None
            counts[name] = month_index.total(runs) if runs is not None else len(signed[name])
        return counts
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        name: len(table)
        for name, table in data.items()
        if name not in (schema.META_TABLE, schema.SETTINGS_TABLE) and isinstance(table, dict)
    }


def describe_counts(counts: dict[str, int]) -> str:
    """'12 sessions, 8 claims, 40 diary days' (empty tables left out)."""
    labels = {
        "sessions": "session",
        "claims": "claim",
        "plans": "plan",
        "auths": "authorisation",
        "diary": "diary day",
        "code_notes": "code note",
        "clinics": "clinic",
        "profile": "profile",
        "calls": "call",
        "documents": "document",
    }
    parts = []
    for name, label in labels.items():
        n = counts.get(name, 0)
        if n:
            parts.append(f"{n} {label}{'' if n == 1 else 's'}")
    return ", ".join(parts) if parts else "no records"


def list_backups(data_path: Path) -> list[BackupInfo]:
    """This data file's backups, newest first."""
    folder = backup_folder(data_path)
    found: list[BackupInfo] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = _NAME_RE.match(entry.name)
            if not m or m.group("stem") != data_path.stem or not entry.is_file():
                continue
            try:
                when = datetime.strptime(m.group("stamp"), _STAMP)
            except ValueError:
                continue
            records = m.group("records")
            found.append(
                BackupInfo(
                    Path(entry.path),
                    when,
                    m.group("reason"),
                    int(records) if records else None,
                    m.group("sha"),
                )
            )
    return sorted(found, key=lambda b: b.when, reverse=True)


def write_backup(data_path: Path, raw: bytes, reason: str, now: datetime | None = None) -> Path:
    """Copy `raw` (the file's committed bytes) to backups/, verify it, then rotate."""
    folder = backup_folder(data_path)
    when = now or _now()
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700)
            os.chmod(folder, 0o700)  # ours, just made (mkdir's mode passes the umask)
        remove_stale_backup_temps(data_path)
        records = sum(record_counts(raw).values())
        name = f"{data_path.stem}-{reason}-{when.strftime(_STAMP)}-{records}r-{_sha8(raw)}.json"
        target = folder / name
        atomic_write_bytes(target, raw)
        if target.read_bytes() != raw:
            raise OSError("the backup copy does not match the original")
    except OSError as exc:
        raise StoreWriteError(data_path, f"a backup could not be written ({exc})") from None
    rotate(data_path, when)
    return target


def remove_stale_backup_temps(data_path: Path) -> int:
    """Temp files a killed backup left in backups/ (`.<stem>-....json.<rand>.tmp`): never a
    committed copy. Called under the write lock, so no live backup's temp is touched."""
    removed = 0
    prefix = f".{data_path.stem}-"
    with contextlib.suppress(OSError):
        for entry in os.scandir(backup_folder(data_path)):
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(TEMP_SUFFIX)
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def newest_good_backup(data_path: Path, tries: int = 10) -> Path | None:
    """The newest backup that opens cleanly (checksum intact, records valid), or None."""
    for info in list_backups(data_path)[:tries]:
        try:
            raw = read_regular_file(info.path, follow=False)
            schema.parse(raw, info.path)
        except (OSError, StoreError):
            continue
        return info.path
    return None


def backups_to_keep(backups: list[BackupInfo], now: datetime) -> set[Path]:
    """Grandfather-father-son: which copies survive rotation (backups newest first)."""
    keep = {b.path for b in backups[:KEEP_RECENT]}
    today = now.date()

    def newest_per(key: Callable[[date], object], limit: int, within: timedelta) -> None:
        seen: set[object] = set()
        for b in backups:
            if today - b.when.date() > within:
                break
            k = key(b.when.date())
            if k not in seen and len(seen) < limit:
                seen.add(k)
                keep.add(b.path)

    newest_per(lambda d: d, KEEP_DAILY, timedelta(days=KEEP_DAILY))
    newest_per(lambda d: d.isocalendar()[:2], KEEP_WEEKLY, timedelta(weeks=KEEP_WEEKLY + 1))
    newest_per(lambda d: (d.year, d.month), KEEP_MONTHLY, timedelta(days=31 * (KEEP_MONTHLY + 1)))
    return keep


def rotate(data_path: Path, now: datetime | None = None) -> list[Path]:
    """Delete the copies the rotation policy does not keep; return what was removed."""
    backups = list_backups(data_path)
    keep = backups_to_keep(backups, now or _now())
    removed = []
    for b in backups:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


def daily_backup(
    data_path: Path, today: date | None = None, made: list[Path] | None = None
) -> date:
    """Before the first write of a day: copy the file unless a copy from today exists or the
    newest copy holds the same bytes. Returns the day checked (the repository remembers it);
    a copy written is appended to `made` (so a save that then runs out of space can drop it).

    Called under the write lock, so the bytes read are the committed file."""
    day = today or clock.today()
    backups = list_backups(data_path)
    if any(b.when.date() == day for b in backups):
        return day
    try:
        raw = data_path.read_bytes()
    except FileNotFoundError:
        return day  # a new file: nothing to keep yet
    except OSError as exc:
        raise StoreWriteError(data_path, f"it cannot be read for a backup ({exc})") from None
    if not raw or (backups and backups[0].sha == _sha8(raw)):
        return day
    copy = write_backup(data_path, raw, DAILY_REASON, datetime.combine(day, datetime.now().time()))
    if made is not None:
        made.append(copy)
    return day


def make_backup(repo: Repository, out: Path | None = None) -> Path:
    """Copy the data file now, to `out` or into the backups folder; the copy is verified."""
    data_path = repo.path

    def op() -> Path:
        try:
            raw = data_path.read_bytes()
        except FileNotFoundError:
            raise StoreError(data_path, "there is nothing to back up yet (no data saved)") from None
        except OSError as exc:
            raise StoreError(data_path, f"it cannot be read ({exc.strerror})") from None
        if out is None:
            return write_backup(data_path, raw, "manual")
        try:
            target = check_output_path(out, data_path)
        except ProtectedPathError as exc:
            raise StoreError(data_path, f"a backup cannot go there ({exc})") from None
        try:
            atomic_write_bytes(target, raw)
            if target.read_bytes() != raw:
                raise OSError("the copy does not match the original")
            # The claims' documents go beside it: the copy is complete on another disk too.
            copy_folder(documents_folder(data_path), backup_documents_folder(target))
        except OSError as exc:
            raise StoreWriteError(target, f"the backup could not be written ({exc})") from None
        return target

    return repo._locked(op)


def read_backup(source: Path, unlock: Unlock | None = None) -> tuple[bytes, dict[str, int]]:
    """Read and validate a file meant for restore. Raises StoreError if it is unusable.

    Only a data file (a backup copy) is restored; an export is added with `import`. An
    encrypted backup is opened with `unlock` (its own passphrase, which may be an older one)
    to be checked; its sealed bytes are what is restored (docs/STORAGE.md, "Encryption")."""
    try:
        raw = read_regular_file(Path(source))
    except FileNotFoundError:
        raise StoreError(source, "it does not exist") from None
    except NotRegularFileError as exc:
        raise CorruptStoreError(source, f"{exc.strerror}, not a data file") from None
    except TooLargeError as exc:
        raise CorruptStoreError(source, str(exc.strerror)) from None
    except OSError as exc:
        raise StoreError(source, f"it cannot be read ({exc.strerror})") from None
    if raw.lstrip()[:200].replace(b" ", b"").find(b'"format":"floortrack-export"') >= 0:
        raise CorruptStoreError(
            source,
            "it is an export, not a backup of the data file",
            "add its records with `floortrack import` instead",
        )
    plain = _unsealed(Path(source), raw, unlock)
    # Every record is validated, checksum or not: a file from elsewhere is not trusted.
    tables = schema.parse(plain, Path(source), full=True)  # CorruptStoreError / FutureStoreError
    if schema.schema_version(tables) < schema.CURRENT_VERSION:
        schema.migrate(tables, Path(source))  # prove it can be migrated; the repo does it later
    return raw, record_counts(plain)


def _unsealed(source: Path, raw: bytes, unlock: Unlock | None) -> bytes:
    from .sealed import is_encrypted

    if not is_encrypted(raw):
        return raw
    from . import crypto
    from .errors import EncryptedStoreError

    if unlock is None:
        raise EncryptedStoreError(source, "it is encrypted", "its passphrase is needed")
    try:
        return unlock(raw).open_with_key(raw)
    except crypto.WrongSecret as exc:
        raise EncryptedStoreError(source, f"{exc} for this backup") from None
    except crypto.EncryptionError as exc:
        raise CorruptStoreError(source, str(exc)) from None


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    previous_backup: Path | None  # the replaced data, kept in backups/ (None: there was none)
    counts: dict[str, int]


def _lock_for(data_path: Path) -> FileLock:
    return FileLock(str(data_path) + LOCK_SUFFIX, timeout=lock_timeout(), mode=0o600)


def restore_backup(
    data_path: Path, source: Path, repo: Repository | None = None, unlock: Unlock | None = None
) -> RestoreResult:
    """Replace the data file with a validated copy of `source`, keeping the current file.

    Works even when the current file is unreadable (that is when a restore is needed most):
    it is not opened, only copied aside. Validation happens before anything is touched, so
    a corrupt or future-version `source` raises StoreError and changes nothing. `repo`, if
    given, is reloaded afterwards."""
    data_path = Path(data_path)
    source = Path(source).expanduser().resolve()
    if source == data_path.resolve():
        raise StoreError(source, "it is the data file in use; choose a backup copy")
    raw, counts = read_backup(source, unlock)
    try:
        if not data_path.parent.exists():
            data_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = _lock_for(data_path)
        lock.acquire()
    except Timeout:
        raise StoreLockedError(
            data_path, "another floortrack process kept it locked", "try again in a moment"
        ) from None
    except OSError as exc:  # a read-only or unwritable folder
        raise StoreWriteError(
            data_path, f"its folder cannot be written ({exc.strerror or exc}); nothing changed"
        ) from None
    try:
        previous: Path | None = None
        try:
            current = data_path.read_bytes()
        except FileNotFoundError:
            current = b""
        except OSError as exc:
            raise StoreError(data_path, f"it cannot be read ({exc.strerror})") from None
        if current:
            previous = write_backup(data_path, current, "prerestore")
        try:
            atomic_write_bytes(data_path, raw)
        except OSError as exc:
            reason = f"the restore failed ({exc}); nothing changed"
            raise StoreWriteError(data_path, reason) from None
        # Documents the backup carries that this folder lacks (copies already here are kept:
        # each is named by its checksum, so nothing is overwritten).
        with contextlib.suppress(OSError):
            copy_folder(backup_documents_folder(source), documents_folder(data_path))
    finally:
        lock.release()
    if repo is not None:
        repo.reload_if_changed()  # migrates an older file, like opening it would
    return RestoreResult(source, previous, counts)
