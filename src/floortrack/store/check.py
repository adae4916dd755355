"""`floortrack check`: validate the data file whatever its checksum says, and re-sign a
deliberate hand edit on request (docs/STORAGE.md, "Checksum").

A file floortrack wrote carries checksums; one that no longer matches was changed outside
floortrack and is refused when opened. A power user who edited the JSON on purpose runs
`floortrack check`: every record is validated with the same rules as when typed, and
`--resign` then keeps a backup of the edited bytes and writes the file anew with fresh
checksums. A file that fails validation is never re-signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .atomic import (
    NotRegularFileError,
    TooLargeError,
    atomic_write_bytes,
    read_regular_file,
    remove_stale_temps,
)
from .backups import _lock_for, newest_good_backup, record_counts, write_backup
from .errors import CorruptStoreError, StoreError, StoreLockedError, StoreWriteError
from .sealed import is_encrypted


@dataclass(frozen=True)
class CheckReport:
    path: Path
    exists: bool
    checksum: str  # "intact", "changed", "none" (see schema.checksum_state)
    problem: str | None  # why the records cannot be used, or None
    counts: dict[str, int] = field(default_factory=dict)
    good_backup: Path | None = None

    @property
    def valid(self) -> bool:
        """Every record passes validation (the checksum aside)."""
        return self.exists and self.problem is None

    @property
    def opens(self) -> bool:
        """floortrack opens it as it is."""
        return not self.exists or (self.valid and self.checksum != "changed")


def _read(path: Path) -> bytes | None:
    try:
        return read_regular_file(path, follow=False)
    except FileNotFoundError:
        return None
    except (NotRegularFileError, TooLargeError) as exc:
        raise CorruptStoreError(path, str(exc.strerror)) from None
    except OSError as exc:
        raise StoreError(path, f"it cannot be read ({exc.strerror})") from None


def check_file(path: Path) -> CheckReport:
    raw = _read(path)
    if raw is None:
        return CheckReport(path, False, "none", None)
    if is_encrypted(raw):  # authenticated encryption already refuses any changed byte
        raise StoreError(
            path,
            "it is encrypted: its encryption already refuses any changed byte, and "
            "`floortrack check` reads plain files only",
        )
    state = schema.checksum_state(raw, path)
    try:
        schema.parse_unsigned(raw, path)
        problem = None
    except StoreError as exc:
        problem = exc.reason
    good = newest_good_backup(path) if problem or state == "changed" else None
    return CheckReport(path, True, state, problem, record_counts(raw), good)


@dataclass(frozen=True)
class ResignResult:
    report: CheckReport
    backup: Path | None  # the edited bytes as they were, kept in backups/


def resign_file(path: Path) -> ResignResult:
    """Validate the file and, if every record passes, write it anew with fresh checksums
    (under the write lock, after keeping its current bytes in backups/). Raises
    CorruptStoreError if it does not validate; nothing is written then."""
    lock = _lock_for(path)
    try:
        lock.acquire()
    except OSError as exc:
        raise StoreWriteError(path, f"its lock cannot be taken ({exc})") from None
    except Exception:
        raise StoreLockedError(path, "another floortrack process kept it locked") from None
    try:
        raw = _read(path)
        if raw is None:
            raise StoreError(path, "it does not exist; there is nothing to check")
        report = check_file(path)
        tables = schema.parse_unsigned(raw, path)  # raises if any record is invalid
        if report.checksum == "intact":
            return ResignResult(report, None)
        backup = write_backup(path, raw, "presign")
        meta = tables[schema.META_TABLE]["1"]
        marks = dict(meta.get(schema.HIGH_WATER, {}))
        for name, table in tables.items():
            if name != schema.META_TABLE and table:
                marks[name] = max(marks.get(name, 0), max(int(k) for k in table))
        meta[schema.HIGH_WATER] = marks
        remove_stale_temps(path)
        try:
            atomic_write_bytes(path, schema.serialize_parts(tables))
        except OSError as exc:
            raise StoreWriteError(path, f"it could not be re-signed ({exc.strerror})") from None
        return ResignResult(check_file(path), backup)
    finally:
        lock.release()
