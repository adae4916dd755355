"""The visit and claim packet: what happened at each visit, what each claim billed, what the
insurer decided and why, what looks wrong, and how the patient is doing.

Written for the person reading it at a clinic's billing office or an insurer: every denial
code is explained in words, every amount is labelled, and the fine print says where the
figures come from. Pure: takes records, returns a `Document` (no files, no Textual).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from floortrack.billing import audit, catalogue, deadlines, eob, lifecycle, limits, plans, progress
from floortrack.billing.followups import calls_for_claim
from floortrack.billing.plans import rule_for_plan
from floortrack.billing.units import calculate_units
from floortrack.model import (
    Authorization,
    Call,
    Claim,
    DiaryEntry,
    Plan,
    Session,
    ValidationError,
)

from .document import Bullets, Document, Facts, Heading, Para, Table


class ReportError(ValueError):
    """The report cannot be made as asked (e.g. an unknown claim id)."""


@dataclass(frozen=True)
class ReportRequest:
    today: date
    start: date | None = None  # None: from the first record
    end: date | None = None  # None: today
    claim_id: int | None = None  # focus on one claim and its visits


def money(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def fmt_date(day: date | None) -> str:
    return "-" if day is None else day.isoformat()


def status_word(status: str) -> str:
    return status.replace("_", " ")


def claim_label(claim: Claim) -> str:
    number = f"claim {claim.claim_number}" if claim.claim_number else f"claim #{claim.id}"
    return f"{claim.payer} {number}"


def _sessions_for(claim: Claim, sessions: Sequence[Session]) -> list[Session]:
    if claim.session_ids:
        wanted = set(claim.session_ids)
        return [s for s in sessions if s.id in wanted]
    dates = set(claim.service_dates)
    return [s for s in sessions if s.date in dates]


def _audit_findings(claim: Claim, sessions: Sequence[Session], plan: Plan | None) -> list[str]:
    """The bill check (billed units against logged minutes, code pairs), most serious first."""
    findings = audit.audit_claim(
        claim, _sessions_for(claim, sessions), plans=[plan] if plan else []
    )
    labels = {"problem": "Problem", "check": "Worth checking", "info": "Note"}
    lines = []
    for f in findings:
        where = f" ({f.code})" if f.code else ""
        lines.append(
            f"{labels.get(f.severity, f.severity)}{where}: {f.title}. {f.meaning} Ask: {f.ask}"
        )
    return lines


def _denial_lines(claim: Claim) -> list[str]:
    """Each denial or adjustment reason code on the claim, explained."""
    codes: list[str] = list(claim.denial_codes)
    for adj in claim.adjustments:
        if adj.carc not in codes:
            codes.append(adj.carc)
    lines = []
    for code in codes:
        exp = catalogue.explain(code)
        text = f"{code}: {exp.summary}"
        steps = [e.next_step for e in exp.entries if e.next_step and e.kind in ("carc", "rarc")]
        if steps:
            text += f" What to do: {steps[0]}"
        lines.append(text)
    return lines


def _money_facts(claim: Claim) -> list[tuple[str, str]]:
    b = eob.breakdown(claim)
    pairs = [("Billed by the clinic", money(claim.billed))]
    for label, value in (
        ("Allowed by the plan", claim.allowed),
        ("Paid by the plan", claim.paid),
        ("Deductible", b.deductible),
        ("Copay", b.copay),
        ("Coinsurance", b.coinsurance),
        ("Not covered", claim.not_covered),
        ("Patient responsibility (EOB)", b.responsibility),
    ):
        if value is not None:
            pairs.append((label, money(value)))
    for payment in sorted(claim.payments, key=lambda p: p.on):
        note = f" ({payment.note})" if payment.note else ""
        pairs.append(
            (f"Paid by the patient on {payment.on.isoformat()}", money(payment.amount) + note)
        )
    if len(claim.payments) > 1:
        pairs.append(("Paid by the patient in all", money(claim.patient_paid)))
    balance = eob.balance(claim)
    if balance is not None:
        pairs.append(("Patient balance now", money(balance)))
    return pairs


def _claim_blocks(
    claim: Claim,
    sessions: Sequence[Session],
    plan_list: Sequence[Plan],
    today: date,
    calls: Sequence[Call] = (),
) -> list[Any]:
    plan = plans.plan_for(claim.payer, plan_list)
    status = lifecycle.current_status(claim)
    blocks: list[Any] = [Heading(f"{claim_label(claim)} - {status_word(status)}", 3)]
    facts = [
        ("Payer", claim.payer),
        ("Claim number", claim.claim_number or "(not recorded)"),
        ("Service dates", ", ".join(d.isoformat() for d in claim.service_dates)),
        ("Submitted", fmt_date(claim.submitted)),
        ("Status", status_word(status)),
    ]
    if plan is not None and plan.member_id:
        facts.insert(1, ("Member ID", plan.member_id))
    blocks.append(Facts(tuple(facts + _money_facts(claim))))

    deadline = deadlines.appeal_deadline(claim, plan, today)
    if deadline is not None:
        when = (
            f"{abs(deadline.days_left)} days ago"
            if deadline.overdue
            else f"{deadline.days_left} days left"
        )
        blocks.append(
            Para(
                f"Appeal deadline ({deadline.what}): {deadline.due.isoformat()} ({when}). "
                f"Basis: {_public(deadline.describe())}.",
                "alert",
            )
        )

    if claim.lines:
        # Per-line amounts only where the EOB gave them: empty columns say nothing.
        money_cols = [
            (label, name)
            for label, name in (("Billed", "billed"), ("Allowed", "allowed"), ("Paid", "paid"))
            if any(getattr(ln, name) is not None for ln in claim.lines)
        ]
        rows = tuple(
            (ln.coded, _title(ln.code), str(ln.units))
            + tuple(money(getattr(ln, name)) for _, name in money_cols)
            for ln in claim.lines
        )
        blocks += [
            Para("Billed lines:"),
            Table(
                ("Code", "What it is", "Units", *(label for label, _ in money_cols)),
                rows,
                "llr" + "r" * len(money_cols),
                (12, 26, 6) + (10,) * len(money_cols),
            ),
        ]

    history = lifecycle.effective_history(claim)
    if history:
        hist_rows = []
        for row in history:
            note = row.note
            if row.corrected:
                was = f"corrected; first recorded as {status_word(row.original_status)}"
                note = f"{note} ({was})" if note else f"({was})"
            hist_rows.append((row.on.isoformat(), status_word(row.status), note))
        blocks += [
            Para("Status history:"),
            Table(("Date", "Status", "Note"), tuple(hist_rows), "lll", (12, 14, 44)),
        ]

    # Full explanations where a decision went against the patient; on a paid claim the
    # adjustment table's meanings are enough (a year of CO-45 write-offs would bury the rest).
    needs_words = bool(claim.denial_codes) or status in ("denied", "partially_paid", "appealed")
    denials = _denial_lines(claim) if needs_words else []
    if denials:
        blocks += [Para("Denial and adjustment codes, explained:"), Bullets(tuple(denials))]
    if claim.adjustments:
        blocks.append(Para("Adjustments on the EOB:"))
        blocks.append(
            Table(
                ("Code", "Amount", "Line", "Meaning"),
                tuple(
                    (a.carc, money(a.amount), a.code or "-", _title(a.carc))
                    for a in claim.adjustments
                ),
                "lrll",
                (10, 10, 8, 42),
            )
        )
    if claim.appeals:
        blocks += [
            Para("Appeals:"),
            Table(
                ("Level", "Filed", "Outcome", "Decided", "Note"),
                tuple(
                    (str(a.level), fmt_date(a.filed), a.outcome, fmt_date(a.decided), a.note)
                    for a in claim.appeals
                ),
                "lllll",
                (6, 12, 10, 12, 30),
            ),
        ]
    checks = [f"{f.message} Ask: {f.ask}" for f in eob.check_eob(claim)]
    checks += _audit_findings(claim, sessions, plan)
    if checks:
        blocks += [Para("Bill check (amounts, units and codes):"), Bullets(tuple(checks))]
    claim_calls = calls_for_claim(calls, claim.id or 0)
    if claim_calls:
        blocks += [
            Para("Calls about this claim:"),
            Table(
                ("Date", "With", "Representative", "Reference", "What was said"),
                tuple(
                    (
                        c.on.isoformat(),
                        c.with_whom,
                        c.rep or "-",
                        c.reference or "-",
                        c.note
                        + (f" (follow up by {c.follow_up.isoformat()})" if c.follow_up else ""),
                    )
                    for c in claim_calls
                ),
                "lllll",
                (11, 12, 13, 12, 32),
            ),
        ]
    if claim.note:
        blocks.append(Para(f"Patient's note: {claim.note}"))
    return blocks


def _problems(claim: Claim, sessions: Sequence[Session], plan: Plan | None) -> list[str]:
    """The bill check's problems (e.g. more units billed than the minutes support)."""
    findings = audit.audit_claim(
        claim,
        _sessions_for(claim, sessions),
        plans=[plan] if plan else [],
        rule=rule_for_plan(plan, claim.payer),
    )
    return [f.title for f in findings if f.severity == "problem"]


def _action_lines(
    claims: Sequence[Claim],
    plan_list: Sequence[Plan],
    today: date,
    sessions: Sequence[Session] = (),
) -> list[str]:
    """One line per claim that is denied, appealed, waiting for information, or billed for
    more than the visit log supports."""
    lines = []
    for claim in claims:
        status = lifecycle.current_status(claim)
        problems = (
            _problems(claim, sessions, plans.plan_for(claim.payer, plan_list))
            if status != "closed"
            else []
        )
        if problems and status not in ("denied", "appealed", "needs_info", "partially_paid"):
            lines.append(
                f"{claim_label(claim)} ({', '.join(d.isoformat() for d in claim.service_dates)}): "
                f"{status_word(status)}; bill check: {'; '.join(problems)}"
            )
            continue
        if status not in ("denied", "appealed", "needs_info", "partially_paid"):
            continue
        if status == "partially_paid" and not claim.denial_codes:
            continue
        text = f"{claim_label(claim)} ({', '.join(d.isoformat() for d in claim.service_dates)}): "
        text += status_word(status)
        if claim.denial_codes:
            text += f", {', '.join(claim.denial_codes)}"
        deadline = deadlines.appeal_deadline(claim, plans.plan_for(claim.payer, plan_list), today)
        if deadline is not None:
            text += f"; {deadline.what} by {deadline.due.isoformat()}"
            if deadline.typical:
                text += " (typical deadline: check the denial letter)"
        pending = [a for a in claim.appeals if a.outcome == "pending"]
        if status == "appealed" and pending:
            last = max(pending, key=lambda a: a.filed)
            due = deadlines.appeal_decision_due(last.filed, today).due
            days = (due - last.filed).days
            text += (
                f"; level {last.level} appeal filed {last.filed.isoformat()}, a decision is "
                f"commonly due within {days} days (by {due.isoformat()})"
            )
        lines.append(text)
    return lines


def _public(text: str) -> str:
    """Drop pointers into floortrack's own documentation ("(docs/BILLING.md, Deadlines)"):
    a reader at an insurer has no copy of it."""
    return re.sub(r"\s*\(docs/[A-Z]+\.md[^)]*\)", "", text)


def _title(code: str) -> str:
    entry = catalogue.explain(code)
    if not entry.found or not entry.entries:
        return "(not in floortrack's catalogue)"
    return entry.entries[0].title


def _visit_rows(
    sessions: Sequence[Session], claims: Sequence[Claim], plan_list: Sequence[Plan]
) -> tuple[tuple[str, ...], ...]:
    rows = []
    for s in sessions:
        claim = next((c for c in claims if s.id in c.session_ids), None) or next(
            (c for c in claims if s.date in c.service_dates), None
        )
        method = plans.unit_rule(plan_list, claim.payer if claim else None).method
        codes = ", ".join(
            ln.code if ln.minutes is None else f"{ln.code} ({ln.minutes} min)" for ln in s.lines
        )
        try:
            result = calculate_units(s.lines, method)
            units = ", ".join(f"{c} x{n}" for c, n in result.units.items())
            units += f" ({'CMS' if method == 'cms' else 'per-code'})"
        except ValidationError:
            units = "-"
        minutes = sum(ln.minutes or 0 for ln in s.lines)
        pain = (
            "-"
            if s.pain_before is None and s.pain_after is None
            else f"{_n(s.pain_before)} -> {_n(s.pain_after)}"
        )
        rows.append(
            (
                s.date.isoformat(),
                s.provider or "-",
                s.visit_type,
                codes or "-",
                str(minutes) if minutes else "-",
                units if s.lines else "-",
                pain,
            )
        )
    return tuple(rows)


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)


def _diary_blocks(entries: Sequence[DiaryEntry], start: date, end: date, today: date) -> list[Any]:
    summary = progress.diary_summary(entries, start, end, today)
    blocks: list[Any] = [Heading("Symptom and exercise diary", 2)]
    if not summary.days:
        blocks.append(Para("No diary days recorded in this period.", "muted"))
        return blocks
    blocks.append(
        Para(
            f"{summary.days} days recorded between {start.isoformat()} and {end.isoformat()}. "
            "Averages are over the days each item was recorded."
        )
    )
    rows = tuple(
        (f"Average {what}", f"{value:.1f}")
        for key, what in progress.DIARY_MEASURES.items()
        if (value := summary.averages[key]) is not None
    )
    blocks.append(Facts(rows))
    blocks.append(Bullets((summary.adherence.describe(), *summary.trends)))
    return blocks


def _coverage_blocks(
    chosen: Sequence[Claim],
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plan_list: Sequence[Plan],
    auths: Sequence[Authorization],
    start: date,
    end: date,
    today: date,
) -> list[Any]:
    """Authorisations (with their numbers) and visit limits for the payers in the packet."""
    payers = {c.payer.strip().casefold() for c in chosen}
    if not payers:
        return []
    rows: list[tuple[str, ...]] = []
    for auth in sorted(auths, key=lambda a: (a.payer, a.start)):
        if auth.payer.strip().casefold() not in payers or auth.end < start or auth.start > end:
            continue
        use = limits.auth_usage(auth, sessions, claims, plan_list, auths, today)
        rows.append(
            (
                auth.payer,
                auth.number or "(number not recorded)",
                f"{auth.start.isoformat()} to {auth.end.isoformat()}",
                f"{use.used} of {auth.visits}",
            )
        )
    limit_rows: list[tuple[str, ...]] = []
    for plan in plan_list:
        if plan.payer.strip().casefold() not in payers or plan.visit_limit is None:
            continue
        v = limits.visit_limit(plan, sessions, claims, plan_list, end, auths)
        limit_rows.append(
            (
                plan.payer,
                f"{v.year_start.isoformat()} to {v.year_end.isoformat()}",
                f"{v.used} of {plan.visit_limit}",
            )
        )
    if not rows and not limit_rows:
        return []
    blocks: list[Any] = [Heading("Authorisations and visit limits", 2)]
    if rows:
        blocks.append(
            Table(
                ("Payer", "Authorisation", "Dates", "Visits used"),
                tuple(rows),
                "lllr",
                (16, 20, 26, 12),
            )
        )
    if limit_rows:
        blocks.append(
            Table(
                ("Payer", "Plan year", "Visits used of the limit"),
                tuple(limit_rows),
                "llr",
                (20, 30, 20),
            )
        )
    return blocks


def build_packet(
    request: ReportRequest,
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plan_list: Sequence[Plan] = (),
    diary: Sequence[DiaryEntry] = (),
    *,
    auths: Sequence[Authorization] = (),
    calls: Sequence[Call] = (),
) -> Document:
    """The packet for a period, or for one claim (its visits and the diary up to it)."""
    today = request.today
    focus: Claim | None = None
    if request.claim_id is not None:
        focus = next((c for c in claims if c.id == request.claim_id), None)
        if focus is None:
            raise ReportError(f"there is no claim with id {request.claim_id}")
    first = progress.earliest(diary, sessions)
    first_claim = min((c.first_service for c in claims), default=None)
    if first_claim is not None and (first is None or first_claim < first):
        first = first_claim
    start = request.start or (focus.first_service if focus else None) or first or today
    end = request.end or (focus.service_dates[-1] if focus else today)
    if end < start:
        raise ReportError(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )

    if focus is not None:
        chosen_claims = [focus]
        visits = _sessions_for(focus, sessions)
        # The diary shows the whole course of therapy so far: whether it is working is
        # what a medical-necessity appeal needs.
        diary_start, diary_end = request.start or first or start, request.end or today
        title = f"Claim packet: {claim_label(focus)}"
    else:
        chosen_claims = [c for c in claims if any(start <= d <= end for d in c.service_dates)]
        visits = [s for s in sessions if start <= s.date <= end]
        diary_start, diary_end = start, end
        title = "Therapy visits and insurance claims"
    visits = sorted(visits, key=lambda s: (s.date, s.id or 0))
    chosen_claims = sorted(chosen_claims, key=lambda c: (c.first_service, c.id or 0))

    doc = Document(
        title,
        f"Period {start.isoformat()} to {end.isoformat()}. Prepared by the patient on "
        f"{today.isoformat()} with floortrack.",
    )

    # Summary first: what a reader needs in ten seconds.
    statuses: dict[str, int] = {}
    for c in chosen_claims:
        s = status_word(lifecycle.current_status(c))
        statuses[s] = statuses.get(s, 0) + 1
    facts = [
        ("Visits", str(len(visits))),
        ("Claims", str(len(chosen_claims))),
    ]
    if statuses:
        facts.append(("Claims by status", ", ".join(f"{n} {s}" for s, n in statuses.items())))
    if chosen_claims:
        total = eob.totals(chosen_claims)
        facts += [
            ("Total billed", money(sum((c.billed for c in chosen_claims), Decimal("0.00")))),
            (
                "Total paid by plans",
                money(sum((c.paid or Decimal("0.00") for c in chosen_claims), Decimal("0.00"))),
            ),
            ("Patient balance", money(total.balance)),
        ]
    doc.add(Heading("Summary", 2), Facts(tuple(facts)))
    action = _action_lines(chosen_claims, plan_list, today, sessions)
    if action:
        doc.add(Para("Claims that need action:", "alert"), Bullets(tuple(action)))

    doc.add(Heading("Claims", 2))
    if not chosen_claims:
        doc.add(Para("No claims with a service date in this period.", "muted"))
    for claim in chosen_claims:
        doc.add(*_claim_blocks(claim, sessions, plan_list, today, calls))

    doc.add(*_coverage_blocks(chosen_claims, sessions, claims, plan_list, auths, start, end, today))

    doc.add(Heading("Visits", 2))
    if visits:
        doc.add(
            Para(
                "Codes with the minutes the patient logged, and the units those minutes "
                "support: the CMS 8-minute rule for Medicare plans, otherwise the per-code "
                "rule many commercial plans use (check with the plan)."
            ),
            Table(
                ("Date", "Clinic", "Type", "Codes (minutes)", "Min", "Units allowed", "Pain"),
                _visit_rows(visits, claims, plan_list),
                "llllrll",
                (11, 13, 13, 24, 5, 19, 7),
            ),
        )
        symptoms = [f"{s.date.isoformat()}: {s.symptoms}" for s in visits if s.symptoms.strip()]
        if symptoms:
            doc.add(Para("Symptoms reported at visits:"), Bullets(tuple(symptoms)))
        notes = [f"{s.date.isoformat()}: {s.note}" for s in visits if s.note]
        if notes:
            doc.add(Para("Visit notes:"), Bullets(tuple(notes)))
    else:
        doc.add(Para("No visits logged in this period.", "muted"))

    doc.add(*_diary_blocks(diary, diary_start, diary_end, today))

    doc.add(
        Para(
            "About this packet: amounts and dates are as the patient recorded them from "
            "their explanation of benefits (EOB) and bills. Code meanings are plain-language "
            "summaries, not official code descriptors. Deadlines marked typical are common "
            "figures: check the plan documents or the denial letter for the exact ones.",
            "muted",
        )
    )
    return doc
