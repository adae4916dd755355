"""Money and appeals on a claim: a payment the patient made, an appeal and its outcome.

Pure functions on model records (no I/O): the CLI (`claim pay`, `claim appeal`) and the TUI
forms both call these, so the two can never disagree about what a payment or an appeal does.

An appeal follows the claim's status (docs/BILLING.md, Claim statuses; billing.lifecycle):
filing one moves a denied (or partially paid) claim to `appealed`; an outcome moves it on — won
to paid, partial to partially paid, lost back to denied, withdrawn to closed. Recording the same
level again (e.g. its outcome) replaces that appeal instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from floortrack.billing import deadlines, lifecycle
from floortrack.model import Appeal, Claim, PatientPayment, ValidationError, check_not_future

# What an appeal's outcome means for the claim's status.
OUTCOME_STATUS: dict[str, str] = {
    "won": "paid",
    "partial": "partially_paid",
    "lost": "denied",
    "withdrawn": "closed",
}


# -- payments --------------------------------------------------------------------------------


def check_payment_date(on: date, today: date) -> date:
    """A payment cannot be dated in the future (field "on")."""
    return check_not_future(on, today, "on", "A payment date")


def add_payment(claim: Claim, payment: PatientPayment, today: date) -> Claim:
    """The claim with `payment` added to what the patient paid (ValidationError if dated in
    the future). The amount itself was checked by PatientPayment."""
    check_payment_date(payment.on, today)
    return replace(claim, payments=(*claim.payments, payment))


# -- appeals ---------------------------------------------------------------------------------


def pick_level(claim: Claim, given: int | None = None) -> int:
    """The level an appeal is recorded at: the one given, else the pending appeal's (its
    outcome is being recorded), else the next level."""
    if given is not None:
        return given
    pending = [a.level for a in claim.appeals if a.outcome == "pending"]
    if pending:
        return max(pending)
    return deadlines.next_appeal_level(claim)


def check_filed(filed: date, today: date) -> date:
    return check_not_future(filed, today, "filed", "An appeal date")


def check_decided(filed: date, decided: date, today: date) -> date:
    """A decision is not in the future and not before the appeal was filed (field "decided")."""
    check_not_future(decided, today, "decided", "A decision date")
    if decided < filed:
        raise ValidationError(
            f"the decision ({decided.isoformat()}) cannot come before the appeal was filed "
            f"({filed.isoformat()})",
            "decided",
        )
    return decided


def check_appeal(appeal: Appeal, today: date) -> None:
    """The dates of an appeal make sense together (ValidationError naming the field)."""
    check_filed(appeal.filed, today)
    if appeal.outcome == "pending":
        if appeal.decided is not None:
            raise ValidationError(
                "a decision date needs an outcome (won, partial, lost or withdrawn)", "decided"
            )
        return
    if appeal.decided is None:
        raise ValidationError(
            f"the date of the decision is needed when the appeal was {appeal.outcome}",
            "decided",
        )
    check_decided(appeal.filed, appeal.decided, today)


def record_appeal(claim: Claim, appeal: Appeal, today: date) -> Claim:
    """The claim with `appeal` recorded and its status moved to follow it.

    A new level moves the claim to `appealed` (dated when it was filed); an outcome then moves
    it to OUTCOME_STATUS[outcome] (dated when it was decided). An existing level is replaced.
    Raises ValidationError for impossible dates or moves (a paid claim cannot be appealed)."""
    check_appeal(appeal, today)
    existing = [i for i, a in enumerate(claim.appeals) if a.level == appeal.level]
    if existing:
        appeals = list(claim.appeals)
        appeals[existing[-1]] = appeal
        updated = replace(claim, appeals=tuple(appeals))
    else:
        updated = replace(claim, appeals=(*claim.appeals, appeal))

    status = lifecycle.current_status(updated)
    if not existing and status != "appealed":
        updated = lifecycle.change_status(
            updated,
            "appealed",
            appeal.filed,
            appeal.note or f"level {appeal.level} appeal filed",
            today=today,
        )
        status = "appealed"
    target = OUTCOME_STATUS.get(appeal.outcome)
    if target is not None and appeal.decided is not None and status != target:
        updated = lifecycle.change_status(
            updated,
            target,
            appeal.decided,
            appeal.note or f"appeal {appeal.outcome}",
            today=today,
        )
    return updated
