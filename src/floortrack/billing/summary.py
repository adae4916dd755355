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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from floortrack.billing import eob
from floortrack.billing.lifecycle import DECIDED_STATUSES, effective_history
from floortrack.billing.memo import PerRecord
from floortrack.collection import collection_paused
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


@dataclass(frozen=True, slots=True)
class ClaimFigures:
    """What the summaries need from one claim, worked out once per claim object."""

    year: int  # of the first service date
    payer_key: str  # the payer name as matched (trimmed, case-folded)
    balance: Decimal | None  # eob.balance
    decided: bool  # reached paid, partially paid or denied at least once
    denied: bool  # ... and was denied at least once
    wait: int | None  # days_to_payment
    status: str  # lifecycle.current_status


# Per claim object (billing/memo.py): an Overview that recomputes after a save works out
# only the claims that changed (docs/ARCHITECTURE.md, "Attention, bounded and grouped").
_FIGURES: PerRecord[Claim, ClaimFigures] = PerRecord()


def claim_figures(claim: Claim) -> ClaimFigures:
    kept = _FIGURES.get(claim)
    if kept is not None:
        return kept
    rows = effective_history(claim)  # once, for the statuses, the wait and the status now
    statuses = {r.status for r in rows} | {claim.status}
    paid = [r.on for r in rows if r.status in ("paid", "partially_paid")]
    decided = bool(statuses & DECIDED_STATUSES)
    kept = ClaimFigures(
        year=claim.first_service.year,
        payer_key=claim.payer.strip().casefold(),
        balance=eob.balance(claim),
        decided=decided,
        denied=decided and "denied" in statuses,
        wait=(paid[0] - claim.first_service).days if paid else None,
        status=rows[-1].status if rows else claim.status,
    )
    _FIGURES.put(claim, kept)
    return kept


def year_summary(year: int, sessions: Iterable[Session], claims: Iterable[Claim]) -> YearSummary:
    mine = [c for c in claims if c.first_service.year == year]
    visits = sum(1 for s in sessions if s.date.year == year)
    return _summarise(year, visits, mine)


def year_summaries(sessions: Iterable[Session], claims: Iterable[Claim]) -> dict[int, YearSummary]:
    """`year_summary` for every year with a visit or a claim, oldest first, in one pass over
    the records (the Overview's per-year totals)."""
    with collection_paused():
        return _year_summaries(sessions, claims)


def _year_summaries(sessions: Iterable[Session], claims: Iterable[Claim]) -> dict[int, YearSummary]:
    visits = Counter(s.date.year for s in sessions)
    by_year: dict[int, list[Claim]] = {}
    for claim in claims:
        by_year.setdefault(claim.first_service.year, []).append(claim)
    return {
        year: _summarise(year, visits.get(year, 0), by_year.get(year, []))
        for year in sorted(set(visits) | set(by_year))
    }


def _summarise(year: int, visits: int, mine: list[Claim]) -> YearSummary:
    """One year's figures from that year's claims, in their order."""
    billed = allowed = plan_paid = patient_paid = owed = ZERO
    denied = decided = unknown_allowed = 0
    waits: list[int] = []
    payers: dict[str, list[Claim]] = {}
    for claim in mine:
        figures = claim_figures(claim)
        payers.setdefault(figures.payer_key, []).append(claim)
        billed += claim.billed
        if claim.allowed is None:
            unknown_allowed += 1
        else:
            allowed += claim.allowed
        plan_paid += claim.paid or ZERO
        patient_paid += claim.patient_paid
        left = figures.balance
        if left is not None and left > 0:
            owed += left
        if figures.decided:
            decided += 1
            if figures.denied:
                denied += 1
        if figures.wait is not None:
            waits.append(figures.wait)
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
