"""A year at a glance: visits, money, denials and how long payment took.

Definitions (shown to the user with the figures):
- A claim belongs to the year of its first service date; a visit to the year of its date.
- Denial rate = claims ever denied / claims decided, where "decided" means the claim reached
  paid, partially paid or denied at least once (pending claims are left out). None if no
  claim was decided.
- Days to payment = first paid or partially-paid status date - first service date; the
  median is over claims that were paid. None if none was.
- Still owed = sum of positive balances (patient share per the EOB minus what was paid).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from floortrack.billing import eob
from floortrack.billing.lifecycle import DECIDED_STATUSES, effective_history
from floortrack.model import Claim, Session

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PayerTotals:
    payer: str
    claims: int
    billed: Decimal
    allowed: Decimal
    paid: Decimal


@dataclass(frozen=True)
class YearSummary:
    year: int
    visits: int
    claims: int
    billed: Decimal
    allowed: Decimal  # over claims with an allowed amount
    paid_by_plan: Decimal
    paid_by_patient: Decimal
    still_owed: Decimal
    denied: int
    decided: int
    denial_rate: Decimal | None  # 0..1, two decimals (0.25 = 25 %)
    median_days_to_payment: float | None
    payers: tuple[PayerTotals, ...] = field(default_factory=tuple)
    unknown_allowed: int = 0  # claims with no allowed amount yet

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "visits": self.visits,
            "claims": self.claims,
            "billed": self.billed,
            "allowed": self.allowed,
            "paid_by_plan": self.paid_by_plan,
            "paid_by_patient": self.paid_by_patient,
            "still_owed": self.still_owed,
            "denied": self.denied,
            "decided": self.decided,
            "denial_rate": self.denial_rate,
            "median_days_to_payment": self.median_days_to_payment,
            "claims_without_allowed": self.unknown_allowed,
            "by_payer": [
                {
                    "payer": p.payer,
                    "claims": p.claims,
                    "billed": p.billed,
                    "allowed": p.allowed,
                    "paid": p.paid,
                }
                for p in self.payers
            ],
        }


def days_to_payment(claim: Claim) -> int | None:
    paid = [r.on for r in effective_history(claim) if r.status in ("paid", "partially_paid")]
    return (paid[0] - claim.first_service).days if paid else None


def year_summary(year: int, sessions: Iterable[Session], claims: Iterable[Claim]) -> YearSummary:
    mine = [c for c in claims if c.first_service.year == year]
    visits = sum(1 for s in sessions if s.date.year == year)
    billed = allowed = plan_paid = patient_paid = owed = ZERO
    denied = decided = unknown_allowed = 0
    waits: list[int] = []
    payers: dict[str, list[Claim]] = {}
    for claim in mine:
        payers.setdefault(claim.payer.strip().casefold(), []).append(claim)
        billed += claim.billed
        if claim.allowed is None:
            unknown_allowed += 1
        else:
            allowed += claim.allowed
        plan_paid += claim.paid or ZERO
        patient_paid += claim.patient_paid
        left = eob.balance(claim)
        if left is not None and left > 0:
            owed += left
        statuses = {r.status for r in effective_history(claim)} | {claim.status}
        if statuses & DECIDED_STATUSES:
            decided += 1
            if "denied" in statuses:
                denied += 1
        wait = days_to_payment(claim)
        if wait is not None:
            waits.append(wait)
    rate = (Decimal(denied) / Decimal(decided)).quantize(Decimal("0.01")) if decided else None
    by_payer = tuple(
        PayerTotals(
            group[0].payer,
            len(group),
            sum((c.billed for c in group), ZERO),
            sum((c.allowed or ZERO for c in group), ZERO),
            sum((c.paid or ZERO for c in group), ZERO),
        )
        for group in payers.values()
    )
    return YearSummary(
        year=year,
        visits=visits,
        claims=len(mine),
        billed=billed,
        allowed=allowed,
        paid_by_plan=plan_paid,
        paid_by_patient=patient_paid,
        still_owed=owed,
        denied=denied,
        decided=decided,
        denial_rate=rate,
        median_days_to_payment=float(statistics.median(waits)) if waits else None,
        payers=tuple(sorted(by_payer, key=lambda p: p.payer.casefold())),
        unknown_allowed=unknown_allowed,
    )
