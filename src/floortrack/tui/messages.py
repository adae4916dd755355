"""The TUI's typed messages (docs/ARCHITECTURE.md, "From a key press to the file and back")."""

from __future__ import annotations

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


class DataChanged(Message):
    """Posted by DataService to every mode screen after a load, a save or a change made by
    another program: `kinds` says which records changed ("sessions", "claims", ...), so a
    screen re-renders only for the records it shows."""

    def __init__(self, kinds: frozenset[str] = KINDS) -> None:
        super().__init__()
        self.kinds = kinds
