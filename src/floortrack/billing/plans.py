"""What a plan's numbers are when the patient has not typed them: defaults by plan type.

Every default says where it comes from (docs/BILLING.md, Deadlines) and whether it is a rule
or only a typical figure. Figures without a firm source are `typical=True` and must be shown
as "typical, check your plan", never as fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from floortrack.model import Plan


@dataclass(frozen=True)
class Window:
    """A deadline rule: so many days (or months) after some event."""

    days: int | None  # a window in days, or
    months: int | None  # a window in calendar months (month ends clamp)
    basis: str  # what the clock starts from, in plain words
    source: str  # where the figure comes from
    typical: bool  # True: not a verified rule, show as "typical, check your plan"
    grace_days: int = 0  # days added before the window starts (Medicare's 5-day receipt)

    @property
    def length_text(self) -> str:
        if self.months is not None:
            unit = "month" if self.months == 1 else "months"
            return f"{self.months} {unit}"
        return f"{self.days} days"


# Appeal windows per plan type and appeal level (level 1 = the first appeal of a denial).
_MEDICARE_APPEALS: dict[int, Window] = {
    # The rule runs from *receiving* the notice (presumed 5 days after its date). Counting from
    # the recorded denial date instead gives a date a few days early, never late: the safe side.
    1: Window(
        120,
        None,
        "the denial date you recorded (the rule: 120 days from receiving the "
        "notice, presumed 5 days after its date)",
        "Medicare redetermination rule (medicare.gov, Noridian)",
        False,
    ),
    2: Window(
        180,
        None,
        "receiving the redetermination decision",
        "Medicare reconsideration by a QIC (Noridian)",
        False,
    ),
    3: Window(60, None, "the reconsideration decision", "Medicare ALJ hearing (Noridian)", False),
    4: Window(60, None, "the ALJ decision", "Medicare Appeals Council (Noridian)", False),
    5: Window(60, None, "the Appeals Council decision", "federal court (Noridian)", False),
}
_COMMERCIAL_APPEALS: dict[int, Window] = {
    1: Window(
        180,
        None,
        "receiving the denial",
        "ACA/ERISA internal appeal (45 CFR 147.136): at least 180 days; the denial letter's "
        "own deadline controls",
        False,
    ),
    2: Window(
        None,
        4,
        "the final internal denial",
        "ACA external review (45 CFR 147.136): within 4 months",
        False,
    ),
}
_MA_APPEALS: dict[int, Window] = {
    1: Window(
        60,
        None,
        "the plan's decision",
        "Medicare Advantage reconsideration: commonly 60 days (not confirmed by CMS)",
        True,
    ),
}
_OTHER_APPEALS: dict[int, Window] = {
    1: Window(
        60,
        None,
        "the denial",
        "no rule known for this plan type: 60 days assumed; your denial letter says",
        True,
    ),
}
APPEAL_WINDOWS: dict[str, dict[int, Window]] = {
    "medicare": _MEDICARE_APPEALS,
    "medicare_advantage": _MA_APPEALS,
    "commercial": _COMMERCIAL_APPEALS,
    "other": _OTHER_APPEALS,
}

# Timely filing: Medicare is a rule; everything else is contract-specific (UNVERIFIED). The
# conservative end of the typical range (90 of 90-180 days) warns the patient early enough.
_MEDICARE_FILING = Window(
    None,
    12,
    "the date of service",
    "Medicare timely filing: 12 months from service (42 CFR 424.44)",
    False,
)
_TYPICAL_FILING = Window(
    90,
    None,
    "the date of service",
    "provider contracts, typically 90-180 days (not a fixed rule)",
    True,
)
FILING_WINDOWS: dict[str, Window] = {
    "medicare": _MEDICARE_FILING,
    "medicare_advantage": _TYPICAL_FILING,
    "commercial": _TYPICAL_FILING,
    "other": _TYPICAL_FILING,
}

# When a pending appeal should have been decided (docs/BILLING.md, Deadlines): Medicare MAC 60 days,
# ACA post-service 60 days. Other types: not known, use the same with "typical".
APPEAL_DECISION_DAYS = 60


def same_payer(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def plan_for(payer: str, plans: Iterable[Plan]) -> Plan | None:
    """The patient's plan for this payer name (case-insensitive), if they recorded one."""
    return next((p for p in plans if same_payer(p.payer, payer)), None)


# Words in a payer's name that mark a private Medicare Advantage plan rather than Original
# Medicare (a guess, used only when the patient recorded no plan for that payer).
_ADVANTAGE_WORDS = (
    "advantage",
    "hmo",
    "ppo",
    "humana",
    "aetna",
    "united",
    "uhc",
    "cigna",
    "wellcare",
    "anthem",
    "blue",
    "kaiser",
    "care plan",
)


def assumed_plan(payer: str) -> Plan:
    """The plan floortrack assumes for a payer the patient recorded no plan for: Medicare by
    name ("Medicare" alone: Original Medicare; with an insurer's name: Medicare Advantage),
    else commercial."""
    name = payer.casefold()
    if "medicare" in name:
        advantage = any(word in name for word in _ADVANTAGE_WORDS)
        return Plan(payer, "medicare_advantage" if advantage else "medicare")
    return Plan(payer, "commercial")


def plan_or_assumed(payer: str, plans: Iterable[Plan]) -> tuple[Plan, bool]:
    """(plan, assumed): the recorded plan for this payer, else `assumed_plan` and True."""
    plan = plan_for(payer, plans)
    return (plan, False) if plan is not None else (assumed_plan(payer), True)


PLAN_TYPE_NAMES = {
    "medicare": "Original Medicare",
    "medicare_advantage": "Medicare Advantage",
    "commercial": "commercial (ACA)",
    "other": "other",
}


def appeal_window(plan: Plan | None, level: int = 1) -> Window:
    """The window for appeal `level`; a number the patient set on the plan wins for level 1."""
    plan_type = plan.plan_type if plan else "commercial"
    table = APPEAL_WINDOWS.get(plan_type, _OTHER_APPEALS)
    if plan is not None and plan.appeal_window_days is not None and level == 1:
        return Window(
            plan.appeal_window_days, None, "the denial", "your plan (as you entered it)", False
        )
    if level in table:
        return table[level]
    last = table[max(table)]
    return Window(
        last.days,
        last.months,
        last.basis,
        f"{last.source}; no rule known for level {level}, the same assumed",
        True,
        last.grace_days,
    )


def filing_window(plan: Plan | None) -> Window:
    if plan is not None and plan.timely_filing_days is not None:
        return Window(
            plan.timely_filing_days,
            None,
            "the date of service",
            "your plan (as you entered it)",
            False,
        )
    if plan is None:
        return _TYPICAL_FILING
    return FILING_WINDOWS.get(plan.plan_type, _TYPICAL_FILING)


def unit_method(plan: Plan | None) -> str:
    """'cms' for Medicare kinds, 'per-code' otherwise, unless the patient chose one."""
    if plan is not None and plan.unit_method:
        return plan.unit_method
    if plan is not None and plan.plan_type in ("medicare", "medicare_advantage"):
        return "cms"
    return "per-code"


def plan_year(plan: Plan | None, day: date) -> tuple[date, date]:
    """First and last day of the plan year containing `day` (calendar year without a plan)."""
    month = plan.plan_year_start_month if plan else 1
    year = day.year if day.month >= month else day.year - 1
    start = date(year, month, 1)
    end = date(year + 1, month, 1) if month > 1 else date(year + 1, 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


@dataclass(frozen=True)
class PlanTerms:
    """A plan's effective numbers, each with where it came from (for `plan list`)."""

    appeal: Window
    filing: Window
    unit_method: str
    visit_limit: int | None


def terms(plan: Plan) -> PlanTerms:
    return PlanTerms(appeal_window(plan), filing_window(plan), unit_method(plan), plan.visit_limit)
