"""Claims: add, update from an EOB, correct, pay, appeal, delete and restore.

Every rule of a claim's life (history entries, the order amounts and status are applied,
which dates are possible) is here once; the CLI and the TUI only collect values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from floortrack import clock
from floortrack.billing import claim_money, lifecycle
from floortrack.billing.linking import sessions_for_dates
from floortrack.model import (
    Adjustment,
    Appeal,
    Claim,
    ClaimLine,
    PatientPayment,
    StatusChange,
    ValidationError,
    parse_date,
    parse_int,
    parse_money,
)
from floortrack.store import Repository, Transaction

from .edits import Resolve, apply_changes
from .errors import Refused

# The fields `update_claim` may change besides the status (what an EOB or a correction says).
EDITABLE = (
    "billed",
    "allowed",
    "paid",
    "patient_owes",
    "deductible",
    "copay",
    "coinsurance",
    "not_covered",
    "claim_number",
    "lines",
    "denial_codes",
    "adjustments",
    "note",
    "payer",
    "service_dates",
    "session_ids",
)


@dataclass(frozen=True)
class ClaimAdded:
    claim: Claim
    submitted_assumed: bool  # no submission date given: the last service date was used


def parse_claim_lines(units: Sequence[str | ClaimLine]) -> tuple[ClaimLine, ...]:
    return tuple(u if isinstance(u, ClaimLine) else ClaimLine.parse(u) for u in units)


def parse_adjustments(items: Sequence[str | Adjustment]) -> tuple[Adjustment, ...]:
    return tuple(a if isinstance(a, Adjustment) else Adjustment.parse(a) for a in items)


def _linked(tx: Transaction, repo: Repository, claim: Claim, ids: Sequence[int]) -> tuple[int, ...]:
    if not ids:
        return sessions_for_dates(tx.all(repo.sessions), claim.service_dates)
    for visit_id in ids:
        if not tx.exists(repo.sessions, visit_id):
            raise ValidationError(f"there is no visit with id {visit_id}", "session")
    return tuple(dict.fromkeys(ids))


def add_claim(
    repo: Repository,
    *,
    service_dates: Sequence[date | str],
    payer: str,
    billed: Decimal | str,
    claim_number: str = "",
    units: Sequence[str | ClaimLine] = (),
    session_ids: Sequence[int] = (),
    submitted: date | str | None = None,
    note: str = "",
    filed_by: str = "clinic",
    place_of_service: str = "",
    today: date | None = None,
) -> ClaimAdded:
    """Record a claim sent to the payer, with its first history entry ("submitted").

    With no submission date, the claim's last service date is assumed: the earliest date it
    can have been sent, so EOB dates entered later always fit (docs/BILLING.md, "Claim
    lifecycle")."""
    today = today or clock.today()
    draft = Claim(
        service_dates=tuple(parse_date(d, "service_date") for d in service_dates),
        payer=payer,
        billed=parse_money(billed, "billed"),
    )  # validates the dates and payer first, for a clear message
    assumed = submitted is None or submitted == ""
    sent = draft.service_dates[-1] if assumed else parse_date(submitted, "submitted")  # type: ignore[arg-type]
    if sent < draft.first_service:
        raise Refused(
            f"the submission date {sent.isoformat()} is before the first service date "
            f"{draft.first_service.isoformat()}",
            "submitted",
        )
    claim = Claim(
        service_dates=draft.service_dates,
        payer=draft.payer,
        billed=draft.billed,
        claim_number=claim_number,
        submitted=sent,
        lines=parse_claim_lines(units),
        history=(StatusChange("submitted", sent),),
        note=note,
        filed_by=filed_by,
        place_of_service=place_of_service,
    ).validate_for_entry(today)

    def add(tx: Transaction) -> Claim:
        linked = _linked(tx, repo, claim, session_ids)
        return tx.add(repo.claims, replace(claim, session_ids=linked))

    return ClaimAdded(repo.transaction(add), assumed)


def _normalise(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"a claim has no field {unknown[0]!r} to change", unknown[0])
    out = dict(changes)
    if "lines" in out:
        out["lines"] = parse_claim_lines(out["lines"])
    if "adjustments" in out:
        out["adjustments"] = parse_adjustments(out["adjustments"])
    if "denial_codes" in out:
        out["denial_codes"] = tuple(dict.fromkeys(out["denial_codes"]))
    return out


def update_claim(
    repo: Repository,
    claim_id: int,
    changes: Mapping[str, Any] | None = None,
    *,
    status: str | None = None,
    on: date | str | None = None,
    status_note: str = "",
    base: Claim | None = None,
    resolve: Resolve = None,
    today: date | None = None,
) -> Claim:
    """Apply what the EOB (or the patient) says: the changed fields first, then a status
    change dated `on` (default today) with its history entry.

    Giving the claim's current status again adds no duplicate history line."""
    today = today or clock.today()
    fields = _normalise(changes or {})
    if on is not None and status is None:
        raise ValidationError("a date goes with a status change: give the status too", "on")
    if not fields and status is None:
        raise ValidationError(
            "nothing to change: give a status and/or EOB amounts such as paid 80.00", ""
        )
    day = parse_date(on, "on") if on not in (None, "") else today

    def update(tx: Transaction) -> Claim:
        current = tx.get(repo.claims, claim_id)
        claim = apply_changes(current, fields, base=base, resolve=resolve, label="claim")
        if status is not None and status != lifecycle.current_status(claim):
            claim = lifecycle.change_status(claim, status, day, status_note.strip(), today)
        elif status is not None and status_note.strip():
            note = "\n".join(n for n in (claim.note, status_note.strip()) if n)
            claim = replace(claim, note=note)
        return tx.put(repo.claims, claim)

    return repo.transaction(update)


def correct_claim(
    repo: Repository,
    claim_id: int,
    *,
    entry: int | str,
    status: str,
    on: date | str | None = None,
    note: str = "",
    today: date | None = None,
) -> Claim:
    """Correct a mistaken history entry; the original stays in the trail."""
    today = today or clock.today()
    number = parse_int(entry, "entry", 0, 10_000, "entry number")

    def correct(tx: Transaction) -> Claim:
        claim = tx.get(repo.claims, claim_id)
        row = next((r for r in lifecycle.effective_history(claim) if r.index == number), None)
        if on not in (None, ""):
            day = parse_date(on, "on")
        else:
            day = row.on if row is not None else today  # correct_status names a missing entry
        return tx.put(
            repo.claims, lifecycle.correct_status(claim, number, status, day, note, today)
        )

    return repo.transaction(correct)


def pay_claim(
    repo: Repository,
    claim_id: int,
    *,
    amount: Decimal | str,
    on: date | str | None = None,
    note: str = "",
    today: date | None = None,
) -> Claim:
    """Record money the patient paid the clinic for this claim."""
    today = today or clock.today()
    day = parse_date(on, "on") if on not in (None, "") else today
    claim_money.check_payment_date(day, today)
    payment = PatientPayment(day, parse_money(amount, "amount"), note)

    def pay(tx: Transaction) -> Claim:
        claim = tx.get(repo.claims, claim_id)
        return tx.put(repo.claims, claim_money.add_payment(claim, payment, today))

    return repo.transaction(pay)


def appeal_claim(
    repo: Repository,
    claim_id: int,
    *,
    filed: date | str,
    level: int | str | None = None,
    outcome: str | None = None,
    decided: date | str | None = None,
    note: str = "",
    today: date | None = None,
) -> tuple[Claim, Appeal]:
    """Record an appeal (or its outcome); the claim's status follows it."""
    today = today or clock.today()
    filed_on = claim_money.check_filed(parse_date(filed, "filed"), today)
    outcome = outcome or "pending"
    decided_on = None
    if outcome != "pending":
        decided_on = parse_date(decided, "decided") if decided not in (None, "") else today
        claim_money.check_decided(filed_on, decided_on, today)
    elif decided not in (None, ""):
        raise ValidationError(
            "a decision date needs an outcome (won, partial, lost or withdrawn)", "decided"
        )
    given_level = (
        parse_int(level, "level", 1, 5, "appeal level") if level not in (None, "") else None
    )

    def appeal(tx: Transaction) -> tuple[Claim, Appeal]:
        claim = tx.get(repo.claims, claim_id)
        record = Appeal(
            claim_money.pick_level(claim, given_level), filed_on, outcome, decided_on, note
        )
        try:
            updated = claim_money.record_appeal(claim, record, today)
        except ValidationError as exc:
            raise Refused(
                f"cannot record this appeal on claim {claim_id}: {exc.message}", exc.field
            ) from None
        return tx.put(repo.claims, updated), record

    return repo.transaction(appeal)


def delete_claim(repo: Repository, claim_id: int) -> Claim:
    """Delete a claim; returns it so the front end can offer undo (`restore_claim`)."""
    return repo.transaction(lambda tx: tx.delete(repo.claims, claim_id))


def restore_claim(repo: Repository, claim: Claim) -> Claim:
    return repo.transaction(lambda tx: tx.restore(repo.claims, claim))
