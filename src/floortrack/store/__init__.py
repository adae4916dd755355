"""Persistence: the data file, its format, crash-safe saves, import and export. No Textual."""

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
from .repository import RecordTable, Repository, Transaction, open_repository

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
