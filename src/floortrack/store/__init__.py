"""Persistence: the data file, its format, crash-safe saves, import and export. No Textual.

The repository (and with it filelock, TinyDB and the record types) is imported on first use
of one of its names, not with the package: `floortrack path` only needs `store.paths`, and
every command's start-up pays for what it uses (docs/ARCHITECTURE.md, "The command line")."""

from __future__ import annotations

from .errors import (
    ChangedOutsideError,
    CorruptStoreError,
    FutureStoreError,
    NotFoundError,
    StoreError,
    StoreLockedError,
    StoreWriteError,
)
from .paths import resolve_data_path

TYPE_CHECKING = False  # typing's own flag, without importing typing (mypy reads it alike)
if TYPE_CHECKING:
    from typing import Any

    from .repository import RecordTable, Repository, Transaction, open_repository

_FROM_REPOSITORY = frozenset({"RecordTable", "Repository", "Transaction", "open_repository"})


def __getattr__(name: str) -> Any:
    if name in _FROM_REPOSITORY:
        from . import repository

        value = getattr(repository, name)
        globals()[name] = value  # later lookups are plain module attributes
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChangedOutsideError",
    "CorruptStoreError",
    "FutureStoreError",
    "NotFoundError",
    "RecordTable",
    "Repository",
    "StoreError",
    "StoreLockedError",
    "StoreWriteError",
    "Transaction",
    "open_repository",
    "resolve_data_path",
]
