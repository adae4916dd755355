"""Claim statuses, the moves between them, and corrections that keep the trail.

A claim starts `submitted`. The moves follow what a patient can observe (docs/BILLING.md,
Claim statuses):

    submitted   -> in_process, needs_info, paid, partially_paid, denied, closed
    in_process  -> submitted (rejected at the front door and sent again), needs_info,
                   paid, partially_paid, denied, closed
    needs_info  -> submitted, in_process, paid, partially_paid, denied, closed
    paid        -> partially_paid, denied (the payer revised its decision), closed
    partially_paid -> paid (the rest was paid), denied (revised), appealed, closed
    denied      -> submitted (a corrected claim was sent), in_process (the payer reopened it),
                   paid, partially_paid (reprocessed without an appeal), appealed, closed
    appealed    -> paid, partially_paid, denied (the appeal's outcome), closed (withdrawn)
    closed      -> nothing: closed is terminal. A claim closed by mistake is fixed with
                   `correct_status` (the wrong entry is corrected, never erased).

Recording the same status again ("still in process", with a note) is always allowed.

History entries are never rewritten. A correction is a new entry whose `corrects` holds the
index of the entry it replaces; `effective_history` applies corrections for display and for
every rule that needs "what really happened".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from floortrack import clock
from floortrack.model import CLAIM_STATUSES, Claim, StatusChange, ValidationError

START_STATUS = "submitted"
DECIDED_STATUSES: frozenset[str] = frozenset({"paid", "partially_paid", "denied"})

TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset(
        {"in_process", "needs_info", "paid", "partially_paid", "denied", "closed"}
    ),
    "in_process": frozenset(
        {"submitted", "needs_info", "paid", "partially_paid", "denied", "closed"}
    ),
    "needs_info": frozenset(
        {"submitted", "in_process", "paid", "partially_paid", "denied", "closed"}
    ),
    "paid": frozenset({"partially_paid", "denied", "closed"}),
    "partially_paid": frozenset({"paid", "denied", "appealed", "closed"}),
    "denied": frozenset(
        {"submitted", "in_process", "paid", "partially_paid", "appealed", "closed"}
    ),
    "appealed": frozenset({"paid", "partially_paid", "denied", "closed"}),
    "closed": frozenset(),
}

_LABEL = {s: s.replace("_", " ") for s in CLAIM_STATUSES}
_CORRECT_HINT = "if that entry was a mistake, fix it with `floortrack claim correct`"


def can_move(current: str, new: str) -> bool:
    """True if a claim in `current` may be recorded as `new` next."""
    return new == current or new in TRANSITIONS.get(current, frozenset())


def _refusal(current: str, new: str) -> str:
    """Why `current -> new` is impossible, and what the patient should do instead."""
    was, to = _LABEL[current], _LABEL[new]
    if current == "closed":
        return (
            f"a closed claim cannot become {to}: closed is final; if it was closed by mistake, "
            "correct that entry with `floortrack claim correct`"
        )
    if new == "appealed":
        return (
            f"a {was} claim cannot be appealed: only a denied or partially paid claim can; "
            "record the denial first"
        )
    if current == "appealed":
        return (
            f"an appealed claim cannot go to {to}: an appeal ends paid, partially paid or denied "
            "(or closed if you withdrew it)"
        )
    if current in ("paid", "partially_paid") and new in ("submitted", "in_process", "needs_info"):
        return (
            f"a {was} claim cannot go back to {to}; if the payer reprocessed it, record the new "
            f"outcome (paid, partially paid or denied); {_CORRECT_HINT}"
        )
    if current == "denied" and new == "needs_info":
        return (
            "a denied claim cannot go to needs info: if the payer asks for records, appeal or "
            f"send a corrected claim (status submitted); {_CORRECT_HINT}"
        )
    return f"a {was} claim cannot move to {to}; {_CORRECT_HINT}"


def check_move(current: str, new: str) -> None:
    if new not in CLAIM_STATUSES:
        raise ValidationError(
            f"status must be one of {', '.join(CLAIM_STATUSES)} (got '{new}')", "status"
        )
    if not can_move(current, new):
        raise ValidationError(_refusal(current, new), "status")


# ---------------------------------------------------------------------------
# Effective history


@dataclass(frozen=True)
class HistoryRow:
    """One entry as it stands after corrections. `index` is its position in claim.history
    (0 = the first entry), the number `StatusChange.corrects`, `claim show` and
    `claim correct --entry` use."""

    index: int
    status: str
    on: date
    note: str
    corrected: bool = False
    original_status: str = ""
    original_on: date | None = None
    correction_note: str = ""


def _target(history: tuple[StatusChange, ...], index: int) -> int:
    """The original entry a (possibly chained) correction finally points at."""
    seen = 0
    while history[index].corrects is not None and seen <= len(history):
        nxt = history[index].corrects
        if not isinstance(nxt, int) or not 0 <= nxt < len(history):
            break
        index, seen = nxt, seen + 1
    return index


def effective_history(claim: Claim) -> list[HistoryRow]:
    """The claim's history with every correction applied, in order, for display and rules."""
    history = claim.history
    rows: dict[int, HistoryRow] = {}
    order: list[int] = []
    for i, entry in enumerate(history):
        if entry.corrects is None or not isinstance(entry.corrects, int):
            rows[i] = HistoryRow(i, entry.status, entry.on, entry.note)
            order.append(i)
            continue
        base = _target(history, i)
        if base == i or base not in rows:  # broken pointer: keep the entry as a plain one
            rows[i] = HistoryRow(i, entry.status, entry.on, entry.note)
            order.append(i)
            continue
        first = history[base]
        rows[base] = HistoryRow(
            base,
            entry.status,
            entry.on,
            rows[base].note if not entry.note else entry.note,
            corrected=True,
            original_status=first.status,
            original_on=first.on,
            correction_note=entry.note,
        )
    return [rows[i] for i in order]


def current_status(claim: Claim) -> str:
    """The status the history says the claim is in (claim.status when there is no history)."""
    rows = effective_history(claim)
    return rows[-1].status if rows else claim.status


def entered_dates(claim: Claim, status: str) -> list[date]:
    """Dates on which the claim (effectively) entered `status`, oldest first. Repeating a
    status ("still denied", with a note) does not re-enter it, so deadlines never slide."""
    dates: list[date] = []
    previous = ""
    for row in effective_history(claim):
        if row.status == status and previous != status:
            dates.append(row.on)
        previous = row.status
    return dates


def entered_on(claim: Claim, status: str) -> date | None:
    """When the claim last entered `status` (None if it never did)."""
    dates = entered_dates(claim, status)
    return dates[-1] if dates else None


def _floor_date(claim: Claim) -> date:
    """With no history yet, no change can precede submission (or, lacking it, the first
    visit). With history, its dates rule: the first entry may have been corrected."""
    return claim.submitted or claim.first_service


def _check_date(on: date, earliest: date, today: date, what: str) -> None:
    if on > today:
        raise ValidationError(
            f"a status change cannot be in the future ({on.isoformat()} is after today, "
            f"{today.isoformat()})",
            "on",
        )
    if on < earliest:
        raise ValidationError(
            f"a status change cannot be dated {on.isoformat()}: that is before "
            f"{earliest.isoformat()}, {what}",
            "on",
        )


def change_status(
    claim: Claim, status: str, on: date, note: str = "", today: date | None = None
) -> Claim:
    """Return the claim moved to `status` on `on`, with the change kept in its history.

    Raises ValidationError (field "status" or "on") for an impossible move or date."""
    today = today or clock.today()
    rows = effective_history(claim)
    current = rows[-1].status if rows else claim.status
    check_move(current, status)
    if rows:
        what = f"the previous change (entry {rows[-1].index})"
        if len(rows) == 1 and rows[0].status == START_STATUS and on < rows[0].on:
            ref = claim.id if claim.id is not None else "ID"
            what = (
                "the submission date (entry 0); if the claim was sent earlier, correct that "
                f"first: `floortrack claim correct {ref} --entry 0 --status submitted --on DATE`"
            )
        _check_date(on, rows[-1].on, today, what)
    else:
        floor = _floor_date(claim)
        what = "the claim was submitted" if claim.submitted else "the visit"
        _check_date(on, floor, today, what)
    _check_date(on, claim.first_service, today, "the first visit")
    change = StatusChange(status, on, note)
    return replace(claim, status=status, history=(*claim.history, change))


def correct_status(
    claim: Claim,
    index: int,
    status: str,
    on: date,
    note: str = "",
    today: date | None = None,
) -> Claim:
    """Correct history entry `index` (0 = the first entry, as `claim show` numbers them).

    The original entry stays; a correction entry pointing at it is appended. The corrected
    entry must still fit between its neighbours (moves and dates)."""
    today = today or clock.today()
    rows = effective_history(claim)
    if not rows:
        raise ValidationError("this claim has no status entries to correct", "entry")
    position = next((k for k, row in enumerate(rows) if row.index == index), None)
    if position is None:
        numbers = ", ".join(str(r.index) for r in rows)
        raise ValidationError(f"there is no entry {index} to correct (entries: {numbers})", "entry")
    if status not in CLAIM_STATUSES:
        raise ValidationError(
            f"status must be one of {', '.join(CLAIM_STATUSES)} (got '{status}')", "status"
        )
    before = rows[position - 1] if position > 0 else None
    after = rows[position + 1] if position + 1 < len(rows) else None
    previous_status = before.status if before else START_STATUS
    if not can_move(previous_status, status):
        raise ValidationError(
            f"entry {index} cannot become {_LABEL[status]}: " + _refusal(previous_status, status),
            "status",
        )
    if after is not None and not can_move(status, after.status):
        raise ValidationError(
            f"entry {index} cannot become {_LABEL[status]} because entry {after.index} "
            f"({_LABEL[after.status]}) follows it: " + _refusal(status, after.status),
            "status",
        )
    earliest = before.on if before else claim.first_service
    _check_date(on, earliest, today, "the entry before it" if before else "the first visit")
    if after is not None and on > after.on:
        raise ValidationError(
            f"entry {index} cannot be dated {on.isoformat()}: entry {after.index} after it is "
            f"dated {after.on.isoformat()}",
            "on",
        )
    fix = StatusChange(status, on, note, corrects=index)
    corrected = replace(claim, history=(*claim.history, fix))
    status_now = current_status(corrected)
    if position == 0 and status == "submitted" and rows[0].status == "submitted":
        # the first entry *is* the submission: keep them in step
        return replace(corrected, status=status_now, submitted=on)
    return replace(corrected, status=status_now)
