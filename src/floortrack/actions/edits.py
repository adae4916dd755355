"""Edits as changes, not copies: apply the fields the user changed to the record as it is now.

A front end that shows a form keeps the record it opened (`base`) and sends only the fields
the user changed. The action applies them, inside the write lock, to the record as it is in
the file, so a change made elsewhere meanwhile to another field is kept. Where the same field
changed elsewhere, `Conflict` is raised and nothing is saved, unless `resolve` says which
value wins (docs/ARCHITECTURE.md, "Changes, not copies")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any, Literal, TypeVar

from .errors import Conflict, FieldClash, ValidationError

T = TypeVar("T")

Choice = Literal["mine", "theirs"]
Resolve = Choice | Mapping[str, Choice] | None


def changed_fields(base: T, edited: T) -> dict[str, Any]:
    """The fields whose value differs between two versions of a record (ids aside)."""
    return {
        f.name: getattr(edited, f.name)
        for f in fields(base)  # type: ignore[arg-type]
        if f.name != "id" and getattr(base, f.name) != getattr(edited, f.name)
    }


def apply_changes(
    current: T,
    changes: Mapping[str, Any],
    *,
    base: T | None = None,
    resolve: Resolve = None,
    label: str = "record",
) -> T:
    """`current` with `changes` applied; Conflict where `base` and `current` disagree.

    With no `base` (the CLI names the fields to change, on the file as it is), there is
    nothing to clash with."""
    names = {f.name for f in fields(current)}  # type: ignore[arg-type]
    unknown = sorted(set(changes) - names)
    if unknown:
        raise ValidationError(f"unknown field {unknown[0]!r}", unknown[0])
    wanted = dict(changes)
    if base is not None:
        clashes = []
        for name, mine in changes.items():
            theirs, started = getattr(current, name), getattr(base, name)
            if theirs != started and theirs != mine:
                choice = (
                    resolve if isinstance(resolve, str) or resolve is None else (resolve.get(name))
                )
                if choice == "theirs":
                    del wanted[name]
                elif choice != "mine":
                    clashes.append(FieldClash(name, mine, theirs, started))
        if clashes:
            raise Conflict(label, getattr(current, "id", 0) or 0, tuple(clashes))
    return replace(current, **wanted) if wanted else current  # type: ignore[type-var]
