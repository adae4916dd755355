"""Bill audit: does a claim's billed units match the minutes the patient logged?

`audit_claim(claim, sessions, plans=...)` compares the units billed per code (claim.units)
with the units the logged minutes allow, applying the unit rule to each service date on its
own and summing, looks for code pairs that payers deny together or pay only with a modifier,
and checks the modifiers on the claim's lines (docs/BILLING.md, "Bill check"). Each
`Finding` says what it means and what to ask the clinic or insurer.

Which unit rule applies is `plans.unit_rule` (docs/BILLING.md, "Which unit rule"). When that
rule is only assumed, a bill that is correct under the other rule is a "check" (ask which
rule the plan uses), never a "problem".

Pure: the caller resolves the claim's sessions (those in claim.session_ids) and its plans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from floortrack.billing.plans import (
    UnitRule,
    plan_for,
    rule_for_plan,
    type_from_name,
)
from floortrack.billing.units import BIOFEEDBACK, UnitResult, calculate_units
from floortrack.model import Claim, Plan, Session, SessionLine

SEVERITIES: tuple[str, ...] = ("problem", "check", "info")
"""problem: the bill looks wrong; check: worth asking about; info: good to know."""

MEDICARE_PLAN_TYPES: tuple[str, ...] = ("medicare", "medicare_advantage")
DISTINCT_MODIFIERS: frozenset[str] = frozenset({"59", "XE", "XS", "XP", "XU"})
DISCIPLINE_MODIFIERS: frozenset[str] = frozenset({"GP", "GO", "GN"})

EVALS: frozenset[str] = frozenset({"97161", "97162", "97163", "97164"})
INITIAL_EVALS: frozenset[str] = frozenset({"97161", "97162", "97163"})
TESTS_WITH_EVAL_EDIT: frozenset[str] = frozenset({"97750", "97755", "97763"})
# One-on-one therapeutic procedures that NCCI pairs with the group code 97150.
ONE_ON_ONE: frozenset[str] = frozenset(
    {
        "97110",
        "97112",
        "97113",
        "97116",
        "97124",
        "97140",
        "97530",
        "97533",
        "97535",
        "97537",
        "97542",
    }  # fmt: skip
)


@dataclass(frozen=True)
class Finding:
    """One thing the audit noticed, in plain words."""

    severity: str  # a SEVERITIES value
    code: str  # the code(s) concerned: "97110", "97140+97530", or "" for the whole claim
    title: str  # one short line
    meaning: str  # what it means for the patient
    ask: str  # what to ask the clinic or insurer (or "Nothing to do.")
    service_date: date | None = None
    about_units: bool = False  # units billed beyond the minutes (the patient's share grows)

    def to_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "code": self.code,
            "title": self.title,
            "meaning": self.meaning,
            "ask": self.ask,
            "service_date": None if self.service_date is None else self.service_date.isoformat(),
        }


def is_medicare(payer: str, plan_type: str | None = None) -> bool:
    """Medicare or Medicare Advantage, by plan type when known, else by the payer's name."""
    if plan_type is not None and plan_type != "other":
        return plan_type in MEDICARE_PLAN_TYPES
    return type_from_name(payer) in MEDICARE_PLAN_TYPES


def claim_sessions(claim: Claim, sessions: Iterable[Session]) -> list[Session]:
    """The visits a claim bills: its linked ids, else (older records) its service dates."""
    if claim.session_ids:
        return [s for s in sessions if s.id in claim.session_ids]
    return [s for s in sessions if s.date in claim.service_dates]


def units_by_date(sessions: Iterable[Session], method: str) -> dict[date, UnitResult]:
    """The unit rule applied to each service date (all sessions on one date pooled)."""
    days: dict[date, list[SessionLine]] = {}
    for session in sessions:
        days.setdefault(session.date, []).extend(session.lines)
    return {day: calculate_units(lines, method) for day, lines in sorted(days.items())}


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"


def _dates(days: Iterable[date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(days))


def audit_claim(
    claim: Claim,
    sessions: Iterable[Session],
    method: str | None = None,
    plan_type: str | None = None,
    *,
    plans: Sequence[Plan] = (),
    rule: UnitRule | None = None,
    claims: Sequence[Claim] = (),
) -> list[Finding]:
    """Everything worth a patient's attention on this claim, most serious first.

    `sessions` are the claim's linked visits (claim.session_ids, resolved by the caller).
    The unit rule is `rule`, else `method` (as chosen by the user), else the plans' rule for
    the payer (plans.unit_rule). `plan_type` (else the recorded or name-assumed plan) decides
    the Medicare-only checks. `claims` (all of them) lets the KX check see the year's total.
    """
    plan = plan_for(claim.payer, plans)
    if rule is None:
        rule = (
            UnitRule(method, "chosen", False)
            if method is not None
            else rule_for_plan(plan, claim.payer)
        )
    if plan_type is None:
        plan_type = plan.plan_type if plan else type_from_name(claim.payer)
    sessions = list(sessions)
    medicare = is_medicare(claim.payer, plan_type)
    findings: list[Finding] = []
    billed = claim.units

    if not billed:
        findings.append(Finding(
            "info", "", "No billed units recorded on this claim",
            "Without the codes and units from the bill or EOB, floortrack cannot check them.",
            "Copy the codes and units from your bill or EOB into the claim.",
        ))  # fmt: skip

    if sessions:
        unit_found = _unit_findings(claim, units_by_date(sessions, rule.method), billed,
                                    rule.method)  # fmt: skip
        if rule.assumed and any(f.severity == "problem" for f in unit_found):
            other = rule.other_method
            other_found = _unit_findings(claim, units_by_date(sessions, other), billed, other)
            if not any(f.severity == "problem" for f in other_found):
                unit_found = [_only_under_assumed(f, rule) for f in unit_found]
        findings += unit_found
    elif billed:
        findings.append(Finding(
            "info", "", "No visits linked to this claim",
            "floortrack compares billed units with the minutes in your session log; no "
            "logged visit is linked to this claim, so units could not be checked.",
            "Log the visit(s) on the claim's service dates with each code's minutes, then "
            "run the audit again.",
        ))  # fmt: skip

    findings += with_pair_modifiers(claim, _pair_findings(claim, sessions, billed, medicare))
    findings += _modifier_findings(claim, plan_type, plans, claims)
    findings += _coverage_findings(claim, plan_type)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order[f.severity])


def _only_under_assumed(finding: Finding, rule: UnitRule) -> Finding:
    """docs/BILLING.md, "Which unit rule": the bill fits the other rule, and this one is only
    assumed, so it is a question for the plan, not a billing error."""
    if finding.severity != "problem":
        return finding
    from floortrack.billing.plans import METHOD_LABELS

    other = METHOD_LABELS[rule.other_method]
    return replace(
        finding,
        severity="check",
        about_units=False,
        meaning=f"{finding.meaning} The bill does fit the {other}, and floortrack only "
        f"assumed the {METHOD_LABELS[rule.method]} ({rule.reason}).",
        ask=f"Ask your plan (or the clinic) which unit rule your plan uses. If it is the "
        f"{other}, the bill is right; then record the rule on your plan.",
    )


# ---------------------------------------------------------------------------
# Units: billed versus what the minutes allow


def _unit_findings(
    claim: Claim, per_day: dict[date, UnitResult], billed: dict[str, int], method: str
) -> list[Finding]:
    findings: list[Finding] = []
    rule = "CMS 8-minute rule" if method == "cms" else "per-code rule"
    service_dates = set(claim.service_dates)

    for day in per_day:
        if day not in service_dates:
            findings.append(Finding(
                "check", "", f"A linked visit on {day.isoformat()} is not a service date "
                "of this claim",
                "The visit is linked to the claim but its date is not among the claim's "
                "service dates, so either the link or the claim's dates may be wrong.",
                "Check the service dates on your bill or EOB and ask the clinic which visit "
                "this claim covers.",
                day,
            ))  # fmt: skip
    missing_days = service_dates - set(per_day)
    if missing_days:
        findings.append(Finding(
            "info", "", f"No visit logged for {_dates(missing_days)}",
            "The claim has a service date with no logged visit linked, so its units cannot "
            "be checked against minutes.",
            "Log that visit with each code's minutes (from your notes or the clinic's "
            "visit summary) and run the audit again.",
        ))  # fmt: skip

    allowed: dict[str, int] = {}
    least: dict[str, int] = {}  # the fewest units in some correct allocation (ties)
    most: dict[str, int] = {}
    days_of: dict[str, list[date]] = {}
    timed: dict[str, bool] = {}
    unsure: set[str] = set()  # codes on a day where some timed minutes are missing
    for day, result in per_day.items():
        missing = [c for c, m in result.minutes.items() if result.timed[c] and m is None]
        for code in missing:
            findings.append(Finding(
                "check", code, f"{code} logged on {day.isoformat()} without minutes",
                f"{code} is billed in 15-minute units, but your log has no minutes for it, "
                "so floortrack cannot check how many units it allows.",
                "Add the minutes to that session (from your notes or ask the clinic for the "
                "treatment note with minutes per code), then run the audit again.",
                day,
            ))  # fmt: skip
        for code in result.units:
            allowed[code] = allowed.get(code, 0) + result.units[code]
            least[code] = least.get(code, 0) + result.min_units(code)
            most[code] = most.get(code, 0) + result.max_units(code)
            days_of.setdefault(code, []).append(day)
            timed[code] = result.timed[code]
            if missing and (method == "cms" or code in missing):
                unsure.add(code)  # under CMS one missing time changes the whole day's pool

    moved = _all_on_one_code(billed, allowed, most, timed, unsure, per_day, method)
    findings += moved
    merged = {c for f in moved for c in f.code.split("+")}
    for code, n in billed.items():
        if code in merged:
            continue
        if code not in allowed and n == 0:
            continue  # a zero-unit line bills nothing: nothing to check
        if code == "90912" and n > len(days_of.get(code, ())) and code not in unsure:
            visits = len(days_of.get(code, ())) or 1
            once = (
                "once for your visit" if visits == 1 else f"once for each of your {visits} visits"
            )
            findings.append(Finding(
                "problem", code, f"90912 billed {_units(n)}; it is billed at most once a day",
                f"90912 is the first 15 minutes of pelvic-floor biofeedback and is billed at "
                f"most once per day ({once}). Each further 15 minutes is the add-on 90913.",
                "Ask the clinic for a corrected claim: 90912 once per visit, and 90913 for "
                "each further 15 minutes (overbilled units raise your coinsurance too).",
                about_units=True,
            ))  # fmt: skip
            continue
        if code not in allowed:
            findings.append(Finding(
                "check", code, f"{code} billed ({_units(n)}) but not in your log",
                f"The claim bills {code}, but none of the linked visits lists it. Either it "
                "was not logged, or it was not done.",
                f"Ask the clinic what {code} was for and on which date; if it was not done, "
                "ask them to send a corrected claim.",
            ))  # fmt: skip
            continue
        if code in unsure:
            continue
        limit, exact = most[code], allowed[code]
        if not timed[code]:
            if n > exact:
                findings.append(Finding(
                    "problem", code, f"{code} billed {_units(n)}; your log allows {exact}",
                    f"{code} is an untimed code: one unit per visit however long it took. "
                    f"Your log has it on {len(days_of[code])} visit(s).",
                    f"Ask the clinic why {code} shows {_units(n)}, and for a corrected claim "
                    "if it should be one per visit.",
                    about_units=True,
                ))  # fmt: skip
            continue
        if n > limit:
            findings.append(_over_billed(code, n, limit, per_day, days_of[code], rule, method,
                                         billed, allowed))  # fmt: skip
        elif n < least[code]:
            findings.append(Finding(
                "info", code, f"{code} billed {_units(n)}; your minutes allow {exact}",
                f"The clinic billed fewer units of {code} than your logged minutes allow "
                f"under the {rule}. That does not cost you more.",
                "Nothing to do (unless the other codes look over-billed).",
            ))  # fmt: skip

    if method == "cms":
        findings += _cms_total(billed, allowed, timed, unsure, per_day, findings)

    logged = {c for r in per_day.values() for c in r.minutes}
    for code in allowed:
        if code not in billed and allowed[code] > 0 and code not in merged and code in logged:
            findings.append(Finding(
                "info", code, f"{code} logged but not billed",
                f"Your log has {code} on {_dates(days_of[code])}, but the claim does not bill "
                "it. Clinics sometimes leave out bundled or short services; it costs you "
                "nothing.",
                "Nothing to do, unless another code appears in its place: then ask the clinic "
                "which service that code stands for.",
            ))  # fmt: skip
    return findings


def _cms_total(
    billed: dict[str, int],
    allowed: dict[str, int],
    timed: dict[str, bool],
    unsure: set[str],
    per_day: dict[date, UnitResult],
    so_far: list[Finding],
) -> list[Finding]:
    """Under CMS the day's total timed minutes cap the total units. Each tied code may take
    the spare unit, but not all of them: catch that when no single code looked over."""
    codes = sorted(c for c in billed if timed.get(c) and c not in unsure and c not in BIOFEEDBACK)
    billed_total = sum(billed[c] for c in codes)
    # every logged timed code counts: units put on another logged code are a split question
    pool = [c for c in allowed if timed.get(c) and c not in unsure and c not in BIOFEEDBACK]
    allowed_total = sum(allowed[c] for c in pool)
    if billed_total <= allowed_total:
        return []
    if any(f.severity == "problem" and f.code in codes for f in so_far):
        return []  # already explained code by code, with the totals
    minutes = sum(r.minutes.get(c) or 0 for r in per_day.values() for c in codes)
    return [
        Finding(
            "problem",
            "+".join(codes),
            f"{_units(billed_total)} of timed codes billed; your minutes allow {allowed_total}",
            f"Your log has {minutes} timed minutes for {', '.join(codes)}. Under the CMS "
            "8-minute rule the total timed minutes of each day cap the total units, and that "
            f"allows {_units(allowed_total)}, but {_units(billed_total)} were billed.",
            "Ask the clinic for the treatment notes showing the total timed minutes per visit. "
            "If they match your log, ask for a corrected claim; overbilled units raise your "
            "coinsurance too.",
            about_units=True,
        )
    ]


def _all_on_one_code(
    billed: dict[str, int],
    allowed: dict[str, int],
    most: dict[str, int],
    timed: dict[str, bool],
    unsure: set[str],
    per_day: dict[date, UnitResult],
    method: str,
) -> list[Finding]:
    """docs/BILLING.md, "Bill check": all of a visit's timed units put on one code while
    another logged code ran 15 minutes or more is one finding (not "over-billed" plus
    "logged but not billed"). The total is right; the split is not (CMS Example 2)."""
    if method != "cms" or len(per_day) != 1:
        return []
    (result,) = per_day.values()
    pool = [c for c in result.units if timed.get(c) and c not in BIOFEEDBACK and c not in unsure]
    on = [c for c in pool if billed.get(c, 0) > 0]
    if len(on) != 1:
        return []
    code = on[0]
    left_out = [
        c for c in pool if c != code and not billed.get(c) and (result.minutes.get(c) or 0) >= 15
    ]
    n = billed[code]
    total_allowed = sum(allowed.get(c, 0) for c in pool)
    if not left_out or n <= most.get(code, 0) or n > total_allowed:
        return []
    names = ", ".join(left_out)
    return [
        Finding(
            "check",
            "+".join([code, *left_out]),
            f"All {_units(n)} of the visit put on {code}; {names} billed none",
            f"The total of {_units(n)} fits your {result.total_timed_minutes} timed minutes, "
            f"but under the CMS 8-minute rule each code done for 15 minutes or more gets at "
            f"least one unit, so {names} should have had {'one' if len(left_out) == 1 else 'some'}"
            f" and {code} at most {most.get(code, 0)}. Codes are paid at different rates, so "
            "the split can change what you owe.",
            "Ask the clinic to check the split of units between the codes against the "
            "treatment note, and for a corrected claim if it is wrong.",
            next(iter(per_day)),
        )
    ]


def _over_billed(
    code: str,
    n: int,
    limit: int,
    per_day: dict[date, UnitResult],
    days: list[date],
    rule: str,
    method: str,
    billed: dict[str, int],
    allowed: dict[str, int],
) -> Finding:
    minutes = sum((per_day[d].minutes.get(code) or 0) for d in days)
    where = _dates(days)
    meaning = (
        f"Your log has {minutes} minutes of {code} ({where}). Under the {rule} that allows "
        f"at most {_units(limit)}, but {_units(n)} {'was' if n == 1 else 'were'} billed."
    )
    severity = "problem"
    if method == "cms" and code not in BIOFEEDBACK:
        timed_codes = [
            c
            for c in allowed
            if c not in BIOFEEDBACK and any(per_day[d].timed.get(c) for d in per_day)
        ]
        billed_total = sum(billed.get(c, 0) for c in timed_codes)
        allowed_total = sum(allowed[c] for c in timed_codes)
        if billed_total > allowed_total:
            meaning += (
                f" In all, {_units(billed_total)} of timed codes were billed where the day's "
                f"total timed minutes allow {allowed_total}."
            )
        else:
            severity = "check"
            meaning += (
                " The total number of timed units is within what your minutes allow, but the "
                "units were shared out differently from the CMS method (which gives the extra "
                "units to the codes with the most minutes)."
            )
    return Finding(
        severity, code, f"{code} billed {_units(n)}; your minutes allow {limit}", meaning,
        "Ask the clinic for the treatment note for that visit showing the minutes per code "
        "and the total timed minutes. If it matches your log, ask them to send a corrected "
        "claim; if the insurer already paid, ask the insurer to review the units (overbilled "
        "units raise your coinsurance too).",
        days[0] if len(days) == 1 else None,
        severity == "problem",
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Code pairs and payer-specific codes (docs/BILLING.md, "Code pairs")


def _days_codes(
    claim: Claim, sessions: list[Session], billed: dict[str, int]
) -> list[tuple[date | None, set[str]]]:
    """The billed codes done together on each day.

    A one-date claim: every billed code is that day's. Several dates: a billed code is placed
    on the days its logged visits show it (unplaced codes cannot be paired)."""
    if len(claim.service_dates) == 1:
        return [(claim.first_service, set(billed))]
    days: dict[date, set[str]] = {}
    for s in sessions:
        days.setdefault(s.date, set()).update(c for c in s.codes if c in billed)
    return sorted(days.items())


def _pair_findings(
    claim: Claim, sessions: list[Session], billed: dict[str, int], medicare: bool
) -> list[Finding]:
    findings: list[Finding] = []
    for day, codes in _days_codes(claim, sessions, billed):
        findings += _pairs_on_day(day, codes)
    if medicare:
        findings += _medicare_codes(set(billed))
    return findings


def _pairs_on_day(day: date | None, codes: set[str]) -> list[Finding]:
    out: list[Finding] = []
    on = f" on {day.isoformat()}" if day else ""

    if {"97140", "97530"} <= codes:
        out.append(Finding(
            "check", "97140+97530", f"Manual therapy and therapeutic activities together{on}",
            "97140 and 97530 on the same day are a known edit pair: payers often deny one of "
            "them (CO-97 or CO-236 on the EOB) unless they were done in separate time blocks "
            "and the claim carries modifier 59 or XU. Some commercial plans deny one even "
            "with the modifier.",
            "Ask the clinic whether the claim used 59 or XU on these lines. If one was denied "
            "and the services were in separate time blocks, ask them to appeal with the "
            "treatment notes.",
            day,
        ))  # fmt: skip
    evals = sorted(codes & EVALS)
    if len(evals) > 1:
        out.append(Finding(
            "problem", "+".join(evals), f"More than one evaluation or re-evaluation{on}",
            "Only one PT evaluation or re-evaluation (97161-97164) is paid per day; the "
            "others will be denied.",
            "Ask the clinic which one was actually done and for a corrected claim. A denied "
            "duplicate evaluation under group CO is not yours to pay.",
            day,
        ))  # fmt: skip
    tests = sorted(codes & TESTS_WITH_EVAL_EDIT)
    if tests and evals:
        out.append(Finding(
            "check", "+".join(tests + evals), f"{', '.join(tests)} with an evaluation{on}",
            f"{', '.join(tests)} is not paid separately on the same day as a PT evaluation or "
            "re-evaluation by the same therapist or the same specialty. It can be paid when a "
            "different specialty (for example an OT) did it, with a modifier.",
            "Ask the clinic who did each service; if the same therapist did both, expect a "
            "denial you should not have to pay (group CO).",
            day,
        ))  # fmt: skip
    one_on_one = sorted(codes & ONE_ON_ONE)
    if "97150" in codes and one_on_one:
        out.append(Finding(
            "check", "+".join(["97150", *one_on_one]), f"Group therapy with one-on-one codes{on}",
            f"Group therapy 97150 and one-on-one codes ({', '.join(one_on_one)}) the same day "
            "are paid together only when the group session was separate and distinct, with "
            "modifier 59; otherwise only the group code is paid. The same minutes cannot be "
            "billed as both.",
            "Ask the clinic whether the group class and the one-on-one time were separate, "
            "and whether modifier 59 was used.",
            day,
        ))  # fmt: skip
    if "97140" in codes and codes & INITIAL_EVALS:
        out.append(Finding(
            "check", "97140+" + "+".join(sorted(codes & INITIAL_EVALS)),
            f"Manual therapy on the evaluation day{on}",
            "Since 2020, 97140 billed with an initial evaluation (97161-97163) needs modifier "
            "59 or an X modifier to be paid.",
            "If 97140 was denied (CO-97 or CO-236), ask the clinic to correct the claim with "
            "the modifier, since manual therapy was a separate service.",
            day,
        ))  # fmt: skip
    reeval_pair = sorted(codes & {"97530", "97150"})
    if "97164" in codes and reeval_pair:
        out.append(Finding(
            "check", "97164+" + "+".join(reeval_pair), f"Re-evaluation with treatment{on}",
            f"97164 with {', '.join(reeval_pair)} the same day is a long-standing edit pair: "
            "both are paid only when separate, with modifier 59.",
            "If one line was denied, ask the clinic whether modifier 59 was used and whether "
            "they will correct or appeal.",
            day,
        ))  # fmt: skip
    if {"97140", "97012"} <= codes:
        out.append(Finding(
            "check", "97012+97140", f"Mechanical traction with manual therapy{on}",
            "Medicare treats 97012 and 97140 on the same day as mutually exclusive: both are "
            "paid only when done separately, with modifier 59 on 97140. Other payers may do "
            "the same.",
            "If one was denied, ask the clinic whether the two were separate and whether "
            "modifier 59 was used.",
            day,
        ))  # fmt: skip
    if "90913" in codes and "90912" not in codes:
        out.append(Finding(
            "problem", "90913", f"Biofeedback add-on without its main code{on}",
            "90913 covers extra 15-minute blocks of pelvic-floor biofeedback and is billed "
            "only with 90912 (the first 15 minutes). Alone it is usually denied (remark N122 "
            "or CARC B15).",
            "Ask the clinic to correct the claim (90912 for the first 15 minutes).",
            day,
        ))  # fmt: skip
    if "51784" in codes and codes & {"90912", "90913", "90901"}:
        out.append(Finding(
            "check", "51784+90912", f"EMG study with biofeedback{on}",
            "EMG used during biofeedback is part of the biofeedback service; 51784 is paid "
            "alongside it only when a separate diagnostic EMG study was done.",
            "Ask the clinic whether a separate diagnostic study was done; if not, ask for a "
            "corrected claim.",
            day,
        ))  # fmt: skip
    return out


def _medicare_codes(codes: set[str]) -> list[Finding]:
    out: list[Finding] = []
    if "97014" in codes:
        out.append(Finding(
            "problem", "97014", "97014 billed to Medicare",
            "Medicare does not accept 97014 (unattended electrical stimulation); it requires "
            "the HCPCS code G0283 instead, so a 97014 line will be denied.",
            "Ask the clinic to send a corrected claim with G0283. A denial of 97014 under "
            "group CO is not yours to pay.",
        ))  # fmt: skip
    if "97010" in codes:
        out.append(Finding(
            "check", "97010", "Hot or cold packs (97010) billed to Medicare",
            "Medicare treats 97010 as bundled: it is never paid separately, and you cannot be "
            "billed for it. (For a Medicare Advantage plan, check with your plan.)",
            "Expect no payment on this line. If the clinic bills you for 97010, tell them "
            "Medicare bundles it into the visit.",
        ))  # fmt: skip
    needling = sorted(codes & {"20560", "20561"})
    if needling:
        out.append(Finding(
            "info", "+".join(needling), "Dry needling billed to Medicare",
            "Medicare does not cover dry needling. It is billed with modifier GX after you "
            "sign a voluntary notice (ABN), and you will likely owe it.",
            "Check whether you signed a notice before the needling; if not, ask the clinic "
            "whether you owe it.",
        ))  # fmt: skip
    return out


# ---------------------------------------------------------------------------
# Modifiers on the claim's lines (docs/BILLING.md, "Modifiers")

# Code pairs (as the pair findings name them) a 59/X modifier may let both be paid.
_BYPASSABLE_TITLES = (
    "Manual therapy and therapeutic activities together",
    "Group therapy with one-on-one codes",
    "Manual therapy on the evaluation day",
    "Re-evaluation with treatment",
    "Mechanical traction with manual therapy",
)


def is_therapy_code(code: str) -> bool:
    """Physical-medicine codes billed under a therapy plan of care (97010-97799, G0283)."""
    return (code.isdigit() and 97010 <= int(code) <= 97799) or code == "G0283"


def _modifiers(claim: Claim) -> dict[str, set[str]]:
    mods: dict[str, set[str]] = {}
    for line in claim.lines:
        mods.setdefault(line.code, set()).update(line.modifiers)
    return mods


def with_pair_modifiers(claim: Claim, findings: list[Finding]) -> list[Finding]:
    """A known edit pair whose line carries 59/XU (or another X modifier) is expected to be
    paid when the services were in separate time blocks: a note, not a question."""
    mods = _modifiers(claim)
    out = []
    for f in findings:
        codes = f.code.split("+")
        marked = sorted(c for c in codes if mods.get(c, set()) & DISTINCT_MODIFIERS)
        if (
            f.severity == "check"
            and marked
            and any(f.title.startswith(t) for t in _BYPASSABLE_TITLES)
        ):
            used = ", ".join(
                f"{c}-{'/'.join(sorted(mods[c] & DISTINCT_MODIFIERS))}" for c in marked
            )
            f = replace(
                f,
                severity="info",
                title=f"{f.title} (modifier on the claim: {used})",
                ask="Nothing to do unless one of the lines is denied; then ask the clinic to "
                "appeal with the treatment notes showing the separate time blocks.",
            )
        out.append(f)
    return out


def _kx_passed_before(
    claim: Claim, plans: Sequence[Plan], claims: Sequence[Claim]
) -> Decimal | None:
    """The KX threshold when this year's earlier Medicare claims had already reached it."""
    from floortrack.billing import limits

    year = claim.first_service.year
    earlier = [c for c in claims if c.first_service < claim.first_service and c is not claim]
    progress = limits.kx_progress(earlier, plans, year)
    return progress.threshold if progress.over else None


def _modifier_findings(
    claim: Claim, plan_type: str | None, plans: Sequence[Plan], claims: Sequence[Claim]
) -> list[Finding]:
    lines = [ln for ln in claim.lines if ln.units > 0]
    if not lines:
        return []
    medicare = plan_type == "medicare"
    therapy = [ln for ln in lines if is_therapy_code(ln.code)]
    if not any(ln.modifiers for ln in lines):
        if medicare and therapy:
            return [Finding(
                "info", "", "No modifiers recorded on this claim's lines",
                "Medicare therapy lines carry modifiers (GP on each, KX above the yearly "
                "threshold, CQ for an assistant). With them recorded, floortrack can check them.",
                "Copy the modifiers from your EOB as they are printed, e.g. 97140-GP-59:1.",
            )]  # fmt: skip
        return []
    out: list[Finding] = []
    for ln in therapy:
        disciplines = set(ln.modifiers) & DISCIPLINE_MODIFIERS
        if medicare and not disciplines:
            out.append(Finding(
                "check", ln.code, f"{ln.code} has no GP modifier",
                "Medicare requires GP (physical-therapy plan of care) on every PT service "
                "line; a line without it is commonly returned or denied (CO-4).",
                "Ask the clinic whether the claim went out with GP; if the line was denied, "
                "ask for a corrected claim. A CO denial is not yours to pay.",
            ))  # fmt: skip
        elif len(disciplines) > 1 or (medicare and disciplines - {"GP"}):
            out.append(Finding(
                "check", ln.code, f"{ln.code} carries {', '.join(sorted(disciplines))}",
                "GP marks physical therapy, GO occupational therapy and GN speech therapy; "
                "only one goes on a line, and a PT visit carries GP.",
                "Ask the clinic whether the right therapy modifier was used.",
            ))  # fmt: skip
    assistant = [ln.code for ln in lines if "CQ" in ln.modifiers]
    if assistant and medicare:
        out.append(Finding(
            "info", "+".join(assistant), "Done in part by a physical therapist assistant (CQ)",
            f"{', '.join(assistant)} carries CQ: a physical therapist assistant gave all or "
            "part of it. Medicare pays 85% of the usual amount for such a line (15% less), "
            "and your coinsurance is figured on the lower amount.",
            "Nothing to do; expect a lower allowed amount on these lines.",
        ))  # fmt: skip
    unpaired = [ln.code for ln in lines if "CQ" in ln.modifiers and "GP" not in ln.modifiers]
    if unpaired and medicare:
        out.append(Finding(
            "check", "+".join(unpaired), "CQ without GP",
            "Medicare needs CQ to go with GP; a line with CQ alone is returned.",
            "Ask the clinic to correct the line (GP and CQ together).",
        ))  # fmt: skip
    if medicare and therapy:
        threshold = _kx_passed_before(claim, plans, claims)
        missing = [ln.code for ln in therapy if "KX" not in ln.modifiers]
        if threshold is not None and missing:
            out.append(Finding(
                "check", "+".join(missing), "Above the yearly therapy threshold without KX",
                f"Your Medicare therapy spending this year had reached the ${threshold:,.0f} "
                "KX threshold before this visit, so each line needs KX (the therapist's "
                "statement that the care is medically necessary); lines without it are "
                "denied. Without a signed notice (ABN) from you, the clinic is liable for "
                "such a denial, not you.",
                "Ask the clinic whether the lines went out with KX; if they were denied, ask "
                "them to correct the claim.",
            ))  # fmt: skip
    for ln in lines:
        mods = set(ln.modifiers)
        if "GZ" in mods:
            out.append(Finding(
                "info", ln.code, f"{ln.code}-GZ: the clinic expected a denial and has no notice",
                "GZ says the clinic expected Medicare to deny this service as not medically "
                "necessary and did not get a signed notice (ABN) from you. If it is denied, "
                "you are generally not liable for it.",
                "If the clinic bills you for a GZ line that Medicare denied, tell them there "
                "was no ABN and ask them to write it off.",
            ))  # fmt: skip
        if "GA" in mods:
            out.append(Finding(
                "info", ln.code, f"{ln.code}-GA: you signed a notice (ABN) for this service",
                "GA says you signed an Advance Beneficiary Notice before the service: if "
                "Medicare denies it, you may be billed for it. You can still appeal the denial.",
                "Keep your copy of the ABN; if the line is denied, consider an appeal.",
            ))  # fmt: skip
        if "GY" in mods:
            out.append(Finding(
                "info", ln.code, f"{ln.code}-GY: not a Medicare benefit",
                "GY says the service is not covered by Medicare at all (not a benefit), so "
                "Medicare's denial is expected and you are likely to owe it.",
                "Ask the clinic what it costs before further such services.",
            ))  # fmt: skip
    return out


def _coverage_findings(claim: Claim, plan_type: str | None) -> list[Finding]:
    """docs/BILLING.md, "Coverage rules": what a patient should hear before a denial."""
    out: list[Finding] = []
    codes = set(claim.units)
    if plan_type in MEDICARE_PLAN_TYPES and codes & BIOFEEDBACK:
        out.append(Finding(
            "info", "90912", "Medicare's condition for biofeedback",
            "Medicare covers pelvic-floor biofeedback for urinary incontinence only after a "
            "documented trial of pelvic-floor muscle exercises (about 4 weeks) did not help "
            "enough (Medicare's national coverage rule). Such a denial may carry a remark "
            "code such as N86 (a typical pairing, not confirmed).",
            "If it is denied, ask the clinic for the notes that record your exercise trial "
            "and appeal with them.",
        ))  # fmt: skip
    if plan_type == "self_pay":
        out.append(Finding(
            "info", "", "Self-pay: the good-faith estimate",
            "When you are uninsured or not using insurance, the clinic must give you a "
            "good-faith estimate of the charges for scheduled care (No Surprises Act). If "
            "the bill is $400 or more above that estimate, you can dispute it within 120 "
            "days of the bill's date.",
            "Keep the estimate with the bill and compare the totals; ask the clinic for the "
            "estimate if you never got one.",
        ))  # fmt: skip
    return out
