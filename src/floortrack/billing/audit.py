"""Bill audit: does a claim's billed units match the minutes the patient logged?

`audit_claim(claim, sessions, method)` compares the units billed per code (claim.units) with
the units the logged minutes allow, applying the unit rule to each service date on its own
and summing, and looks for code pairs that payers deny together or pay only with a modifier
(docs/BILLING.md, Code pairs). Each `Finding` says what it means and what to ask the clinic
or insurer.

Which unit rule applies: `method_for_payer(payer, plan_type)` gives "cms" for Medicare and
Medicare Advantage (and, by payer name, Medicaid and TRICARE, which also follow CMS:
docs/BILLING.md, Units), "per-code" otherwise. A Plan's own `unit_method` overrides it; the
caller passes that in (see `method_for_plan`).

Pure: the caller resolves the claim's sessions (those in claim.session_ids) and its plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from floortrack.billing.units import UnitResult, calculate_units
from floortrack.model import Claim, Plan, Session, SessionLine

SEVERITIES: tuple[str, ...] = ("problem", "check", "info")
"""problem: the bill looks wrong; check: worth asking about; info: good to know."""

MEDICARE_PLAN_TYPES: tuple[str, ...] = ("medicare", "medicare_advantage")

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
    return "medicare" in payer.lower()


def method_for_payer(payer: str, plan_type: str | None = None) -> str:
    """The unit rule a payer most likely uses: "cms" or "per-code".

    Medicare and Medicare Advantage use the CMS 8-minute rule. Without a plan type, a payer
    named like Medicare, Medicaid or TRICARE (federally funded plans, docs/BILLING.md, Units)
    gets "cms".
    Commercial plans mostly use the per-code rule, but it is contract-specific: a Plan's
    `unit_method` should override this."""
    if plan_type is not None and plan_type != "other":
        return "cms" if plan_type in MEDICARE_PLAN_TYPES else "per-code"
    name = payer.lower()
    if any(word in name for word in ("medicare", "medicaid", "tricare")):
        return "cms"
    return "per-code"


def method_for_plan(payer: str, plan: Plan | None) -> str:
    """The unit rule for a claim's payer: the plan's own setting, else `method_for_payer`."""
    if plan is not None and plan.unit_method:
        return plan.unit_method
    return method_for_payer(payer, plan.plan_type if plan is not None else None)


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
) -> list[Finding]:
    """Everything worth a patient's attention on this claim, most serious first.

    `sessions` are the claim's linked visits (claim.session_ids, resolved by the caller).
    `method` is "cms" or "per-code" (None: `method_for_payer(claim.payer, plan_type)`).
    `plan_type` also decides the Medicare-only checks (97010, 97014, dry needling).
    """
    method = method or method_for_payer(claim.payer, plan_type)
    sessions = list(sessions)
    medicare = is_medicare(claim.payer, plan_type)
    findings: list[Finding] = []
    billed = claim.units

    if not billed:
        findings.append(Finding(
            "info", "", "No billed units recorded on this claim",
            "Without the codes and units from the bill or EOB, floortrack cannot check them.",
            "Copy the codes and units from your bill or EOB into the claim "
            "(floortrack claim update ID --units 97110:2 97140:1).",
        ))  # fmt: skip

    per_day = units_by_date(sessions, method)
    if sessions:
        findings += _unit_findings(claim, per_day, billed, method)
    elif billed:
        findings.append(Finding(
            "info", "", "No visits linked to this claim",
            "floortrack compares billed units with the minutes in your session log; no "
            "logged visit is linked to this claim, so units could not be checked.",
            "Log the visit(s) on the claim's service dates with each code's minutes, then "
            "run the audit again.",
        ))  # fmt: skip

    findings += _pair_findings(claim, sessions, billed, medicare)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order[f.severity])


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
            most[code] = most.get(code, 0) + result.max_units(code)
            days_of.setdefault(code, []).append(day)
            timed[code] = result.timed[code]
            if missing and (method == "cms" or code in missing):
                unsure.add(code)  # under CMS one missing time changes the whole day's pool

    for code, n in billed.items():
        if code not in allowed and n == 0:
            continue  # a zero-unit line bills nothing: nothing to check
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
                ))  # fmt: skip
            continue
        if n > limit:
            findings.append(_over_billed(code, n, limit, per_day, days_of[code], rule, method,
                                         billed, allowed))  # fmt: skip
        elif n < exact:
            findings.append(Finding(
                "info", code, f"{code} billed {_units(n)}; your minutes allow {exact}",
                f"The clinic billed fewer units of {code} than your logged minutes allow "
                f"under the {rule}. That does not cost you more.",
                "Nothing to do (unless the other codes look over-billed).",
            ))  # fmt: skip

    if method == "cms":
        findings += _cms_total(billed, allowed, timed, unsure, per_day, findings)

    for code in allowed:
        if code not in billed and allowed[code] > 0:
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
    codes = sorted(c for c in billed if timed.get(c) and c not in unsure)
    billed_total = sum(billed[c] for c in codes)
    allowed_total = sum(allowed[c] for c in codes)
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
    if method == "cms":
        timed_codes = [c for c in allowed if any(per_day[d].timed.get(c) for d in per_day)]
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
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Code pairs and payer-specific codes (docs/BILLING.md, Code pairs)


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
