"""Appeal and filing deadlines, as dates with the days left and where the rule comes from."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from floortrack.billing.lifecycle import effective_history, entered_on
from floortrack.billing.plans import (
    APPEAL_DECISION_DAYS,
    Window,
    appeal_window,
    assumed_plan,
    filing_window,
)
from floortrack.model import Claim, Plan, Session

SOON_DAYS = 14  # a deadline this close is "soon"


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def apply_window(start: date, window: Window) -> date:
    begin = start + timedelta(days=window.grace_days)
    if window.months is not None:
        return add_months(begin, window.months)
    return begin + timedelta(days=window.days or 0)


@dataclass(frozen=True)
class Deadline:
    due: date
    days_left: int  # negative once passed
    what: str  # "level 1 appeal", "filing the claim"
    basis: str  # "120 days from receiving the notice ..."
    source: str
    typical: bool  # True: show "typical, check your plan"
    level: int = 0

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def soon(self) -> bool:
        return 0 <= self.days_left <= SOON_DAYS

    def describe(self) -> str:
        text = f"{self.basis} ({self.source})"
        if self.typical:
            text += "; a typical figure: check your plan or your denial letter"
        return text


def _deadline(start: date, window: Window, today: date, what: str, level: int = 0) -> Deadline:
    due = apply_window(start, window)
    basis = f"{window.length_text} from {window.basis}"
    return Deadline(due, (due - today).days, what, basis, window.source, window.typical, level)


def last_denial_date(claim: Claim) -> date | None:
    """When the claim was last (effectively) denied; None if it never was."""
    return entered_on(claim, "denied")


def medicare_not_appealable(claim: Claim, plan: Plan | None) -> bool:
    """A Medicare timely-filing denial (CO-29 / N211) is not an initial determination and
    cannot be appealed (docs/BILLING.md, Deadlines)."""
    plan = plan or assumed_plan(claim.payer)
    if plan.plan_type != "medicare":
        return False
    codes = set(claim.denial_codes) | {a.carc for a in claim.adjustments}
    return "CO-29" in codes or "N211" in codes


def next_appeal_level(claim: Claim) -> int:
    return max((a.level for a in claim.appeals), default=0) + 1


def appeal_deadline(claim: Claim, plan: Plan | None, today: date) -> Deadline | None:
    """The deadline for the next appeal of a claim whose latest decision is a denial.

    Counted from the date of the denial status change (the notice date as the patient
    recorded it). None when the claim is not denied now or cannot be appealed. Without a
    recorded plan, the payer's name decides the rules (plans.assumed_plan)."""
    plan = plan or assumed_plan(claim.payer)
    rows = effective_history(claim)
    current = rows[-1].status if rows else claim.status
    if current != "denied":
        return None
    if medicare_not_appealable(claim, plan):
        return None
    denied_on = last_denial_date(claim) or claim.last_change or claim.first_service
    level = next_appeal_level(claim)
    if level > 5:
        return None
    return _deadline(denied_on, appeal_window(plan, level), today, f"level {level} appeal", level)


# Adjustment codes that explain a normal payment rather than deny something (docs/BILLING.md,
# Adjustment codes):
# contract write-off, MPPR, sequestration, another payer, the patient's own shares, duplicates.
ROUTINE_CODES: frozenset[str] = frozenset(
    {"CO-45", "CO-59", "CO-253", "OA-23", "PR-1", "PR-2", "PR-3", "CO-18", "OA-18"}
)


def denied_part_codes(claim: Claim) -> list[str]:
    """Reason codes on the claim that deny part of it (worth an appeal), routine ones left out."""
    codes = list(claim.denial_codes) + [a.carc for a in claim.adjustments]
    found = [c for c in dict.fromkeys(codes) if "-" in c and c not in ROUTINE_CODES]
    return found


def partial_appeal_deadline(claim: Claim, plan: Plan | None, today: date) -> Deadline | None:
    """For a partially paid claim with a line denied (e.g. CO-97), the deadline to appeal that
    part, counted from the partial-payment status date. None if nothing was denied."""
    plan = plan or assumed_plan(claim.payer)
    rows = effective_history(claim)
    current = rows[-1].status if rows else claim.status
    if current != "partially_paid" or not denied_part_codes(claim):
        return None
    if medicare_not_appealable(claim, plan):
        return None
    start = entered_on(claim, "partially_paid") or claim.last_change or claim.first_service
    level = next_appeal_level(claim)
    if level > 5:
        return None
    return _deadline(start, appeal_window(plan, level), today, f"level {level} appeal", level)


def appeal_decision_due(filed: date, today: date) -> Deadline:
    """When a pending appeal should have been decided (Medicare MAC / ACA post-service: 60 days)."""
    window = Window(
        APPEAL_DECISION_DAYS,
        None,
        "filing the appeal",
        "Medicare redeterminations and ACA post-service appeals: 60 days",
        False,
    )
    return _deadline(filed, window, today, "appeal decision")


def filing_deadline(service_date: date, plan: Plan | None, today: date) -> Deadline:
    """Last day to file a claim for a visit (timely filing, CO-29 if missed)."""
    return _deadline(service_date, filing_window(plan), today, "filing the claim")


def covered_by_claim(session: Session, claims: Iterable[Claim]) -> bool:
    """A visit is covered if a claim links it, or (older records) bills its date."""
    return not sessions_without_claim([session], claims)


def sessions_without_claim(sessions: Iterable[Session], claims: Iterable[Claim]) -> list[Session]:
    """Visits no claim links (claim.session_ids) or bills the date of. Indexed once, so ten
    years of records stay fast."""
    linked: set[int] = set()
    dates: set[date] = set()
    for claim in claims:
        linked.update(claim.session_ids)
        dates.update(claim.service_dates)
    return [s for s in sessions if s.id not in linked and s.date not in dates]
