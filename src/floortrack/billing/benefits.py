"""Benefits: how much of the deductible and the out-of-pocket maximum is met, visits used,
and what the next visit will probably cost the patient (docs/BENEFITS.md).

Pure functions over the records. For each plan and plan year (a year that starts in July
runs July to June), and for each network the plan has terms or claims for:

- **met from your EOBs**: the deductible, copay and coinsurance on every EOB for a service
  date in that plan year (PR-1/PR-2/PR-3 stand in for blank fields, billing/eob.py). Only
  claims floortrack knows about count, so this can be lower than the truth.
- **reported by the insurer**: what the patient typed in from the insurer ("as of" a date).
  It includes other providers' claims; EOB amounts for visits *after* that date are added to
  it. When a reported figure exists for the plan year it is the one shown, and the basis
  sentence says so.
- **next visit**: the allowed amounts on the patient's own EOBs for the same clinic and
  codes as their latest visit (low to high), run through the plan's cost sharing from
  where the deductible and out-of-pocket maximum stand now. With no cost-sharing terms
  entered, the range is what the patient owed on those visits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from floortrack.billing import eob
from floortrack.billing.limits import claim_allowed, sessions_for_payer
from floortrack.billing.plans import plan_year, same_payer
from floortrack.model import Claim, Clinic, Plan, Session

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HISTORY_VISITS = 10  # the newest this-many matching EOB visits make the range
MAX_VISITS_TO_OOP = 400  # beyond this, "about N visits" is not a useful figure
# The previous plan year stays on show this long into the new one, while the EOBs for its
# last visits come in (docs/BENEFITS.md, "Which plan years are shown").
PREVIOUS_YEAR_DAYS = 90
NETWORKS: tuple[str, ...] = ("in", "out")
NETWORK_WORDS = {"in": "in network", "out": "out of network"}

NetworkOf = Callable[[Claim], str]
VisitNetworkOf = Callable[[Session, str], str]  # (visit, payer) -> "in" | "out"


def _in_network(_claim: Claim) -> str:
    return "in"


def _visit_in_network(_session: Session, _payer: str) -> str:
    return "in"


def visit_network_by_clinic(clinics: Iterable[Clinic]) -> VisitNetworkOf:
    """A visit's network with a payer: out when its clinic is marked out of network with it."""
    by_name = {c.name.casefold(): c for c in clinics}

    def visit_network(session: Session, payer: str) -> str:
        clinic = by_name.get(session.provider.casefold())
        return "out" if clinic is not None and clinic.network_for(payer) == "out" else "in"

    return visit_network


def network_by_clinic(sessions: Iterable[Session], clinics: Iterable[Clinic]) -> NetworkOf:
    """A claim's network (docs/BENEFITS.md, "Which network a claim counts for"): out of
    network when the patient filed it, or when its visits' clinic is marked out of network
    with the claim's payer; else in."""
    by_name = {c.name.casefold(): c for c in clinics}
    by_id: dict[int, Session] = {}
    by_date: dict[date, list[Session]] = {}
    for s in sessions:
        if s.id is not None:
            by_id[s.id] = s
        by_date.setdefault(s.date, []).append(s)

    def network_of(claim: Claim) -> str:
        if claim.filed_by == "patient":
            return "out"  # a claim the patient files is an out-of-network claim
        for session in _linked_sessions(claim, by_id, by_date):
            clinic = by_name.get(session.provider.casefold())
            if clinic is not None and clinic.network_for(claim.payer) == "out":
                return "out"
        return "in"

    return network_of


@dataclass(frozen=True)
class Terms:
    """One network's cost sharing on a plan (None: not entered)."""

    deductible: Decimal | None
    oop_max: Decimal | None
    coinsurance_pct: Decimal | None
    copay: Decimal | None
    reported_deductible_met: Decimal | None
    reported_oop_met: Decimal | None
    reported_as_of: date | None

    @property
    def cost_sharing_known(self) -> bool:
        return any(v is not None for v in (self.deductible, self.coinsurance_pct, self.copay))

    @property
    def any_entered(self) -> bool:
        return self.cost_sharing_known or self.oop_max is not None


def terms_for(plan: Plan, network: str) -> Terms:
    if network == "out":
        return Terms(
            plan.oon_deductible,
            plan.oon_oop_max,
            plan.oon_coinsurance_pct,
            plan.oon_copay,
            plan.oon_reported_deductible_met,
            plan.oon_reported_oop_met,
            plan.reported_as_of,
        )
    return Terms(
        plan.deductible,
        plan.oop_max,
        plan.coinsurance_pct,
        plan.copay,
        plan.reported_deductible_met,
        plan.reported_oop_met,
        plan.reported_as_of,
    )


@dataclass(frozen=True)
class Estimate:
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class BenefitYear:
    """One plan, one plan year, one network: what is met and what the next visit costs."""

    plan: Plan
    network: str  # "in" or "out"
    start: date
    end: date
    deductible: Decimal | None
    deductible_met: Decimal
    oop_max: Decimal | None
    oop_met: Decimal
    eob_deductible: Decimal  # from EOBs alone
    eob_oop: Decimal
    reported: bool  # the met figures start from the insurer's report
    visits_used: int
    visit_limit: int | None
    claims_counted: int
    claims_waiting: int  # claims in the year with no EOB amounts yet
    estimate: Estimate | None
    visits_to_oop: int | None  # about this many more visits until the OOP maximum
    basis: str

    @property
    def deductible_left(self) -> Decimal | None:
        return None if self.deductible is None else max(ZERO, self.deductible - self.deductible_met)

    @property
    def oop_left(self) -> Decimal | None:
        return None if self.oop_max is None else max(ZERO, self.oop_max - self.oop_met)


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


def _pct(value: Decimal) -> str:
    return f"{value}%"


def patient_cost(
    allowed: Decimal, terms: Terms, deductible_left: Decimal | None, oop_left: Decimal | None
) -> Decimal:
    """What the patient pays of one visit's allowed amount: the deductible first, then the
    copay and coinsurance on the rest; never more than the allowed amount or what is left of
    the out-of-pocket maximum. A deductible not entered counts as met."""
    to_deductible = min(allowed, deductible_left) if deductible_left is not None else ZERO
    rest = allowed - to_deductible
    copay = min(terms.copay or ZERO, rest)
    coinsurance = (rest - copay) * (terms.coinsurance_pct or ZERO) / 100
    cost = min(allowed, to_deductible + copay + coinsurance)
    if oop_left is not None:
        cost = min(cost, oop_left)
    return cost.quantize(CENT, rounding=ROUND_HALF_UP)


def visits_until_oop(
    allowed: Decimal, terms: Terms, deductible_left: Decimal | None, oop_left: Decimal
) -> int | None:
    """About how many visits of this allowed amount until the OOP maximum is reached."""
    if oop_left <= 0:
        return 0
    ded = deductible_left
    count = 0
    while oop_left > 0 and count < MAX_VISITS_TO_OOP:
        cost = patient_cost(allowed, terms, ded, oop_left)
        if cost <= 0:
            return None
        if ded is not None:
            ded = max(ZERO, ded - min(allowed, ded))
        oop_left -= cost
        count += 1
    return count if oop_left <= 0 else None


@dataclass(frozen=True)
class _Visit:
    """One visit's share of an EOB: allowed and owed split evenly over the claim's dates."""

    day: date
    allowed: Decimal
    owed: Decimal | None


def _visits_of(claim: Claim) -> list[_Visit]:
    allowed = claim_allowed(claim)
    if allowed is None or allowed <= 0:
        return []  # no EOB yet, or denied: says nothing about what a visit costs
    owed = eob.patient_responsibility(claim)
    count = len(claim.service_dates)
    return [
        _Visit(
            day,
            (allowed / count).quantize(CENT),
            None if owed is None else (owed / count).quantize(CENT),
        )
        for day in claim.service_dates
    ]


def _linked_sessions(
    claim: Claim, by_id: dict[int, Session], by_date: dict[date, list[Session]]
) -> list[Session]:
    linked = [by_id[i] for i in claim.session_ids if i in by_id]
    if linked:
        return linked
    return [s for day in claim.service_dates for s in by_date.get(day, ())]


def _code_set(session: Session) -> tuple[str, ...]:
    return tuple(sorted(set(session.codes)))


def _history(
    reference: Session,
    claims: Sequence[Claim],
    by_id: dict[int, Session],
    by_date: dict[date, list[Session]],
) -> tuple[list[_Visit], bool]:
    """EOB visits at the reference visit's clinic: (visits, same codes?), newest first."""
    clinic = reference.provider.casefold()
    codes = _code_set(reference)
    same_codes: list[_Visit] = []
    same_clinic: list[_Visit] = []
    for claim in claims:
        visits = _visits_of(claim)
        if not visits:
            continue
        sessions = _linked_sessions(claim, by_id, by_date)
        at_clinic = [s for s in sessions if s.provider.casefold() == clinic]
        if not at_clinic:
            continue
        same_clinic += visits
        if all(_code_set(s) == codes for s in at_clinic):
            same_codes += visits
    chosen, exact = (same_codes, True) if same_codes else (same_clinic, False)
    chosen.sort(key=lambda v: v.day, reverse=True)
    return chosen[:HISTORY_VISITS], exact


def _claims_in(claims: Iterable[Claim], start: date, end: date) -> list[Claim]:
    return [c for c in claims if start <= c.first_service <= end]


def benefit_year(
    plan: Plan,
    network: str,
    day: date,
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    today: date,
    network_of: NetworkOf = _in_network,
    visit_network: VisitNetworkOf = _visit_in_network,
) -> BenefitYear:
    """The figures for `plan` in the plan year containing `day`, for one network.

    `claims` may be every claim (other payers' are ignored); `network_of` says whether a
    claim was in or out of network (the clinic's status with the payer, or a claim the
    patient filed), `visit_network` the same for a visit (the next visit is estimated from
    the latest visit in that network)."""
    start, end = plan_year(plan, day)
    terms = terms_for(plan, network)
    mine = [c for c in claims if same_payer(c.payer, plan.payer) and network_of(c) == network]
    in_year = _claims_in(mine, start, end)
    eob_ded = eob_oop = ZERO
    counted = waiting = 0
    after_report_ded = after_report_oop = ZERO
    as_of = terms.reported_as_of
    reported = (
        as_of is not None
        and start <= as_of <= end
        and (terms.reported_deductible_met is not None or terms.reported_oop_met is not None)
    )
    for claim in in_year:
        b = eob.breakdown(claim)
        if b.shares is None and b.allowed is None and b.paid is None:
            waiting += 1
            continue
        counted += 1
        ded = b.deductible or ZERO
        share = b.shares or ZERO
        eob_ded += ded
        eob_oop += share
        if reported and as_of is not None and claim.first_service > as_of:
            after_report_ded += ded
            after_report_oop += share
    sentences: list[str] = []
    words = NETWORK_WORDS[network]
    period = f"plan year {start.isoformat()} to {end.isoformat()}"
    source = f"{counted} EOB{'s' if counted != 1 else ''} in this plan year"
    if waiting:
        source += f" ({waiting} more claim{'s' if waiting != 1 else ''} with no EOB yet)"
    ded_met, oop_met = eob_ded, eob_oop
    if reported and as_of is not None:
        parts = []
        if terms.reported_deductible_met is not None:
            ded_met = terms.reported_deductible_met + after_report_ded
            parts.append(f"{money(terms.reported_deductible_met)} of the deductible")
        if terms.reported_oop_met is not None:
            oop_met = terms.reported_oop_met + after_report_oop
            parts.append(f"{money(terms.reported_oop_met)} out of pocket")
        sentences.append(
            f"Met so far is what your insurer reported ({' and '.join(parts)} met as of "
            f"{as_of.isoformat()}; it counts other providers' claims too) plus your EOBs for "
            f"visits after that date; your {source} alone add up to "
            f"{money(eob_ded)} deductible and {money(eob_oop)} out of pocket."
        )
    else:
        sentences.append(
            f"Met so far is computed from your {source}: other providers' claims "
            "are not included; record what your insurer reports with `plan edit --as-of`."
        )
    if oop_met < ded_met:
        oop_met = ded_met  # the deductible counts toward the out-of-pocket maximum
    if terms.deductible is not None:
        ded_met = min(ded_met, terms.deductible)
    if terms.oop_max is not None:
        oop_met = min(oop_met, terms.oop_max)
    ded_left = None if terms.deductible is None else max(ZERO, terms.deductible - ded_met)
    oop_left = None if terms.oop_max is None else max(ZERO, terms.oop_max - oop_met)

    # Visits used (all networks: a visit limit counts visits, whoever provided them).
    counted_sessions = sessions_for_payer(plan.payer, sessions, claims, plans)
    used = sum(1 for s in counted_sessions if start <= s.date <= end)

    if start <= today <= end:
        in_network = [s for s in counted_sessions if visit_network(s, plan.payer) == network]
        estimate, to_oop, estimate_text = _estimate(
            network, terms, in_network, mine, sessions, ded_left, oop_left
        )
    else:
        estimate, to_oop, estimate_text = None, None, "A past plan year: no next visit."
    sentences.append(estimate_text)
    return BenefitYear(
        plan=plan,
        network=network,
        start=start,
        end=end,
        deductible=terms.deductible,
        deductible_met=ded_met,
        oop_max=terms.oop_max,
        oop_met=oop_met,
        eob_deductible=eob_ded,
        eob_oop=eob_oop,
        reported=reported,
        visits_used=used,
        visit_limit=plan.visit_limit,
        claims_counted=counted,
        claims_waiting=waiting,
        estimate=estimate,
        visits_to_oop=to_oop,
        basis=f"{period.capitalize()}, {words}. " + " ".join(sentences),
    )


def _estimate(
    network: str,
    terms: Terms,
    payer_sessions: Sequence[Session],
    claims: Sequence[Claim],
    sessions: Sequence[Session],
    ded_left: Decimal | None,
    oop_left: Decimal | None,
) -> tuple[Estimate | None, int | None, str]:
    if not payer_sessions:
        return (
            None,
            None,
            f"Next visit: no estimate, no visits {NETWORK_WORDS[network]} logged with this "
            "plan yet.",
        )
    reference = max(payer_sessions, key=lambda s: (s.date, s.id or 0))
    by_id = {s.id: s for s in sessions if s.id is not None}
    by_date: dict[date, list[Session]] = {}
    for s in sessions:
        by_date.setdefault(s.date, []).append(s)
    history, exact = _history(reference, claims, by_id, by_date)
    clinic = reference.provider or "the clinic"
    codes = "+".join(_code_set(reference)) or "no codes"
    if not history:
        return (
            None,
            None,
            f"Next visit: no estimate, no EOB with an allowed amount yet for {clinic} "
            f"({NETWORK_WORDS[network]}).",
        )
    allowed = [v.allowed for v in history]
    low_a, high_a = min(allowed), max(allowed)
    what = f"{codes} at {clinic}" if exact else f"visits at {clinic} (none with {codes} yet)"
    n = len(history)
    seen = (
        f"the allowed amounts on your last {n} EOB visit{'s' if n != 1 else ''} for {what} "
        f"({money(low_a)} to {money(high_a)})"
    )
    if not terms.cost_sharing_known:
        owed = [v.owed for v in history if v.owed is not None]
        if not owed:
            return (
                None,
                None,
                f"Next visit: no estimate; {seen} are known, but not your plan's cost sharing: "
                "enter it with `plan edit --deductible --coinsurance --copay`.",
            )
        est = Estimate(min(owed), max(owed))
        return (
            est,
            None,
            f"Next visit: what you owed on {len(owed)} recent EOB visit"
            f"{'s' if len(owed) != 1 else ''} for {what}; your plan's cost sharing is not "
            "entered (`plan edit --deductible --coinsurance --copay`).",
        )
    low = patient_cost(low_a, terms, ded_left, oop_left)
    high = patient_cost(high_a, terms, ded_left, oop_left)
    rules = []
    if ded_left is not None and ded_left > 0:
        rules.append(f"{money(ded_left)} of the deductible still to meet")
    elif terms.deductible is not None:
        rules.append("the deductible met")
    else:
        rules.append("no deductible entered (taken as met)")
    if terms.copay:
        rules.append(f"a {money(terms.copay)} copay")
    if terms.coinsurance_pct is not None:
        rules.append(f"{_pct(terms.coinsurance_pct)} coinsurance")
    if oop_left is not None:
        rules.append(f"{money(oop_left)} left to the out-of-pocket maximum")
    text = f"Next visit: from {seen}, with {', '.join(rules)}."
    if network == "out" and reference.charged is not None:
        # Out of network the clinic bills its own charge: what it asks above the allowed
        # amount is the patient's too (docs/BENEFITS.md, "The next visit's estimated cost").
        low += max(ZERO, reference.charged - low_a)
        high += max(ZERO, reference.charged - high_a)
        low, high = min(low, high), max(low, high)
        text += (
            f" Plus what the clinic charges above the allowed amount (your latest visit was "
            f"charged {money(reference.charged)})."
        )
    elif network == "out":
        text += (
            " Out of network the clinic may charge more than the allowed amount; the "
            "difference is yours too (record visit charges with `session edit --charged`)."
        )
    to_oop = None
    if oop_left is not None:
        mid = ((low_a + high_a) / 2).quantize(CENT)
        to_oop = visits_until_oop(mid, terms, ded_left, oop_left)
    return Estimate(low, high), to_oop, text


def has_terms_or_claims(
    plan: Plan, network: str, claims: Sequence[Claim], network_of: NetworkOf
) -> bool:
    if terms_for(plan, network).any_entered:
        return True
    return any(same_payer(c.payer, plan.payer) and network_of(c) == network for c in claims)


def benefits(
    plans: Sequence[Plan],
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    today: date,
    payer: str | None = None,
    network_of: NetworkOf = _in_network,
    visit_network: VisitNetworkOf = _visit_in_network,
) -> list[BenefitYear]:
    """Every plan (or the one for `payer`): the current plan year, and in its first
    PREVIOUS_YEAR_DAYS the previous one when it has claims (EOBs for its last visits are
    still arriving), per network: in network always, out of network when the plan has terms
    or claims there."""
    out: list[BenefitYear] = []
    for plan in plans:
        if payer is not None and not same_payer(plan.payer, payer):
            continue
        start, _ = plan_year(plan, today)
        previous = start - timedelta(days=1)
        prev_start, _ = plan_year(plan, previous)
        if (today - start).days >= PREVIOUS_YEAR_DAYS:
            previous = prev_start - timedelta(days=1)  # no claim can fall in the range below
        for network in NETWORKS:
            if network == "out" and not has_terms_or_claims(plan, network, claims, network_of):
                continue
            out.append(
                benefit_year(
                    plan, network, today, sessions, claims, plans, today, network_of, visit_network
                )
            )
            mine = [
                c
                for c in claims
                if same_payer(c.payer, plan.payer)
                and network_of(c) == network
                and prev_start <= c.first_service <= previous
            ]
            if mine:
                out.append(
                    benefit_year(
                        plan,
                        network,
                        previous,
                        sessions,
                        claims,
                        plans,
                        today,
                        network_of,
                        visit_network,
                    )
                )
    return out


def window(plans: Iterable[Plan], today: date) -> tuple[date, date]:
    """The dates `benefits` looks at (the CLI reads only records in this window): each plan's
    current plan year, and the previous one while it is still shown."""
    starts, ends = [], []
    for plan in plans:
        start, end = plan_year(plan, today)
        if (today - start).days < PREVIOUS_YEAR_DAYS:
            start, _ = plan_year(plan, start - timedelta(days=1))
        starts.append(start)
        ends.append(end)
    if not starts:
        return today, today
    return min(starts), max(ends)
