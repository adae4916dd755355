"""Visit limits, prior authorisations and the Medicare KX threshold.

Which visits count toward a payer (sessions carry no payer):
  1. a visit linked to a claim (claim.session_ids, or a claim billing its date) counts for
     that claim's payer;
  2. a visit no claim covers yet counts for a payer only when that payer is the only one the
     patient has recorded (in plans, claims and authorisations): with one insurer every visit
     is theirs; with several, an unbilled visit cannot be assigned and is not counted.
A visit is one session, whatever codes it had; evaluations count too, and a visit paid
under the deductible still counts (docs/BILLING.md, Plan limits).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from floortrack.billing.plans import plan_for, plan_year, same_payer
from floortrack.model import Authorization, Claim, Plan, Session

RUNNING_OUT_VISITS = 2  # this many visits left or fewer: "running out"
EXPIRING_DAYS = 14  # an authorisation ending within this many days: "expiring"

# Medicare KX threshold, PT+SLP combined, per calendar year (docs/BILLING.md, Plan limits).
KX_THRESHOLDS: dict[int, tuple[Decimal, str, bool]] = {
    2021: (Decimal("2110"), "secondary source (TherapyComply)", True),
    2022: (Decimal("2150"), "Noridian (Medicare contractor)", False),
    2023: (Decimal("2230"), "Noridian (Medicare contractor)", False),
    2024: (Decimal("2330"), "NGS and Noridian (Medicare contractors)", False),
    2025: (Decimal("2410"), "secondary sources only, no CMS page found", True),
    2026: (Decimal("2480"), "secondary sources only, no CMS page found", True),
}
TARGETED_REVIEW = Decimal("3000")  # CY2018 through 2028 (docs/BILLING.md, Plan limits)


def known_payers(
    plans: Iterable[Plan], claims: Iterable[Claim], auths: Iterable[Authorization] = ()
) -> set[str]:
    names = [p.payer for p in plans] + [c.payer for c in claims] + [a.payer for a in auths]
    return {n.strip().casefold() for n in names}


def sessions_for_payer(
    payer: str,
    sessions: Iterable[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization] = (),
) -> list[Session]:
    """The visits that count toward `payer` (rule in the module docstring)."""
    sole = known_payers(plans, claims, auths) <= {payer.strip().casefold()}
    # Which payers bill each visit: by linked id, and (older records) by service date.
    by_id: dict[int, set[str]] = {}
    by_date: dict[date, set[str]] = {}
    for claim in claims:
        name = claim.payer.strip().casefold()
        for sid in claim.session_ids:
            by_id.setdefault(sid, set()).add(name)
        for day in claim.service_dates:
            by_date.setdefault(day, set()).add(name)
    wanted = payer.strip().casefold()
    counted: list[Session] = []
    for session in sessions:
        billed_to = by_date.get(session.date, set())
        if session.id is not None:
            billed_to = billed_to | by_id.get(session.id, set())
        if billed_to:
            if wanted in billed_to:
                counted.append(session)
        elif sole:
            counted.append(session)
    return counted


@dataclass(frozen=True)
class VisitLimit:
    plan: Plan
    year_start: date
    year_end: date
    used: int
    limit: int | None

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else self.limit - self.used

    @property
    def running_out(self) -> bool:
        return self.remaining is not None and self.remaining <= RUNNING_OUT_VISITS


def visit_limit(
    plan: Plan,
    sessions: Iterable[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    today: date,
    auths: Sequence[Authorization] = (),
) -> VisitLimit:
    """Visits used in the plan year containing `today` against the plan's visit limit."""
    start, end = plan_year(plan, today)
    mine = sessions_for_payer(plan.payer, sessions, claims, plans, auths)
    used = sum(1 for s in mine if start <= s.date <= end)
    return VisitLimit(plan, start, end, used, plan.visit_limit)


@dataclass(frozen=True)
class AuthUsage:
    auth: Authorization
    used: int
    today: date

    @property
    def remaining(self) -> int:
        return self.auth.visits - self.used

    @property
    def days_left(self) -> int:
        """Days until the authorisation ends (0 on its last day, negative once ended)."""
        return (self.auth.end - self.today).days

    @property
    def active(self) -> bool:
        return self.auth.start <= self.today <= self.auth.end

    @property
    def running_out(self) -> bool:
        return self.remaining <= RUNNING_OUT_VISITS

    @property
    def expiring(self) -> bool:
        return 0 <= self.days_left <= EXPIRING_DAYS


def auth_usage(
    auth: Authorization,
    sessions: Iterable[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
) -> AuthUsage:
    """Visits with this payer inside the authorisation's dates, and what is left."""
    mine = sessions_for_payer(auth.payer, sessions, claims, plans, auths)
    used = sum(1 for s in mine if auth.start <= s.date <= auth.end)
    return AuthUsage(auth, used, today)


def renewed(auth: Authorization, auths: Iterable[Authorization]) -> bool:
    """True if another authorisation for the same payer runs past this one's end (the clinic
    already got an extension), so this one's ending needs no action."""
    return any(
        other is not auth and same_payer(other.payer, auth.payer) and other.end > auth.end
        for other in auths
    )


@dataclass(frozen=True)
class KxProgress:
    year: int
    allowed: Decimal  # allowed amounts counted (Medicare claims with an allowed figure)
    threshold: Decimal | None  # None: no amount known for that year
    source: str
    typical: bool  # True: secondary sources only, show as "reported, not confirmed by CMS"
    missing_allowed: int  # Medicare claims in the year with no allowed amount yet

    @property
    def remaining(self) -> Decimal | None:
        return None if self.threshold is None else self.threshold - self.allowed

    @property
    def over(self) -> bool:
        return self.threshold is not None and self.allowed >= self.threshold

    @property
    def label(self) -> str:
        if self.threshold is None:
            return f"no KX threshold known for {self.year}: check with Medicare"
        text = f"{self.year} KX threshold ${self.threshold:,.2f} (PT and speech therapy combined)"
        if self.typical:
            text += f", {self.source}: check with Medicare"
        else:
            text += f", per {self.source}"
        return text


def claim_allowed(claim: Claim) -> Decimal | None:
    if claim.allowed is not None:
        return claim.allowed
    parts = [ln.allowed for ln in claim.lines if ln.allowed is not None]
    if claim.lines and len(parts) == len(claim.lines):
        return sum(parts, Decimal("0.00"))
    return None


def kx_progress(claims: Iterable[Claim], plans: Sequence[Plan], year: int) -> KxProgress:
    """Allowed amounts on original-Medicare claims with a service date in `year` (the
    threshold counts allowed amounts, deductible and coinsurance included: docs/BILLING.md,
    Plan limits)."""
    total = Decimal("0.00")
    missing = 0
    for claim in claims:
        plan = plan_for(claim.payer, plans)
        if plan is None or plan.plan_type != "medicare" or claim.first_service.year != year:
            continue
        allowed = claim_allowed(claim)
        if allowed is None:
            missing += 1
        else:
            total += allowed
    threshold, source, typical = KX_THRESHOLDS.get(year, (None, "", True))
    return KxProgress(year, total, threshold, source, typical, missing)
