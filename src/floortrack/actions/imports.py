"""Import a JSON export or a sessions/claims CSV: all or nothing, never twice.

Reading checks every record with the same bounds as typing it (store/exchange.py). Saving
happens in one write under the lock (`Repository.import_records`): a record equal to one
already in the file is skipped (importing your own export again adds nothing), and the
one-per rules hold under import too: one diary entry per day, one plan per payer, one note
per code (docs/STORAGE.md, "Import").
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from floortrack import clock
from floortrack.billing.linking import link_by_days
from floortrack.store import Repository
from floortrack.store.exchange import ImportError_, read_import
from floortrack.store.repository import ImportConflict

from .errors import Refused, ValidationError

# The key that must be unique in each table (matches the CLI's and TUI's own checks).
UNIQUE: dict[str, Callable[[Any], Hashable]] = {
    "diary": lambda entry: entry.date,
    "plans": lambda plan: plan.payer.strip().casefold(),
    "code_notes": lambda note: note.code,
}


@dataclass(frozen=True)
class ImportOutcome:
    added: dict[str, list[int]]
    skipped: dict[str, int] = field(default_factory=dict)
    kind: str = "json"  # "json", "sessions.csv" or "claims.csv"

    @property
    def added_count(self) -> int:
        return sum(len(ids) for ids in self.added.values())


def import_file(repo: Repository, path: Path, *, today: date | None = None) -> ImportOutcome:
    """Add the records in `path`. Raises ValidationError (unreadable or invalid file) or
    Refused (a record clashes with a one-per rule); nothing is written then."""
    day = today or clock.today()
    try:
        batch = read_import(path, day)
    except ImportError_ as exc:
        raise ValidationError(f"{exc}; nothing was imported", "file") from None
    # Claims are linked to the visits in the file as it is under the lock, by day.
    skipped: dict[str, int] = {}
    try:
        added = repo.import_records(
            batch.records, link=link_by_days, skip_existing=True, unique=UNIQUE, skipped=skipped
        )
    except ImportConflict as exc:
        raise Refused(f"{path}: {exc}; nothing was imported", "file") from None
    return ImportOutcome(added, skipped, batch.kind)
