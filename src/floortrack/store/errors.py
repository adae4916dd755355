"""Why a data file cannot be used. The CLI turns every StoreError into exit code 3."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's own flag, without importing typing (mypy reads it alike)
if TYPE_CHECKING:
    from pathlib import Path


class StoreError(Exception):
    """The data file cannot be used; nothing was written. The message names the file."""

    def __init__(self, path: Path | str, reason: str, hint: str = "") -> None:
        from pathlib import Path  # here: `floortrack path` imports this module, not pathlib

        self.path = Path(path)
        self.reason = reason
        self.hint = hint
        text = f"cannot use data file {self.path}: {reason}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class CorruptStoreError(StoreError):
    """Unreadable, empty, or wrongly shaped."""


class ChangedOutsideError(CorruptStoreError):
    """A file floortrack wrote whose checksum no longer matches: something else changed it
    (a bit flip, another program, a hand edit). Never opened or re-signed silently:
    `floortrack check --resign` accepts a deliberate edit (docs/STORAGE.md, "Checksum")."""


class FutureStoreError(StoreError):
    """Written by a newer floortrack, with a schema this version does not know."""


class EncryptedStoreError(StoreError):
    """Encrypted, and the passphrase was not given or does not open it."""


class StoreLockedError(StoreError):
    """Another floortrack process held the write lock for too long."""


class StoreWriteError(StoreError):
    """The save failed (disk full, read-only, permissions); the file on disk is unchanged."""


class NotFoundError(KeyError):
    """No record with that id. A user error (exit 1), not a broken file."""

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__(record_id)
        self.kind = kind
        self.record_id = record_id

    def __str__(self) -> str:
        return f"there is no {self.kind} with id {self.record_id}"
