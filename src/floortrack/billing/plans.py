"""What a plan's numbers are when the patient has not typed them: defaults by plan type.

Every default says where it comes from (docs/BILLING.md, "Appeal deadlines") and whether
it is a rule or only a typical figure. Items docs/BILLING.md marks unverified are
`typical=True` and must be shown as "typical, check your plan", never as fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from floortrack.model import Claim, Plan, Session


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
# docs/BILLING.md, "Medicare Advantage appeals": 65 days from the notice since 2025 (60 before);
# when the plan upholds its denial it must send the case to the Independent Review Entity
# itself, so level 2 asks nothing of the patient (see AUTO_FORWARDED).
MA_65_DAYS_FROM = date(2025, 1, 1)
_MA_APPEALS: dict[int, Window] = {
    1: Window(
        65,
        None,
        "the date on the plan's notice",
        "Medicare Advantage reconsideration: 65 calendar days from the notice, since 1 January "
        "2025 (42 CFR 422.582)",
        False,
    ),
    3: Window(
        60,
        None,
        "the Independent Review Entity's decision",
        "Medicare Advantage ALJ hearing: 60 days (42 CFR 422.602)",
        False,
    ),
}
_MA_APPEALS_BEFORE_2025 = Window(
    60,
    None,
    "the date on the plan's notice",
    "Medicare Advantage reconsideration: 60 calendar days from the notice before 2025 "
    "(42 CFR 422.582)",
    False,
)
# docs/BILLING.md, "Medicaid appeals".
_MEDICAID_MANAGED_APPEALS: dict[int, Window] = {
    1: Window(
        60,
        None,
        "the date on the plan's notice",
        "Medicaid managed-care appeal: 60 calendar days from the date on the notice "
        "(42 CFR 438.402(c)(2)(ii))",
        False,
    ),
    2: Window(
        120,
        None,
        "the plan's appeal decision",
        "state fair hearing after a managed-care appeal: 120 days from the plan's decision "
        "notice (42 CFR 438.408(f)(2))",
        False,
    ),
}
_MEDICAID_FFS_APPEALS: dict[int, Window] = {
    1: Window(
        90,
        None,
        "the date the notice was mailed",
        "Medicaid fair hearing: your state sets the time, at most 90 days from the notice "
        "(42 CFR 431.221(d)); the date on your notice controls",
        True,
    ),
}
# docs/BILLING.md, "TRICARE appeals".
_TRICARE_APPEALS: dict[int, Window] = {
    1: Window(
        90,
        None,
        "the date of the initial determination notice",
        "TRICARE reconsideration: within 90 days (32 CFR 199.10)",
        False,
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
    "medicaid": _MEDICAID_FFS_APPEALS,
    "medicaid_managed": _MEDICAID_MANAGED_APPEALS,
    "tricare": _TRICARE_APPEALS,
    "commercial": _COMMERCIAL_APPEALS,
    "other": _OTHER_APPEALS,
    "medigap": _OTHER_APPEALS,
}
# Appeal levels the plan itself forwards, so the patient files nothing (docs/BILLING.md,
# "Medicare Advantage appeals": 42 CFR 422.592).
AUTO_FORWARDED: dict[str, frozenset[int]] = {"medicare_advantage": frozenset({2})}
# Plan types with no appeal to file: a self-pay bill is disputed, not appealed.
NO_APPEALS: frozenset[str] = frozenset({"self_pay"})

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
FILING_WINDOWS: dict[str, Window] = {"medicare": _MEDICARE_FILING}

# When a pending appeal should have been decided (docs/BILLING.md, "Appeal deadlines"):
# Medicare MAC 60 days, ACA post-service 60 days. Other types: not known, use the same
# with "typical".
APPEAL_DECISION_DAYS = 60


def same_payer(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def plan_for(payer: str, plans: Iterable[Plan]) -> Plan | None:
    """The patient's plan for this payer name (case-insensitive), if they recorded one."""
    return next((p for p in plans if same_payer(p.payer, payer)), None)


# docs/BILLING.md, "Plan type from the payer's name". Used only when the patient recorded no
# plan for that payer; the result is always said to be assumed.
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
_SUPPLEMENT_WORDS = ("medigap", "supplement")
_MEDICAID_WORDS = (
    "medicaid",
    "medi-cal",
    "masshealth",
    "tenncare",
    "soonercare",
    "badgercare",
    "apple health",
    "husky health",
    "kancare",
)
# A health-plan company in a Medicaid payer's name marks a managed-care plan.
_MANAGED_WORDS = (
    "molina",
    "centene",
    "amerigroup",
    "ambetter",
    "caresource",
    "better health",
    "community plan",
    "wellcare",
    "healthy blue",
    "superior",
    "sunshine health",
    "meridian",
    "aetna",
    "anthem",
    "united",
    "uhc",
    "humana",
    "health plan",
    "managed",
    "mco",
)
_SELF_PAY_WORDS = ("self-pay", "self pay", "selfpay", "uninsured", "no insurance", "cash pay")


def _has(name: str, words: Iterable[str]) -> bool:
    return any(word in name for word in words)


def type_from_name(payer: str) -> str | None:
    """The plan type a payer's name makes unambiguous, or None (docs/BILLING.md, "Plan type
    from the payer's name")."""
    name = payer.casefold()
    if _has(name, _SELF_PAY_WORDS):
        return "self_pay"
    if "tricare" in name:
        return "tricare"
    if _has(name, _MEDICAID_WORDS):
        return "medicaid_managed" if _has(name, _MANAGED_WORDS) else "medicaid"
    if "medicare" in name:
        if _has(name, _SUPPLEMENT_WORDS):
            return "medigap"
        return "medicare_advantage" if _has(name, _ADVANTAGE_WORDS) else "medicare"
    if _has(name, ("medigap",)):
        return "medigap"
    return None


def assumed_plan(payer: str) -> Plan:
    """The plan floortrack assumes for a payer the patient recorded no plan for: the type the
    name makes unambiguous (type_from_name), else commercial."""
    return Plan(payer, type_from_name(payer) or "commercial")


def plan_or_assumed(payer: str, plans: Iterable[Plan]) -> tuple[Plan, bool]:
    """(plan, assumed): the recorded plan for this payer, else `assumed_plan` and True."""
    plan = plan_for(payer, plans)
    return (plan, False) if plan is not None else (assumed_plan(payer), True)


PLAN_TYPE_NAMES = {
    "medicare": "Original Medicare",
    "medicare_advantage": "Medicare Advantage",
    "medicaid": "Medicaid (fee-for-service)",
    "medicaid_managed": "Medicaid managed care",
    "tricare": "TRICARE",
    "medigap": "Medicare supplement (Medigap)",
    "commercial": "commercial (ACA)",
    "self_pay": "self-pay",
    "other": "other",
}


def assumption_text(plan: Plan) -> str:
    """What floortrack assumed for a payer with no recorded plan, in one sentence."""
    kind = PLAN_TYPE_NAMES[plan.plan_type]
    if type_from_name(plan.payer) is None:
        why = f"no plan is recorded for {plan.payer} and its name does not say the plan type"
    else:
        why = f"no plan is recorded for {plan.payer}; its name says {kind}"
    text = f"{kind[0].upper()}{kind[1:]} rules were assumed: {why}."
    if plan.plan_type == "medicaid":
        text += (
            " If your Medicaid comes through a health plan company (managed care), an appeal "
            "is due 60 days from the notice instead."
        )
    return text


def appeal_window(plan: Plan | None, level: int = 1, notice: date | None = None) -> Window:
    """The window for appeal `level`; a number the patient set on the plan wins for level 1.

    `notice` is the date of the decision being appealed, where the rule changed over time
    (Medicare Advantage: 60 days before 2025, 65 since)."""
    plan_type = plan.plan_type if plan else "commercial"
    table = APPEAL_WINDOWS.get(plan_type, _OTHER_APPEALS)
    if plan is not None and plan.appeal_window_days is not None and level == 1:
        return Window(
            plan.appeal_window_days, None, "the denial", "your plan (as you entered it)", False
        )
    before_2025 = notice is not None and notice < MA_65_DAYS_FROM
    if plan_type == "medicare_advantage" and level == 1 and before_2025:
        return _MA_APPEALS_BEFORE_2025
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


def auto_forwarded(plan: Plan | None, level: int) -> bool:
    """True when the plan itself sends appeal `level` on (nothing for the patient to file)."""
    return plan is not None and level in AUTO_FORWARDED.get(plan.plan_type, frozenset())


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


# docs/BILLING.md, "Which unit rule": plan types whose unit rule is the CMS 8-minute rule.
# Medicare and Medicare Advantage by CMS's manual; the others commonly follow it (secondary
# sources), so for them the rule is shown as assumed until the patient sets one.
_CMS_FIRM: frozenset[str] = frozenset({"medicare", "medicare_advantage", "medigap"})
_CMS_USUAL: frozenset[str] = frozenset({"medicaid", "medicaid_managed", "tricare"})
METHOD_LABELS = {"cms": "CMS 8-minute rule", "per-code": "per-code rule"}


@dataclass(frozen=True)
class UnitRule:
    """Which unit rule counts a visit's units, why, and whether it is only assumed."""

    method: str  # "cms" or "per-code"
    reason: str  # "Medicare plan", "no plan recorded", "set on your plan for Aetna PPO"
    assumed: bool  # True: the plan's rule is not known, the other rule may be the right one

    @property
    def label(self) -> str:
        """One short line for a screen: "CMS 8-minute rule: Medicare plan"."""
        name = METHOD_LABELS[self.method]
        return f"{name} assumed: {self.reason}" if self.assumed else f"{name}: {self.reason}"

    @property
    def other_method(self) -> str:
        return "per-code" if self.method == "cms" else "cms"


def rule_for_plan(plan: Plan | None, payer: str | None = None) -> UnitRule:
    """The unit rule for a recorded plan (None: no plan recorded for `payer`)."""
    if plan is not None and plan.unit_method:
        return UnitRule(plan.unit_method, f"set on your plan for {plan.payer}", False)
    if plan is not None:
        kind = plan.plan_type
        if kind == "other":
            kind = type_from_name(plan.payer) or "other"
        name = PLAN_TYPE_NAMES[kind]
        if kind in _CMS_FIRM:
            return UnitRule("cms", f"{name} plan", False)
        if kind in _CMS_USUAL:
            return UnitRule(
                "cms", f"usual for {name}; set the rule on your plan if it differs", True
            )
        return UnitRule("per-code", f"usual for a {name} plan; contracts differ", True)
    if payer:
        guessed = type_from_name(payer)
        if guessed in _CMS_FIRM:  # the name is unambiguous and CMS's rule is firm for it
            kind_name = PLAN_TYPE_NAMES[guessed]
            return UnitRule("cms", f"{kind_name} by the payer's name (no plan recorded)", False)
        if guessed in _CMS_USUAL:
            kind_name = PLAN_TYPE_NAMES[guessed]
            return UnitRule("cms", f"usual for {kind_name}; no plan recorded for {payer}", True)
        return UnitRule("per-code", f"no plan recorded for {payer}", True)
    return UnitRule("per-code", "no plan recorded", True)


def unit_rule(plans: Iterable[Plan], payer: str | None) -> UnitRule:
    """THE answer to "which unit rule?" for a payer (None: the visit's payer is not known).

    Every screen, the audit and the reports use this (docs/BILLING.md, "Which unit rule")."""
    plans = list(plans)
    plan = plan_for(payer, plans) if payer else None
    return rule_for_plan(plan, payer)


def session_payer(session: Session, claims: Iterable[Claim], plans: Iterable[Plan]) -> str | None:
    """The payer a visit is billed to: the claim linking it (or billing its date), else the
    only payer the patient has recorded; None when that is not known."""
    claims = list(claims)
    for claim in claims:
        if session.id is not None and session.id in claim.session_ids:
            return claim.payer
    for claim in claims:
        if not claim.session_ids and session.date in claim.service_dates:
            return claim.payer
    names = {p.payer.strip().casefold(): p.payer for p in plans}
    names.update({c.payer.strip().casefold(): c.payer for c in claims})
    return next(iter(names.values())) if len(names) == 1 else None


def session_rules(
    sessions: Iterable[Session], claims: Iterable[Claim], plans: Iterable[Plan]
) -> dict[int, UnitRule]:
    """`session_unit_rule` for many visits at once (indexed: ten years of visits stay fast).
    Keyed by session id; visits without an id are left out."""
    plans, claims = list(plans), list(claims)
    by_id: dict[int, str] = {}
    by_date: dict[date, str] = {}
    for claim in claims:
        for sid in claim.session_ids:
            by_id.setdefault(sid, claim.payer)
        if not claim.session_ids:
            for day in claim.service_dates:
                by_date.setdefault(day, claim.payer)
    names = {p.payer.strip().casefold(): p.payer for p in plans}
    names.update({c.payer.strip().casefold(): c.payer for c in claims})
    sole = next(iter(names.values())) if len(names) == 1 else None
    cache: dict[str | None, UnitRule] = {}
    out: dict[int, UnitRule] = {}
    for session in sessions:
        if session.id is None:
            continue
        payer = by_id.get(session.id) or by_date.get(session.date) or sole
        if payer not in cache:
            cache[payer] = unit_rule(plans, payer)
        out[session.id] = cache[payer]
    return out


def session_unit_rule(session: Session, claims: Iterable[Claim], plans: Iterable[Plan]) -> UnitRule:
    """The unit rule for a logged visit (Sessions list, detail and the visit form)."""
    plans = list(plans)
    return unit_rule(plans, session_payer(session, claims, plans))


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
    return PlanTerms(
        appeal_window(plan), filing_window(plan), rule_for_plan(plan).method, plan.visit_limit
    )
