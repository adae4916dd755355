"""Visits: add, edit, delete and restore (undo). Shared by the CLI and the TUI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from floortrack import clock
from floortrack.model import (
    Session,
    SessionLine,
    ValidationError,
    parse_date,
    parse_int,
    parse_money,
)
from floortrack.store import Repository, Transaction

from .edits import Resolve, apply_changes


def parse_lines(codes: Sequence[str | SessionLine]) -> tuple[SessionLine, ...]:
    """'97110:25' / '97161' (or ready SessionLines) as the visit's lines."""
    return tuple(c if isinstance(c, SessionLine) else SessionLine.parse(c) for c in codes)


def check_lines(lines: tuple[SessionLine, ...]) -> None:
    """A visit needs a code; a timed code the patient enters needs its minutes, since units
    are counted from them (docs/BILLING.md, "Timed and untimed codes")."""
    from floortrack.billing import catalogue

    if not lines:
        raise ValidationError(
            "a visit needs at least one code, e.g. 97110:25 (code:minutes)", "code"
        )
    for line in lines:
        if line.minutes is None and catalogue.is_timed(line.code):
            raise ValidationError(
                f"{line.code} is timed: give its minutes, e.g. {line.code}:25", "code"
            )


def _pain(value: int | str | None, field: str) -> int | None:
    return None if value is None or value == "" else parse_int(value, field, 0, 10)


def _money(value: Decimal | str | None, field: str) -> Decimal | None:
    return None if value is None or value == "" else parse_money(value, field)


def add_session(
    repo: Repository,
    *,
    codes: Sequence[str | SessionLine],
    date: date | str | None = None,
    provider: str = "",
    visit_type: str = "treatment",
    pain_before: int | str | None = None,
    pain_after: int | str | None = None,
    symptoms: str = "",
    note: str = "",
    charged: Decimal | str | None = None,
    paid_at_desk: Decimal | str | None = None,
    today: date | None = None,
) -> Session:
    """Log a visit (dated today unless given) and return it with its id."""
    today = today or clock.today()
    lines = parse_lines(codes)
    check_lines(lines)
    visit = Session(
        date=parse_date(date) if date else today,
        provider=provider,
        visit_type=visit_type,
        lines=lines,
        pain_before=_pain(pain_before, "pain_before"),
        pain_after=_pain(pain_after, "pain_after"),
        symptoms=symptoms,
        note=note,
        charged=_money(charged, "charged"),
        paid_at_desk=_money(paid_at_desk, "paid_at_desk"),
    ).validate_for_entry(today)
    return repo.transaction(lambda tx: tx.add(repo.sessions, visit))


def edit_session(
    repo: Repository,
    session_id: int,
    changes: Mapping[str, Any],
    *,
    base: Session | None = None,
    resolve: Resolve = None,
    today: date | None = None,
) -> Session:
    """Apply the changed fields to the visit as it is in the file (Conflict on a clash)."""
    today = today or clock.today()
    changes = dict(changes)
    if "lines" in changes:
        changes["lines"] = parse_lines(changes["lines"])
        check_lines(changes["lines"])
    if not changes:
        raise ValidationError("nothing to change", "")

    def edit(tx: Transaction) -> Session:
        current = tx.get(repo.sessions, session_id)
        new = apply_changes(current, changes, base=base, resolve=resolve, label="visit")
        return tx.put(repo.sessions, new.validate_for_entry(today))

    return repo.transaction(edit)


def delete_session(repo: Repository, session_id: int) -> Session:
    """Delete a visit; returns it so the front end can offer undo (`restore_session`)."""
    return repo.transaction(lambda tx: tx.delete(repo.sessions, session_id))


def restore_session(repo: Repository, visit: Session) -> Session:
    """Put a deleted visit back under its old id."""
    return repo.transaction(lambda tx: tx.restore(repo.sessions, visit))
