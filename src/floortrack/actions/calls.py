"""Calls with the payer or the clinic: add, edit, delete (and restore, for undo).

Every read-modify-write runs inside one `Repository.transaction`, on the record as it is in
the file; an edit carries only the fields the user changed (docs/APPEALS.md, "Calls")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from floortrack import clock
from floortrack.model import Call, parse_date
from floortrack.store import Repository, Transaction

from .edits import Resolve, apply_changes
from .errors import NotFoundError, ValidationError

EDITABLE: tuple[str, ...] = ("with_whom", "on", "note", "claim_id", "rep", "reference", "follow_up")


def _check_claim(tx: Transaction, repo: Repository, claim_id: int | None) -> None:
    if claim_id is not None and not tx.exists(repo.claims, claim_id):
        raise ValidationError(
            f"there is no claim with id {claim_id} (list them with `floortrack claim list`)",
            "claim_id",
        )


def _optional_date(value: str | date | None, name: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, name)


def add_call(
    repo: Repository,
    *,
    with_whom: str,
    note: str,
    on: str | date | None = None,
    claim_id: int | None = None,
    rep: str = "",
    reference: str = "",
    follow_up: str | date | None = None,
    today: date | None = None,
) -> Call:
    """Log a call; `on` defaults to today. The claim, if named, must exist."""
    now = today or clock.today()
    call = Call(
        with_whom=with_whom,
        on=_optional_date(on, "on") or now,
        note=note,
        claim_id=claim_id,
        rep=rep,
        reference=reference,
        follow_up=_optional_date(follow_up, "follow_up"),
    ).validate_for_entry(now)

    def fn(tx: Transaction) -> Call:
        _check_claim(tx, repo, call.claim_id)
        return tx.add(repo.calls, call)

    return repo.transaction(fn)


def edit_call(
    repo: Repository,
    call_id: int,
    changes: Mapping[str, Any],
    *,
    base: Call | None = None,
    resolve: Resolve = None,
    today: date | None = None,
) -> Call:
    """Apply the changed fields to the call as it is in the file now."""
    now = today or clock.today()
    wanted = dict(changes)
    for name in ("on", "follow_up"):
        if name in wanted:
            wanted[name] = _optional_date(wanted[name], name)
    if "on" in wanted and wanted["on"] is None:
        raise ValidationError("a call needs its date", "on")
    unknown = sorted(set(wanted) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"a call has no field {unknown[0]!r}", unknown[0])

    def fn(tx: Transaction) -> Call:
        current = tx.get(repo.calls, call_id)
        edited = apply_changes(current, wanted, base=base, resolve=resolve, label="call")
        if edited == current:
            return current
        edited = Call(**{f: getattr(edited, f) for f in EDITABLE}, id=call_id)  # re-validate
        edited.validate_for_entry(now)
        if "claim_id" in wanted:
            _check_claim(tx, repo, edited.claim_id)
        return tx.put(repo.calls, edited)

    return repo.transaction(fn)


def delete_call(repo: Repository, call_id: int) -> Call:
    """Delete a call; returns it so the front end can offer undo (restore_call)."""
    return repo.transaction(lambda tx: tx.delete(repo.calls, call_id))


def restore_call(repo: Repository, call: Call) -> Call:
    """Put a deleted call back under its old id."""
    if call.id is None:
        raise NotFoundError("call", 0)
    return repo.transaction(lambda tx: tx.restore(repo.calls, call))
