"""An appeal letter built from the claim's own facts: one argument per kind of denial.

The letter is a structured document (reports/document.py blocks) the report renderers turn
into Markdown, HTML or PDF. Every sentence is either a fact from the patient's records or a
rule with its source; where a fact is not recorded, the letter says which one and how to add
it, instead of leaving a blank. Where the facts do not support an appeal (a claim returned as
unprocessable, a late-filing denial, a bundling denial without the modifier that marks a
separate service, no authorisation on file) the letter is a request to the clinic instead
(docs/APPEALS.md, "Letters").

Pure: records in, a `Letter` out. No files, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from floortrack.billing import audit, catalogue, deadlines, lifecycle, limits, plans, progress
from floortrack.billing.followups import calls_for_claim
from floortrack.billing.plans import rule_for_plan
from floortrack.billing.units import UnitResult, calculate_units
from floortrack.model import (
    Authorization,
    Call,
    Claim,
    ClaimDocument,
    DiaryEntry,
    Plan,
    Session,
    SessionLine,
    ValidationError,
)
from floortrack.reports.document import Block, Bullets, Document, Facts, Heading, Para, Table

APPEAL = "appeal"  # a letter to the payer
CLINIC = "clinic"  # a request to the clinic: the facts do not support an appeal

# Denial families by reason code (the part after the group: CO-97 -> "97"), in the order their
# arguments appear in a letter (docs/APPEALS.md, "Arguments").
FAMILIES: dict[str, frozenset[str]] = {
    "missing_info": frozenset({"16"}),
    "timely_filing": frozenset({"29"}),
    "no_auth": frozenset({"197", "15", "198", "284"}),
    "bundling": frozenset({"97", "234", "236"}),
    "medical_necessity": frozenset({"50", "151"}),
    "visit_limit": frozenset({"119"}),
    "diagnosis": frozenset({"11", "146", "167"}),
    "not_covered": frozenset({"204", "96"}),
}
FAMILY_TITLES: dict[str, str] = {
    "missing_info": "Missing information",
    "timely_filing": "Filed late",
    "no_auth": "Authorisation",
    "bundling": "Bundled with another service",
    "medical_necessity": "Medical necessity",
    "visit_limit": "Visit limit",
    "diagnosis": "Diagnosis",
    "not_covered": "Coverage",
    "generic": "The denial",
}
# Modifiers that tell the payer a service was separate and distinct (NCCI; docs/BILLING.md).
DISTINCT_MODIFIERS = frozenset({"59", "XU", "XS", "XE", "XP"})
_INTERNAL_NOTE = re.compile(r"\s*\(domain\.md[^)]*\)")  # research notes a reader cannot see
RESUBMIT_REMARKS = frozenset({"MA130"})  # returned as unprocessable: a new claim, no appeal

LEVEL_NAMES: dict[str, dict[int, str]] = {
    "medicare": {
        1: "redetermination",
        2: "reconsideration",
        3: "hearing before an Administrative Law Judge",
        4: "review by the Medicare Appeals Council",
        5: "review in federal court",
    },
    "medicare_advantage": {1: "reconsideration"},
    "commercial": {1: "internal appeal", 2: "external review"},
}


class LetterError(ValueError):
    """No letter can be written for this claim (e.g. nothing on it was denied)."""


@dataclass(frozen=True)
class LetterRecords:
    """The patient's records a letter draws on (every list may be empty)."""

    sessions: Sequence[Session] = ()
    claims: Sequence[Claim] = ()
    plans: Sequence[Plan] = ()
    auths: Sequence[Authorization] = ()
    diary: Sequence[DiaryEntry] = ()
    calls: Sequence[Call] = ()
    documents: Sequence[ClaimDocument] = ()


class Missing(NamedTuple):
    """A fact the letter needed and the records lack; front ends say how to add it."""

    key: str  # member_id, patient_name, claim_number, clinic, minutes, codes, visits,
    #          remark, auth_number, visit_limit, diagnosis, denial_code
    what: str  # in plain words, for the letter itself


@dataclass(frozen=True)
class Letter:
    kind: str  # APPEAL or CLINIC
    families: tuple[str, ...]  # the denial families argued, in order
    missing: tuple[Missing, ...]  # facts not recorded yet
    cited_calls: tuple[int, ...]  # ids of the calls the letter cites
    document: Document

    @property
    def title(self) -> str:
        return self.document.title


@dataclass
class _Context:
    claim: Claim
    plan: Plan  # the recorded plan, or the one assumed from the payer's name
    plan_recorded: bool
    records: LetterRecords
    today: date
    patient_name: str
    visits: list[Session]
    codes: list[str]  # every non-routine reason and remark code on the claim
    clinic: str
    missing: list[Missing] = field(default_factory=list)
    attach: list[str] = field(default_factory=list)
    clinic_notes: list[str] = field(default_factory=list)  # what the clinic should do

    def need(self, key: str, what: str) -> None:
        if all(m.key != key for m in self.missing):
            self.missing.append(Missing(key, what))

    def enclose(self, text: str) -> None:
        if text not in self.attach:
            self.attach.append(text)

    @property
    def number(self) -> str:
        return self.claim.claim_number or f"#{self.claim.id} (claim number not recorded)"

    @property
    def dates(self) -> str:
        return _join([d.isoformat() for d in self.claim.service_dates])

    def reasons(self, family: str) -> list[str]:
        wanted = FAMILIES[family]
        return [c for c in self.codes if "-" in c and c.split("-", 1)[1] in wanted]

    @property
    def remarks(self) -> list[str]:
        return [c for c in self.codes if "-" not in c]


# ---------------------------------------------------------------------------
# Small helpers


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_VERDICT = re.compile(r" \((better|worse)\)$")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _meaning(code: str) -> str:
    exp = catalogue.explain(code)
    for entry in exp.entries:
        if entry.kind in ("carc", "rarc"):
            return entry.meaning
    return exp.summary or "not in floortrack's code list: see the EOB's own wording"


def _title(code: str) -> str:
    exp = catalogue.explain(code)
    return exp.entries[0].title if exp.found and exp.entries else "not in floortrack's code list"


def _is_co(code: str) -> bool:
    return code.startswith("CO-")


def _claim_codes(claim: Claim) -> list[str]:
    codes = list(claim.denial_codes) + [a.carc for a in claim.adjustments]
    return [c for c in dict.fromkeys(codes) if c not in deadlines.ROUTINE_CODES]


def families_for(codes: Sequence[str]) -> list[str]:
    """The denial families the codes belong to, in argument order; "generic" for a reason
    code no family covers. Remark codes (N115, MA130) only refine a family."""
    found: list[str] = []
    for family, reasons in FAMILIES.items():
        if any("-" in c and c.split("-", 1)[1] in reasons for c in codes):
            found.append(family)
    known = set().union(*FAMILIES.values())
    if any("-" in c and c.split("-", 1)[1] not in known for c in codes) or not found:
        found.append("generic")
    return found


def level_name(plan_type: str, level: int) -> str:
    names = LEVEL_NAMES.get(plan_type, {})
    if level in names:
        return names[level]
    return "appeal" if level == 1 else f"level {level} appeal"


def _level(claim: Claim) -> int:
    pending = [a for a in claim.appeals if a.outcome == "pending"]
    if pending:
        return max(a.level for a in pending)
    return deadlines.next_appeal_level(claim)


def _cite(call: Call, payer: str) -> str:
    """'On 2026-04-01 your representative Jordan, reference REF-55120, said: …'"""
    ours = plans.same_payer(call.with_whom, payer)
    who = call.rep or "a representative whose name I did not record"
    ref = f", reference {call.reference}" if call.reference else ", no reference number given"
    if ours:
        head = f"On {call.on.isoformat()} your representative {who}{ref}, told me:"
    else:
        head = f"On {call.on.isoformat()} I spoke with {who} at {call.with_whom}{ref}, who told me:"
    tail = f" I was to check back by {call.follow_up.isoformat()}." if call.follow_up else ""
    return f"{head} {_sentence(call.note)}{tail}"


def _minutes_by_day(visits: Sequence[Session]) -> list[str]:
    out = []
    for day in sorted({v.date for v in visits}):
        parts = [
            f"{ln.code} {ln.minutes} min" if ln.minutes is not None else f"{ln.code} (untimed)"
            for v in visits
            if v.date == day
            for ln in v.lines
        ]
        if parts:
            out.append(f"{day.isoformat()}: {', '.join(parts)}")
    return out


def _auth_for(ctx: _Context) -> Authorization | None:
    for auth in ctx.records.auths:
        if plans.same_payer(auth.payer, ctx.claim.payer) and any(
            auth.start <= d <= auth.end for d in ctx.claim.service_dates
        ):
            return auth
    return None


def _visit_number(ctx: _Context, start: date, day: date) -> int:
    counted = limits.sessions_for_payer(
        ctx.claim.payer,
        ctx.records.sessions,
        ctx.records.claims or [ctx.claim],
        ctx.records.plans,
        ctx.records.auths,
    )
    return len({(s.date, s.id) for s in counted if start <= s.date <= day})


def _progress_lines(ctx: _Context) -> list[str]:
    """The patient's own evidence that therapy helps: visit pain and the diary."""
    lines: list[str] = []
    sessions = sorted(ctx.records.sessions, key=lambda s: (s.date, s.id or 0))
    mine = [s for s in sessions if not ctx.clinic or s.provider in ("", ctx.clinic)] or sessions
    if mine:
        first, last = mine[0].date, mine[-1].date
        lines.append(
            f"I have had {len(mine)} logged visits from {first.isoformat()} to {last.isoformat()}."
        )
        pain = progress.pain_per_session(mine, first, ctx.today)
        if len(pain) >= 2:
            text = _VERDICT.sub("", progress.describe_pain(pain, ctx.today))
            lines.append(f"{text}, by the pain scores I logged at each visit.")
        symptoms = [f"{s.date.isoformat()}: {s.symptoms}" for s in mine if s.symptoms.strip()]
        if symptoms:
            lines.append("Symptoms I reported at visits: " + "; ".join(symptoms[-4:]) + ".")
    diary = list(ctx.records.diary)
    if diary:
        start = min(e.date for e in diary)
        summary = progress.diary_summary(diary, start, ctx.today, ctx.today)
        if summary.days:
            lines.append(
                f"My symptom and exercise diary has {summary.days} days from "
                f"{start.isoformat()}: "
                + "; ".join(_lower_first(_VERDICT.sub("", t)) for t in summary.trends)
                + "."
            )
            lines.append(summary.adherence.describe() + ".")
    return lines


# ---------------------------------------------------------------------------
# The arguments, one per denial family. Each returns (route, blocks): route APPEAL when the
# facts support an appeal to the payer, CLINIC when the clinic has to act instead.

Argument = Callable[[_Context], tuple[str, list[Block]]]


def _missing_info(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("missing_info")
    remarks = ctx.remarks
    lines = [f"{r}: {_meaning(r)}" for r in remarks]
    if any(r in RESUBMIT_REMARKS for r in remarks):
        text = (
            f"The EOB shows {_join(codes)} with remark MA130: the claim was returned as "
            "unprocessable. It was never decided, so there is nothing to appeal; a new, "
            "corrected claim has to be sent."
        )
        ctx.clinic_notes.append(
            "send a new, corrected claim (the remark codes above say what to fix), and tell me "
            "the new claim number"
        )
        return CLINIC, [Para(text)]
    blocks: list[Block] = [
        Para(f"The EOB says the claim lacks information or has a billing error ({_join(codes)}).")
    ]
    if lines:
        blocks.append(Para("The remark codes on the EOB say what is missing:"))
        blocks.append(Bullets(tuple(lines)))
    else:
        ctx.need("remark", "the remark code that came with CO-16 (it says what is missing)")
        blocks.append(
            Para(
                "The EOB did not make clear what is missing. Please tell me and my clinic "
                "in writing exactly which information you need."
            )
        )
    blocks.append(
        Para(
            "The facts about me and the services are in this letter and its enclosures. "
            "Please reprocess the claim with them, or tell me what else you need."
        )
    )
    return APPEAL, blocks


def _timely_filing(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("timely_filing")
    blocks: list[Block] = [
        Para(
            f"The claim was denied as filed after the payer's deadline ({_join(codes)}). "
            "Sending the claim on time was the clinic's task, not mine."
        )
    ]
    if ctx.plan.plan_type == "medicare":
        blocks.append(
            Para(
                "Medicare does not allow an appeal of a timely-filing denial, and the "
                "provider may not bill me beyond the deductible and coinsurance that would "
                "have applied (Medicare contractors NGS and Noridian)."
            )
        )
    elif any(_is_co(c) for c in codes):
        blocks.append(
            Para(
                "The denial is under group CO (contractual obligation): the clinic writes the "
                "amount off under its contract with the plan; it is not billed to the patient."
            )
        )
    ctx.clinic_notes.append(
        "if you have proof the claim was filed in time (for example a clearinghouse "
        "acceptance report), appeal with it; otherwise write the amount off and confirm in "
        "writing that I owe nothing for it"
    )
    return CLINIC, blocks


def _no_auth(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("no_auth")
    auth = _auth_for(ctx)
    if auth is None:
        text = (
            f"The claim was denied for missing or exceeded authorisation ({_join(codes)}), and "
            f"I have no authorisation from {ctx.claim.payer} on record for {ctx.dates}."
        )
        blocks: list[Block] = [Para(text)]
        if any(_is_co(c) for c in codes):
            blocks.append(
                Para(
                    "The denial is under group CO (contractual obligation): getting prior "
                    "authorisation is the in-network clinic's task, and the amount is not billed "
                    "to the patient."
                )
            )
        ctx.clinic_notes.append(
            f"ask {ctx.claim.payer} for a retroactive authorisation and resubmit or appeal the "
            "claim; if one was issued, send me its number so I can cite it"
        )
        return CLINIC, blocks
    day = min(d for d in ctx.claim.service_dates if auth.start <= d <= auth.end)
    number = auth.number
    if not number:
        ctx.need("auth_number", "the authorisation number (it is on the plan's approval letter)")
    visit = _visit_number(ctx, auth.start, day)
    facts = (
        "An authorisation was on file for this service: "
        + (f"number {number}, " if number else "(its number is not recorded), ")
        + f"{auth.visits} visits from {auth.start.isoformat()} to {auth.end.isoformat()}. "
        f"By my visit log, the visit on {day.isoformat()} was visit {visit} of {auth.visits} "
        "under it."
    )
    blocks = [Para(f"The claim was denied for authorisation ({_join(codes)})."), Para(facts)]
    if visit > auth.visits:
        blocks.append(
            Para(
                "That is more visits than were authorised; I ask you to extend the "
                "authorisation to cover it, as the therapy was still needed (see the progress "
                "below and the enclosed plan of care)."
            )
        )
        for line in _progress_lines(ctx):
            blocks.append(Para(line))
        ctx.enclose("The plan of care and progress notes from the clinic")
    else:
        blocks.append(
            Para("I ask you to match the claim to this authorisation and pay it under my plan.")
        )
    ctx.enclose(
        "The authorisation letter" + (f" (number {number})" if number else "") + " from the plan"
    )
    return APPEAL, blocks


def _bundling(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("bundling")
    denied_lines = {
        a.code for a in ctx.claim.adjustments if a.code and a.carc in codes
    }  # the lines the EOB names
    distinct = [ln for ln in ctx.claim.lines if set(ln.modifiers) & DISTINCT_MODIFIERS]
    timed = _minutes_by_day(ctx.visits)
    which = _join(sorted(denied_lines)) or "A service on this claim"
    blocks: list[Block] = [
        Para(
            f"{which} was denied as part of another service billed the same day "
            f"({_join(codes)}: {_title(codes[0])})."
        )
    ]
    if timed:
        blocks.append(Para("My visit log shows the time spent on each service:"))
        blocks.append(Bullets(tuple(timed)))
    else:
        ctx.need("visits", f"the visits of {ctx.dates} with each code's minutes")
    if not distinct:
        blocks.append(
            Para(
                "The claim lines carry no modifier 59 or XU, which is how a claim tells the "
                "payer that two services were separate and distinct."
            )
        )
        ctx.clinic_notes.append(
            "if these services were done in separate time blocks, send a corrected claim with "
            "modifier 59 or XU on the line that was denied; if they were not, write the line "
            "off"
            + (" (a CO denial is not billed to the patient)" if any(map(_is_co, codes)) else "")
        )
        return CLINIC, blocks
    coded = _join([ln.coded for ln in distinct])
    blocks.append(
        Para(
            f"These were separate services in separate time blocks, not parts of one service. "
            f"The claim says so: {coded} carries modifier "
            f"{_join(sorted({m for ln in distinct for m in ln.modifiers} & DISTINCT_MODIFIERS))}, "
            "which marks a distinct procedural service under the national correct coding "
            "(NCCI) rules."
        )
    )
    blocks.append(Para("I ask you to pay the denied service as the separate service it was."))
    ctx.enclose(f"The treatment notes for {ctx.dates}, showing the time spent on each service")
    return APPEAL, blocks


def _medical_necessity(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("medical_necessity")
    clinic = ctx.clinic or "my physical therapist"
    blocks: list[Block] = [
        Para(
            f"The claim was denied as not medically necessary ({_join(codes)}). The therapy "
            f"followed a plan of care from {clinic}, and my own records show why it was needed "
            "and how it is working:"
        )
    ]
    lines = _progress_lines(ctx)
    if lines:
        blocks.append(Bullets(tuple(lines)))
    else:
        blocks.append(
            Para(
                "My records hold no pain scores or diary for this period; the therapist's "
                "plan of care and progress notes are the evidence."
            )
        )
    blocks.append(
        Para(
            "I ask that the plan of care and progress notes be reviewed by a physical "
            "therapist or physician, and that the denial be reversed."
        )
    )
    ctx.enclose(f"The plan of care and progress notes from {clinic}")
    if ctx.records.diary:
        ctx.enclose("My symptom and exercise diary")
    return APPEAL, blocks


def _visit_limit(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("visit_limit")
    blocks: list[Block] = [
        Para(f"The claim was denied as over a benefit maximum ({_join(codes)}).")
    ]
    plan = ctx.plan
    day = ctx.claim.first_service
    if plan.visit_limit is None or not ctx.plan_recorded:
        ctx.need("visit_limit", "your plan's visit limit")
    else:
        year_start, year_end = plans.plan_year(plan, day)
        visit = _visit_number(ctx, year_start, day)
        if visit <= plan.visit_limit:
            blocks.append(
                Para(
                    f"By my visit log, the visit on {day.isoformat()} was visit {visit} of the "
                    f"{plan.visit_limit} my plan allows in the plan year {year_start.isoformat()} "
                    f"to {year_end.isoformat()}: the limit had not been reached. I ask you to "
                    "recount the visits and pay the claim."
                )
            )
            return APPEAL, blocks
        blocks.append(
            Para(
                f"By my visit log it was visit {visit}; my plan allows {plan.visit_limit} in the "
                f"plan year {year_start.isoformat()} to {year_end.isoformat()}."
            )
        )
    blocks.append(
        Para(
            "I ask for an exception to the visit limit, because the therapy is still "
            "improving my condition:"
        )
    )
    lines = _progress_lines(ctx)
    blocks.append(
        Bullets(tuple(lines))
        if lines
        else Para("The enclosed progress notes show the course of therapy.")
    )
    ctx.enclose(f"The plan of care and progress notes from {ctx.clinic or 'the clinic'}")
    return APPEAL, blocks


def _diagnosis(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("diagnosis")
    ctx.need(
        "diagnosis",
        "the diagnosis (ICD-10) codes the clinic billed (floortrack does not keep them; "
        "they are on the claim and often on the EOB)",
    )
    blocks: list[Block] = [
        Para(
            f"The claim was denied because the diagnosis did not fit the service "
            f"({_join(codes)}: {_title(codes[0])})."
        ),
        Para(
            "The therapy treated the condition documented in my plan of care. I ask you to "
            "review the plan of care, which names the diagnosis the treatment was for, and to "
            "reprocess the claim with it."
        ),
    ]
    ctx.clinic_notes.append(
        "check the diagnosis codes on the claim; if one was wrong or no longer valid on the "
        "date of service, a corrected claim will settle this faster than the appeal"
    )
    ctx.enclose(f"The plan of care from {ctx.clinic or 'the clinic'}, showing the diagnosis")
    return APPEAL, blocks


def _not_covered(ctx: _Context) -> tuple[str, list[Block]]:
    codes = ctx.reasons("not_covered")
    coded = [ln.coded for ln in ctx.claim.lines]
    billed = f"the services billed ({_join(coded)}) fall" if coded else "the services billed fall"
    return APPEAL, [
        Para(
            f"The claim was denied as not covered by my plan ({_join(codes)}: {_title(codes[0])})."
        ),
        Para(
            f"I ask you to review whether {billed} under my plan's physical therapy "
            "(rehabilitation) benefit. If you uphold the denial, please cite the plan "
            "provision that excludes it."
        ),
    ]


def _generic(ctx: _Context) -> tuple[str, list[Block]]:
    known = set().union(*FAMILIES.values())
    codes = [c for c in ctx.codes if "-" in c and c.split("-", 1)[1] not in known]
    if codes:
        text = f"The EOB gives {_join(codes)} as the reason. " + " ".join(
            (f"{c}: " if len(codes) > 1 else "") + _meaning(c) for c in codes
        )
    elif ctx.remarks:
        ctx.need("denial_code", "the reason code (such as CO-50) from the EOB")
        text = "The EOB denies the claim with " + "; ".join(
            f"remark {r}: {_meaning(r)}" for r in ctx.remarks
        )
    else:
        ctx.need("denial_code", "the denial code from the EOB")
        text = "The EOB I received denies the claim."
    return APPEAL, [
        Para(text),
        Para(
            "The services were done as my visit log below shows and billed accordingly. "
            "Please review the claim with the enclosed records and pay it, or explain in "
            "writing which plan provision the denial rests on."
        ),
    ]


ARGUMENTS: dict[str, Argument] = {
    "missing_info": _missing_info,
    "timely_filing": _timely_filing,
    "no_auth": _no_auth,
    "bundling": _bundling,
    "medical_necessity": _medical_necessity,
    "visit_limit": _visit_limit,
    "diagnosis": _diagnosis,
    "not_covered": _not_covered,
    "generic": _generic,
}


# ---------------------------------------------------------------------------
# Services and their units


def _unit_rule(method: str) -> str:
    if method == "cms":
        return (
            "Units follow the CMS 8-minute rule: the day's total timed minutes set the "
            "number of 15-minute units (8 to 22 minutes = 1 unit, 23 to 37 = 2, and so on), "
            "shared out by the minutes of each code (Medicare Claims Processing Manual, "
            "ch. 5, \u00a720.2)."
        )
    return (
        "Units follow the per-code method many commercial plans use: each timed code earns "
        "a unit at 8 minutes and at each further 15 (8 = 1 unit, 23 = 2, and so on). It is "
        "common practice rather than a published rule; the plan's contract decides."
    )


def _service_rows(ctx: _Context, method: str) -> tuple[tuple[str, ...], ...]:
    by_day: dict[date, UnitResult] = {}
    for day, lines in _lines_by_day(ctx.visits).items():
        try:
            by_day[day] = calculate_units(lines, method)
        except ValidationError:
            continue
    rows = []
    for line in ctx.claim.lines:
        minutes = [
            ln.minutes for v in ctx.visits for ln in v.lines if ln.code == line.code and ln.minutes
        ]
        logged = any(ln.code == line.code for v in ctx.visits for ln in v.lines)
        if not logged:
            min_text, supported = "not logged", "-"
        else:
            total = sum(m for m in minutes if m is not None)
            min_text = f"{total}" if minutes else "untimed"
            supported = str(sum(r.max_units(line.code) for r in by_day.values()))
        rows.append((line.coded, _title(line.code), min_text, str(line.units), supported))
    return tuple(rows)


def _lines_by_day(visits: Sequence[Session]) -> dict[date, list[SessionLine]]:
    days: dict[date, list[SessionLine]] = {}
    for v in visits:
        days.setdefault(v.date, []).extend(v.lines)
    return dict(sorted(days.items()))


# ---------------------------------------------------------------------------
# The letter


def _addressee(ctx: _Context, level: int, kind: str) -> str:
    if kind == CLINIC:
        return f"To: the billing office of {ctx.clinic or 'my clinic'}"
    if ctx.plan.plan_type == "medicare":
        if level == 1:
            return (
                "To: the Medicare Administrative Contractor that processed this claim "
                "(its address is on the Medicare Summary Notice)"
            )
        return "To: the contractor named in the last appeal decision, as that decision directs"
    if ctx.plan.plan_type == "commercial" and level == 2:
        return (
            f"To: the independent review organisation, through {ctx.claim.payer}'s external "
            "review process (the final denial letter says where to send it)"
        )
    return f"To: {ctx.claim.payer}, Appeals"


def _deadline_text(ctx: _Context, level: int) -> str | None:
    due = deadlines.appeal_deadline(
        ctx.claim, ctx.plan, ctx.today
    ) or deadlines.partial_appeal_deadline(ctx.claim, ctx.plan, ctx.today)
    if due is None:
        return None
    what = level_name(ctx.plan.plan_type, level)
    window = plans.appeal_window(ctx.plan, level)
    start = deadlines.last_denial_date(ctx.claim) or lifecycle.entered_on(
        ctx.claim, "partially_paid"
    )
    after = f" after the decision of {start.isoformat()}" if start else ""
    rule = f"Source: {_INTERNAL_NOTE.sub('', window.source)}."
    if window.typical:
        rule += " This is a typical figure: the denial letter's own deadline controls."
    if due.overdue:
        return (
            f"The deadline for this {what} was {due.due.isoformat()}, {window.length_text}"
            f"{after}. It has passed; I ask you to accept this request late, and I can explain "
            f"the delay. {rule}"
        )
    return (
        f"This {what} is sent before its deadline, {due.due.isoformat()} "
        f"({window.length_text}{after}). {rule}"
    )


def _clinic_name(visits: Sequence[Session]) -> str:
    names = list(dict.fromkeys(v.provider for v in visits if v.provider))
    return _join(names)


def build_letter(
    claim: Claim, records: LetterRecords, today: date, patient_name: str = ""
) -> Letter:
    """The letter for a denied (or partly denied) claim. Raises LetterError if nothing on the
    claim was denied."""
    status = lifecycle.current_status(claim)
    codes = _claim_codes(claim)
    if status not in ("denied", "appealed") and not codes:
        raise LetterError(
            f"claim {claim.id} has nothing denied to appeal (it is {status.replace('_', ' ')})"
        )
    if status == "partially_paid" and not codes:
        raise LetterError(
            f"claim {claim.id} was partly paid but no denial code is recorded: add the code "
            "from the EOB to the claim first"
        )
    recorded = plans.plan_for(claim.payer, records.plans)
    plan = recorded or plans.assumed_plan(claim.payer)
    visits = sorted(
        audit.claim_sessions(claim, records.sessions), key=lambda s: (s.date, s.id or 0)
    )
    ctx = _Context(
        claim=claim,
        plan=plan,
        plan_recorded=recorded is not None,
        records=records,
        today=today,
        patient_name=patient_name.strip(),
        visits=visits,
        codes=codes,
        clinic=_clinic_name(visits),
    )
    families = families_for(codes)
    if "timely_filing" in families and deadlines.medicare_not_appealable(claim, plan):
        families = ["timely_filing"]  # nothing else can be appealed (N211)

    argued: list[tuple[str, str, list[Block]]] = []
    for family in families:
        route, blocks = ARGUMENTS[family](ctx)
        argued.append((family, route, blocks))
    kind = APPEAL if any(route == APPEAL for _, route, _ in argued) else CLINIC
    level = _level(claim)
    return _assemble(ctx, kind, level, argued)


def _facts(ctx: _Context, kind: str, level: int) -> list[tuple[str, str]]:
    claim = ctx.claim
    member = ctx.plan.member_id if ctx.plan_recorded else ""
    if not member:
        ctx.need("member_id", "your member ID (add it to the plan)")
    if not claim.claim_number:
        ctx.need("claim_number", "the claim number (it is on the EOB)")
    if not ctx.patient_name:
        ctx.need("patient_name", "your name")
    if not ctx.clinic:
        ctx.need("clinic", f"the clinic for the visits of {ctx.dates}")
    denied_on = deadlines.last_denial_date(claim) or lifecycle.entered_on(claim, "partially_paid")
    pairs = [
        ("Patient", ctx.patient_name or "name not recorded"),
        ("Member ID", member or "not recorded \u2014 add it to the plan"),
        ("Payer", claim.payer),
        (
            "Plan type",
            plans.PLAN_TYPE_NAMES[ctx.plan.plan_type]
            + ("" if ctx.plan_recorded else ", assumed from the payer's name"),
        ),
        ("Claim number", claim.claim_number or "not recorded"),
        ("Dates of service", ctx.dates),
        ("Clinic", ctx.clinic or "not recorded"),
        ("Billed", f"${claim.billed:,.2f}"),
        ("Denial codes", ", ".join(ctx.codes) or "not recorded"),
        ("Decision date", denied_on.isoformat() if denied_on else "not recorded"),
    ]
    if ctx.reasons("diagnosis"):
        pairs.append(("Diagnosis codes", "not recorded in floortrack: see the claim or the EOB"))
    if kind == APPEAL:
        pairs.append(("Request", f"{level_name(ctx.plan.plan_type, level)} (level {level})"))
    return pairs


def _assemble(
    ctx: _Context, kind: str, level: int, argued: list[tuple[str, str, list[Block]]]
) -> Letter:
    claim = ctx.claim
    what = level_name(ctx.plan.plan_type, level)
    if kind == APPEAL:
        title = f"Request for {what}: {claim.payer} claim {ctx.number}"
    else:
        title = f"Request to {ctx.clinic or 'my clinic'}: {claim.payer} claim {ctx.number}"
    doc = Document(title, f"Written {ctx.today.isoformat()} from my own records (floortrack).")
    facts = _facts(ctx, kind, level)
    doc.add(Para(_addressee(ctx, level, kind)), Facts(tuple(facts)))

    if kind == APPEAL:
        doc.add(
            Para(
                f"I am writing to ask for {_a(what)} of your decision on claim {ctx.number} for "
                f"physical therapy on {ctx.dates}"
                + (f" at {ctx.clinic}" if ctx.clinic else "")
                + "."
            )
        )
        deadline = _deadline_text(ctx, level)
        if deadline:
            doc.add(Para(deadline))
    else:
        doc.add(
            Para(
                f"{claim.payer} did not pay claim {ctx.number} for my visits on {ctx.dates}, "
                "and the reason is one only the clinic can fix: an appeal from me would not "
                "succeed on these facts. Please act on it as set out below."
            )
        )

    doc.add(Heading("The denial", 2))
    if ctx.codes:
        doc.add(Bullets(tuple(f"{c} ({_title(c)}): {_meaning(c)}" for c in ctx.codes)))
    else:
        doc.add(Para("No denial code is recorded for this claim."))

    doc.add(Heading("Services billed", 2))
    if claim.lines:
        method = rule_for_plan(ctx.plan if ctx.plan_recorded else None, claim.payer).method
        doc.add(
            Table(
                (
                    "Code",
                    "What it is",
                    "Minutes logged",
                    "Units billed",
                    "Units the minutes support",
                ),
                _service_rows(ctx, method),
                "llrrr",
                (14, 30, 12, 10, 14),
            ),
            Para(_unit_rule(method), "muted"),
        )
        if any(row[2] == "not logged" for row in _service_rows(ctx, method)):
            ctx.need("minutes", f"the minutes of each code at the visits of {ctx.dates}")
    else:
        ctx.need("codes", "the codes and units billed")
        doc.add(Para("The codes and units billed are not recorded for this claim."))

    auth = _auth_for(ctx)
    if auth is not None and "no_auth" not in {f for f, _, _ in argued}:
        number = f"number {auth.number}, " if auth.number else ""
        doc.add(
            Para(
                f"Authorisation on file for this date: {number}{auth.visits} visits from "
                f"{auth.start.isoformat()} to {auth.end.isoformat()}."
            )
        )

    heading = "Why it should be paid" if kind == APPEAL else "What the EOB shows"
    doc.add(Heading(heading, 2))
    for family, route, blocks in argued:
        if kind == APPEAL and route == CLINIC:
            continue  # the clinic's part is listed under "copy to my clinic" below
        doc.add(Heading(FAMILY_TITLES[family], 3), *blocks)

    calls = calls_for_claim(ctx.records.calls, claim.id or 0)
    if calls:
        doc.add(Heading("My calls about this claim", 2))
        doc.add(Bullets(tuple(_cite(c, claim.payer) for c in calls)))
        ctx.enclose("My notes of the calls listed above")

    doc.add(Heading("What I ask", 2))
    if kind == APPEAL:
        doc.add(
            Para(
                "Please reverse the denial and pay the claim under my plan's benefits, and send "
                "me your decision in writing. If you uphold the denial, please send me the "
                "specific plan provision or clinical criteria it rests on, and tell me how to "
                "ask for the next level of review."
            )
        )
        other = [(f, b) for f, r, b in argued if r == CLINIC]
        if ctx.clinic_notes:
            doc.add(
                Para(
                    f"A copy goes to {ctx.clinic or 'my clinic'}, whom I have asked to "
                    + "; and to ".join(ctx.clinic_notes)
                    + "."
                )
            )
        for family, blocks in other:
            doc.add(Heading(f"For the clinic: {FAMILY_TITLES[family].lower()}", 3), *blocks)
    else:
        doc.add(Bullets(tuple(n[0].upper() + n[1:] + "." for n in ctx.clinic_notes)))
        doc.add(
            Para(
                "Until this is settled, please do not send this claim's balance to collections, "
                "and tell me in writing what, if anything, I owe for these visits."
            )
        )

    ctx.enclose(f"My visit log for {ctx.dates}: the codes and minutes of each visit")
    ctx.enclose("The explanation of benefits (EOB) showing the decision")
    if ctx.plan.plan_type == "medicare" and kind == APPEAL and level == 1:
        ctx.enclose("The Medicare Summary Notice, with the items I am appealing circled")
    for d in sorted(
        (d for d in ctx.records.documents if d.claim_id == claim.id), key=lambda d: d.added
    ):
        ctx.enclose(f"{_DOC_KINDS.get(d.kind, 'Document')}: {d.name} (added {d.added.isoformat()})")
    doc.add(Heading("Enclosed", 2), Bullets(tuple(ctx.attach)))

    doc.add(Para("Sincerely,"))
    doc.add(Para(ctx.patient_name or "(your name is not recorded: sign here)"))
    doc.add(
        Para(
            "Dates, codes, minutes and amounts are from my own records of my visits and my "
            "explanation of benefits. Code meanings are plain-language summaries, not official "
            "code descriptors.",
            "muted",
        )
    )
    if ctx.missing:  # said first, so the patient sees it before sending
        doc.blocks.insert(
            0,
            Para(
                "Before sending: not recorded yet (the letter says so where each belongs): "
                + "; ".join(m.what for m in ctx.missing)
                + ".",
                "alert",
            ),
        )
    cited = tuple(c.id for c in calls if c.id is not None)
    return Letter(kind, tuple(f for f, _, _ in argued), tuple(ctx.missing), cited, doc)


_DOC_KINDS = {
    "eob": "EOB",
    "letter": "Letter",
    "plan_of_care": "Plan of care",
    "other": "Document",
}
