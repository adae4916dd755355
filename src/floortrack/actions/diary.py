"""Diary days: add, edit, delete and restore. One entry per day, checked inside the lock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from floortrack import clock
from floortrack.model import DIARY_COUNTS, DiaryEntry, ValidationError
from floortrack.store import Repository, Transaction

from .edits import Resolve, apply_changes
from .errors import Refused

MEASURES: tuple[str, ...] = (*(name for name, _ in DIARY_COUNTS), "pain")


def _same_day(tx: Transaction, repo: Repository, entry: DiaryEntry) -> None:
    """One line per day keeps weekly averages honest (docs/ARCHITECTURE.md, "Uniqueness")."""
    for other in tx.all(repo.diary):
        if other.date == entry.date and other.id != entry.id:
            raise Refused(
                f"{entry.date.isoformat()} is already in the diary (id {other.id})",
                "date",
                ref=other.id,
            )


def add_entry(
    repo: Repository,
    *,
    date: date | str | None = None,
    note: str = "",
    today: date | None = None,
    **measures: int | str | None,
) -> DiaryEntry:
    """Record a day (today unless given) with at least one measure or a note."""
    today = today or clock.today()
    unknown = sorted(set(measures) - set(MEASURES))
    if unknown:
        raise ValidationError(f"the diary has no measure {unknown[0]!r}", unknown[0])
    if all(v is None for v in measures.values()) and not note.strip():
        raise ValidationError(
            "nothing to record: give at least one of leaks, pads, urgency, trips, pain, sets "
            "or a note",
            "",
        )
    entry = DiaryEntry(date=date or today, note=note, **measures).validate_for_entry(today)  # type: ignore[arg-type]

    def add(tx: Transaction) -> DiaryEntry:
        _same_day(tx, repo, entry)
        return tx.add(repo.diary, entry)

    return repo.transaction(add)


def edit_entry(
    repo: Repository,
    entry_id: int,
    changes: Mapping[str, Any],
    *,
    base: DiaryEntry | None = None,
    resolve: Resolve = None,
    today: date | None = None,
) -> DiaryEntry:
    today = today or clock.today()
    if not changes:
        raise ValidationError("nothing to change", "")

    def edit(tx: Transaction) -> DiaryEntry:
        current = tx.get(repo.diary, entry_id)
        new = apply_changes(current, changes, base=base, resolve=resolve, label="diary day")
        new = new.validate_for_entry(today)
        _same_day(tx, repo, new)
        return tx.put(repo.diary, new)

    return repo.transaction(edit)


def delete_entry(repo: Repository, entry_id: int) -> DiaryEntry:
    return repo.transaction(lambda tx: tx.delete(repo.diary, entry_id))


def restore_entry(repo: Repository, entry: DiaryEntry) -> DiaryEntry:
    return repo.transaction(lambda tx: tx.restore(repo.diary, entry))
