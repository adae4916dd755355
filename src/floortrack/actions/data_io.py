"""Export, import, backup and restore: one function each, for the CLI and the TUI.

Thin wrappers on store/exchange.py and store/backups.py (which own the file rules: atomic
writes, verified copies, never writing over the data file). Errors come out typed:
`ValidationError` for a request that cannot be done (a CSV export named like a file, an
export that cannot be written, an import that cannot be read), `StoreError` from the store
for a data or backup file that cannot be used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from floortrack import clock
from floortrack.billing.linking import link_by_days
from floortrack.model import Claim, Session, ValidationError
from floortrack.store import Repository, exchange
from floortrack.store import backups as store_backups
from floortrack.store.backups import BackupInfo, RestoreResult, describe_counts
from floortrack.store.repository import Unlock
from floortrack.store.sealed import is_encrypted

__all__ = [
    "BackupInfo",
    "CsvExport",
    "Exported",
    "RestoreResult",
    "backup",
    "check_backup",
    "current_counts",
    "describe_counts",
    "export_csv",
    "export_json",
    "import_batch",
    "import_file",
    "read_import",
    "json_export_bytes",
    "list_backups",
    "restore",
    "restore_data_file",
    "sessions_csv_text",
    "claims_csv_text",
]


@dataclass(frozen=True)
class Exported:
    """What an export wrote: where, and how many visits and claims it holds."""

    paths: tuple[Path, ...]
    visits: int
    claims: int


# The two CSV files an export to a folder writes.
CsvExport = tuple[Path, Path]


def _write(path: Path, payload: bytes | list[bytes], data_path: Path) -> None:
    """Write an export; never over the data file, its lock, backups or documents."""
    from floortrack.store.paths import ProtectedPathError

    try:
        exchange.write_file(path, payload, data_path)
    except ProtectedPathError as exc:
        raise ValidationError(f"{exc}; nothing was written", "out") from None
    except OSError as exc:
        raise ValidationError(f"cannot write {path}: {exc.strerror or exc}", "out") from None


def json_export_bytes(repo: Repository, today: date | None = None) -> bytes:
    """The whole data file as a floortrack JSON export."""
    return b"".join(json_export_parts(repo, today))


def json_export_parts(repo: Repository, today: date | None = None) -> list[bytes]:
    """The JSON export as pieces to write in order (never joined into one copy)."""
    return exchange.export_json_parts(repo.export_documents(), today or clock.today())


def export_json(repo: Repository, out: Path, *, today: date | None = None) -> Exported:
    """Write everything as one JSON export to `out` (written atomically, 0600)."""
    _write(Path(out), json_export_parts(repo, today), repo.path)
    return Exported((Path(out),), len(repo.sessions), len(repo.claims))


def _sorted_sessions(repo: Repository) -> list[Session]:
    return sorted(repo.sessions.all(), key=lambda s: (s.date, s.id or 0))


def _sorted_claims(repo: Repository) -> list[Claim]:
    return sorted(repo.claims.all(), key=lambda c: (c.first_service, c.id or 0))


def sessions_csv_text(repo: Repository) -> str:
    return exchange.sessions_csv(_sorted_sessions(repo))


def claims_csv_text(repo: Repository) -> str:
    return exchange.claims_csv(_sorted_claims(repo))


def export_csv(repo: Repository, folder: Path) -> Exported:
    """Write sessions.csv and claims.csv into `folder` (created if missing)."""
    folder = Path(folder)
    if folder.suffix.lower() == ".csv":
        raise ValidationError(
            "for CSV, give a folder (it receives sessions.csv and claims.csv)", "out"
        )
    sessions, claims = _sorted_sessions(repo), _sorted_claims(repo)
    targets = (folder / "sessions.csv", folder / "claims.csv")
    _write(targets[0], exchange.sessions_csv(sessions).encode(), repo.path)
    _write(targets[1], exchange.claims_csv(claims).encode(), repo.path)
    return Exported(targets, len(sessions), len(claims))


def read_import(path: Path, *, today: date | None = None) -> exchange.ImportBatch:
    """Read and check an import file (nothing is written); ValidationError if unusable."""
    try:
        return exchange.read_import(Path(path), today or clock.today())
    except exchange.ImportError_ as exc:
        raise ValidationError(f"{exc}; nothing was imported", "file") from None


def import_batch(repo: Repository, batch: exchange.ImportBatch) -> dict[str, int]:
    """Add the records read by `read_import`, all or nothing, under the lock: records already
    in the file are skipped and the one-per rules hold (actions/imports.py). Claims are
    linked to the visits on their service dates. Returns how many of each kind were added."""
    from floortrack.store.repository import ImportConflict

    from .errors import Refused
    from .imports import UNIQUE

    # Claims are linked to the visits in the file as it is under the lock, by day.
    try:
        new_ids = repo.import_records(
            batch.records, link=link_by_days, skip_existing=True, unique=UNIQUE, skipped={}
        )
    except ImportConflict as exc:
        raise Refused(f"{exc}; nothing was imported", "file") from None
    return {kind: len(ids) for kind, ids in new_ids.items() if ids}


def import_file(repo: Repository, path: Path, *, today: date | None = None) -> dict[str, int]:
    """Add the records of a JSON export or a sessions/claims CSV, all or nothing."""
    return import_batch(repo, read_import(path, today=today))


def backup(repo: Repository, out: Path | None = None) -> Path:
    """Copy the data file now (into the backups folder, or to `out`); returns the copy."""
    return store_backups.make_backup(repo, Path(out) if out is not None else None)


def list_backups(repo: Repository | Path) -> list[BackupInfo]:
    """The kept backups of this data file, newest first."""
    data_path = repo.path if isinstance(repo, Repository) else Path(repo)
    return store_backups.list_backups(data_path)


def check_backup(path: Path, unlock: Unlock | None = None) -> dict[str, int]:
    """Read and validate a file meant for restore: its record counts (StoreError if unusable).
    An encrypted backup is opened with `unlock` (asking for its passphrase)."""
    _, counts = store_backups.read_backup(Path(path).expanduser(), unlock)
    return counts


def is_encrypted_file(path: Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return is_encrypted(handle.read(64))
    except OSError:
        return False


def current_counts(data_path: Path) -> dict[str, int] | None:
    """The record counts of the data file as it is on disk: {} when there is none (or it
    cannot be opened), None when it holds something floortrack cannot read (a restore is
    allowed then: that is when it is needed)."""
    try:
        raw = Path(data_path).read_bytes()
    except OSError:
        return {}
    counts = store_backups.record_counts(raw)
    return counts if counts or not raw or is_encrypted(raw) else None


def restore(repo: Repository, path: Path, unlock: Unlock | None = None) -> RestoreResult:
    """Replace the data with a validated backup; the data it replaces is kept as a backup.
    The repository is reloaded from the restored file."""
    return store_backups.restore_backup(repo.path, Path(path).expanduser(), repo, unlock)


def restore_data_file(data_path: Path, path: Path, unlock: Unlock | None = None) -> RestoreResult:
    """`restore` for a data file that is not opened (it may be the damaged one)."""
    return store_backups.restore_backup(Path(data_path), Path(path).expanduser(), unlock=unlock)
