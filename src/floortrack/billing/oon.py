"""Out of network: claims the patient files themselves, the reimbursement to expect, and
what needs doing (docs/BENEFITS.md, "Claims you file yourself").

- **Expected reimbursement**: the plan's payment on its EOB once there is one; before that,
  the allowed amount (or, not known yet, the clinic's charge: "at most") less what goes to the
  out-of-network deductible, times the plan's share (100% minus the out-of-network
  coinsurance), less the copay.
- **Attention**: a calendar month of visits at an out-of-network clinic, ended, with no claim
  filed by the patient covering them (send a superbill); the same, close to or past the
  out-of-network filing limit; a claim the patient filed, waiting too long for the money.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from floortrack.billing import benefits
from floortrack.billing.deadlines import add_months
from floortrack.billing.plans import filing_window, plan_for, plan_year, same_payer
from floortrack.billing.steps import Item, NextStep
from floortrack.model import Claim, Clinic, Plan, Session

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# No processing time for a member-submitted claim is sourced: like other pending claims, a
# conservative "worth a call" mark.
REIMBURSEMENT_WAIT_DAYS = 45
FILING_WARN_DAYS = 30


@dataclass(frozen=True)
class Reimbursement:
    """Money on a claim the patient filed: expected from the plan, received, paid the clinic."""

    expected: Decimal | None
    basis: str
    received: Decimal
    clinic_paid: Decimal

    @property
    def outstanding(self) -> Decimal | None:
        """Expected but not received yet (never negative)."""
        if self.expected is None:
            return None
        return max(ZERO, self.expected - self.received)


def _linked(claim: Claim, sessions: Iterable[Session]) -> list[Session]:
    """The claim's visits: by linked id, else (older records) by service date."""
    if claim.session_ids:
        ids = set(claim.session_ids)
        return [s for s in sessions if s.id in ids]
    dates = set(claim.service_dates)
    return [s for s in sessions if s.date in dates]


def clinic_paid(claim: Claim, sessions: Iterable[Session]) -> Decimal:
    """What the patient already paid the clinic for this claim's visits (at the desk, plus
    payments recorded on the claim)."""
    desk = sum((s.paid_at_desk or ZERO for s in _linked(claim, sessions)), ZERO)
    return desk + claim.patient_paid


def reimbursement(
    claim: Claim,
    plan: Plan | None,
    sessions: Iterable[Session] = (),
    deductible_left: Decimal | None = None,
) -> Reimbursement:
    """What the plan should send the patient for `claim` (a claim the patient filed).

    `deductible_left`: how much of the out-of-network deductible was still to meet before
    this claim (billing/benefits.py); None: the EOB's deductible, else taken as met."""
    received = claim.reimbursed or ZERO
    paid_clinic = clinic_paid(claim, sessions)
    if claim.paid is not None:
        return Reimbursement(claim.paid, "the plan's payment on your EOB", received, paid_clinic)
    pct = plan.oon_coinsurance_pct if plan is not None else None
    if pct is None:
        return Reimbursement(
            None,
            "not known: enter the plan's out-of-network coinsurance "
            "(`plan edit ID --oon-coinsurance PCT`) or the EOB",
            received,
            paid_clinic,
        )
    base, upper = (claim.allowed, False) if claim.allowed is not None else (claim.billed, True)
    if claim.deductible is not None:
        to_deductible = min(base, claim.deductible)
        ded_text = f"${to_deductible:,.2f} to the deductible per your EOB"
    elif deductible_left is not None:
        to_deductible = min(base, deductible_left)
        ded_text = f"${to_deductible:,.2f} to the out-of-network deductible still to meet"
    else:
        to_deductible = ZERO
        ded_text = "the out-of-network deductible taken as met (none entered)"
    copay = min(plan.oon_copay or ZERO, base - to_deductible) if plan is not None else ZERO
    rest = base - to_deductible - copay
    expected = (rest * (100 - pct) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    what = "the clinic's charge (at most: the plan may allow less)" if upper else "allowed"
    basis = f"{100 - pct}% of {what} after {ded_text}" + (
        f" and the ${copay:,.2f} copay" if copay else ""
    )
    return Reimbursement(expected, basis, received, paid_clinic)


def deductible_left_before(
    claim: Claim,
    plan: Plan | None,
    claims: Sequence[Claim],
    sessions: Sequence[Session],
    clinics: Sequence[Clinic] = (),
) -> Decimal | None:
    """How much of the out-of-network deductible was still to meet before `claim`: the
    deductible less what the EOBs of earlier out-of-network claims in its plan year put toward
    it (and the insurer's report, billing/benefits.py). None: no deductible entered."""
    if plan is None or plan.oon_deductible is None:
        return None
    start, end = plan_year(plan, claim.first_service)
    earlier = [
        c
        for c in claims
        if c.id != claim.id and start <= c.first_service <= claim.first_service <= end
    ]
    network_of = benefits.network_by_clinic(sessions, clinics)
    year = benefits.benefit_year(
        plan,
        "out",
        claim.first_service,
        sessions,
        earlier,
        [plan],
        claim.first_service,
        network_of,
    )
    return year.deductible_left


def _filing_days(plan: Plan) -> tuple[int | None, int | None, bool]:
    """(days, months, typical) for a claim the patient files with this plan."""
    if plan.oon_filing_days is not None:
        return plan.oon_filing_days, None, False
    window = filing_window(plan)
    return window.days, window.months, window.typical


def _deadline(day: date, days: int | None, months: int | None) -> date:
    return add_months(day, months) if months is not None else day + timedelta(days=days or 0)


def _month_end(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def _covered(session: Session, claims: Sequence[Claim]) -> bool:
    for claim in claims:
        if claim.filed_by != "patient":
            continue
        if session.id is not None and session.id in claim.session_ids:
            return True
        if session.date in claim.service_dates:
            return True
    return False


def oon_items(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    clinics: Sequence[Clinic],
    today: date,
) -> list[Item]:
    """The out-of-network attention items (see the module docstring)."""
    items: list[Item] = []
    for clinic in clinics:
        for payer, status in clinic.networks:
            plan = plan_for(payer, plans)
            if status != "out" or plan is None:
                continue
            items += _superbill_items(clinic, plan, sessions, claims, today)
    for claim in claims:
        if claim.filed_by == "patient":
            plan = plan_for(claim.payer, plans)
            left = deductible_left_before(claim, plan, claims, sessions, clinics)
            item = _overdue_item(claim, plan, sessions, today, left)
            if item is not None:
                items.append(item)
    return items


def _superbill_items(
    clinic: Clinic,
    plan: Plan,
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    today: date,
) -> list[Item]:
    name = clinic.name.casefold()
    mine = [s for s in sessions if s.provider.casefold() == name]
    payer_claims = [c for c in claims if same_payer(c.payer, plan.payer)]
    months: dict[date, list[Session]] = {}
    for session in mine:
        if _month_end(session.date) < today and not _covered(session, payer_claims):
            months.setdefault(session.date.replace(day=1), []).append(session)
    days, months_window, typical = _filing_days(plan)
    items: list[Item] = []
    for first_of_month, visits in sorted(months.items()):
        visits.sort(key=lambda s: s.date)
        earliest = visits[0].date
        due = _deadline(earliest, days, months_window)
        left = (due - today).days
        last = _month_end(first_of_month)
        label = first_of_month.strftime("%B %Y")
        limit = (f"{months_window} months" if months_window is not None else f"{days} days") + (
            " (typical, check your plan)" if typical else " (your plan)"
        )
        if left < 0:
            severity, title = (
                "urgent",
                (f"{clinic.name} visits in {label}: past the filing limit for {plan.payer}"),
            )
        else:
            severity = "urgent" if left <= FILING_WARN_DAYS else "normal"
            title = f"Send a superbill to {plan.payer} for {clinic.name}'s {label} visits"
        count = len(visits)
        items.append(
            Item(
                "oon_superbill",
                title,
                f"{count} visit{'s' if count != 1 else ''} at {clinic.name} (out of network with "
                f"{plan.payer}) in {label} with no claim you filed. Claims you file must reach "
                f"the plan within {limit} of the visit: the first of these is due by "
                f"{due.isoformat()}.",
                f"Check and write the superbill for {clinic.name}'s visits from "
                f"{first_of_month.isoformat()} to {last.isoformat()} (with the diagnosis codes "
                "from your referral), send it with the plan's claim form, and record the claim."
                if left >= 0
                else "Send it anyway with a note on why it is late, or ask the plan whether "
                "late claims are accepted; record the claim as filed by you.",
                NextStep(
                    "write_superbill",
                    session_id=visits[0].id,
                    plan_id=plan.id,
                    payer=plan.payer,
                    reference=f"{clinic.name}|{first_of_month.isoformat()}|{last.isoformat()}",
                ),
                severity,
                due=due,
                days_left=left,
                session_id=visits[0].id,
                plan_id=plan.id,
            )
        )
    return items


def _overdue_item(
    claim: Claim,
    plan: Plan | None,
    sessions: Sequence[Session],
    today: date,
    deductible_left: Decimal | None,
) -> Item | None:
    if claim.status in ("denied", "closed", "appealed"):
        return None  # the ordinary claim items cover denials and appeals
    sent = claim.submitted or claim.first_service
    waited = (today - sent).days
    money = reimbursement(claim, plan, sessions, deductible_left)
    if claim.reimbursed is not None and (money.outstanding is None or money.outstanding <= 0):
        return None
    if waited <= REIMBURSEMENT_WAIT_DAYS:
        return None
    expected = (
        f" about ${money.expected:,.2f} expected ({money.basis})"
        if money.expected is not None
        else ""
    )
    got = f"; ${money.received:,.2f} received so far" if money.received else ""
    return Item(
        "oon_reimbursement",
        f"Reimbursement overdue on claim {claim.id} with {claim.payer} "
        f"for {claim.first_service.isoformat()}",
        f"You sent this claim {waited} days ago{got};{expected or ' no amount known yet'}. "
        f"{REIMBURSEMENT_WAIT_DAYS} days is a common point to ask (not a rule).",
        "Call the plan's member services with the claim number: ask whether it was received, "
        "whether anything is missing, and when payment will be sent; note the reference number.",
        NextStep("record_reimbursement", claim_id=claim.id),
        "high",
        due=sent + timedelta(days=REIMBURSEMENT_WAIT_DAYS),
        days_left=REIMBURSEMENT_WAIT_DAYS - waited,
        claim_id=claim.id,
    )
