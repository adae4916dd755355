"""The typed errors an action raises. Each says what is wrong and how to fix it.

They are `ValidationError`s, so a front end that shows a one-line problem (the CLI's exit 1,
a form's inline error) handles them all; `Conflict` is caught first where the user can
choose between their edit and the change made elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from floortrack.model import ValidationError
from floortrack.store import NotFoundError

__all__ = ["Conflict", "FieldClash", "NotFoundError", "Refused", "ValidationError"]


class Refused(ValidationError):
    """The values are well formed, but a rule refuses them (e.g. paid before submitted).

    `ref` names the record in the way, where there is one (the day already in the diary),
    so a front end can point at it (a command to type, a row to open)."""

    def __init__(self, message: str, field: str = "", ref: int | None = None) -> None:
        super().__init__(message, field)
        self.ref = ref


@dataclass(frozen=True)
class FieldClash:
    """One field the user changed that was also changed elsewhere since the form opened."""

    field: str
    mine: Any  # what the user typed
    theirs: Any  # what the file holds now
    base: Any  # what the user started from


class Conflict(ValidationError):
    """The record changed elsewhere in a field this edit also changes: nothing was saved.

    Retry the edit with `resolve={"field": "mine" | "theirs", ...}` (or "mine"/"theirs" for
    all) to say which value wins."""

    def __init__(self, label: str, record_id: int, clashes: tuple[FieldClash, ...]) -> None:
        names = ", ".join(c.field.replace("_", " ") for c in clashes)
        super().__init__(
            f"{label} {record_id} was changed elsewhere meanwhile ({names}): "
            "choose to keep yours or take theirs",
            clashes[0].field if clashes else "",
        )
        self.label = label
        self.record_id = record_id
        self.clashes = clashes
