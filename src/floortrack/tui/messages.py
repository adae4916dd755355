"""The TUI's typed messages (docs/ARCHITECTURE.md, "From a key press to the file and back")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.message import Message

# The kinds of record DataService reads; a DataChanged names the ones that changed.
KINDS: frozenset[str] = frozenset(
    {
        "sessions",
        "claims",
        "plans",
        "auths",
        "diary",
        "notes",
        "clinics",
        "profiles",
        "calls",
        "documents",
    }
)


@dataclass(frozen=True, slots=True)
class RecordChanges:
    """Which records of one kind changed, by id: so a screen updates those rows only."""

    added: frozenset[int] = frozenset()
    changed: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    @property
    def touched(self) -> frozenset[int]:
        """Every id whose record is new, different or gone."""
        return self.added | self.changed | self.removed


class DataChanged(Message):
    """Posted by DataService to every mode screen after a load, a save or a change made by
    another program: `kinds` says which records changed ("sessions", "claims", ...), so a
    screen re-renders only for the records it shows.

    `changes` says, for some of those kinds, which records by id (`RecordChanges`); a kind
    in `kinds` without an entry there (the first load) may have changed in any record, and a
    screen redraws it whole. A screen that only reads `kinds` is always right."""

    def __init__(
        self,
        kinds: frozenset[str] = KINDS,
        changes: Mapping[str, RecordChanges] | None = None,
    ) -> None:
        super().__init__()
        self.kinds = kinds
        self.changes: Mapping[str, RecordChanges] = changes or {}

    def changes_to(self, kind: str) -> RecordChanges | None:
        """The ids that changed in `kind` (none if the kind is not named), or None when any
        of its records may have changed (redraw it all)."""
        if kind not in self.kinds:
            return RecordChanges()
        return self.changes.get(kind)
