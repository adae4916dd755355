"""What needs the patient's action now: one list, most urgent first, each with a next step.

Nothing that needs no action appears: a closed claim, a paid claim with nothing left to pay
and numbers that add up, a denial whose appeal was won, a claim still within its usual
processing time. Figures without a source are called "commonly"/"typical" (docs/BILLING.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from floortrack.billing import deadlines, eob, limits
from floortrack.billing.lifecycle import effective_history, entered_on
from floortrack.billing.plans import PLAN_TYPE_NAMES, plan_for, plan_or_assumed
from floortrack.model import Authorization, Claim, Plan, Session

# Severity, most urgent first.
SEVERITIES: tuple[str, ...] = ("urgent", "high", "normal", "low")

# No processing time has a source (docs/BILLING.md): these are conservative "worth a call" marks.
PENDING_SUBMITTED_DAYS = 30
PENDING_IN_PROCESS_DAYS = 45
UNCLAIMED_DAYS = 30  # a visit with no claim more than this many days later is listed
FILING_WARN_DAYS = 30  # a filing deadline this close makes an unbilled visit urgent
# Bill-audit problems are listed for a year after the visit: older bills are rarely worth
# reopening (the claim's own screen still shows its audit).
AUDIT_DAYS = 365


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    detail: str
    next_step: str
    severity: str  # one of SEVERITIES
    due: date | None = None
    days_left: int | None = None
    claim_id: int | None = None
    session_id: int | None = None
    auth_id: int | None = None
    plan_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _claim_label(claim: Claim) -> str:
    ref = f"claim {claim.id}" if claim.id is not None else "a claim"
    number = f" ({claim.claim_number})" if claim.claim_number else ""
    return f"{ref}{number} with {claim.payer} for {claim.first_service.isoformat()}"


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _status_now(claim: Claim) -> tuple[str, date | None]:
    rows = effective_history(claim)
    if rows:
        return rows[-1].status, rows[-1].on
    return claim.status, claim.submitted


def _appeal_won(claim: Claim, since: date | None) -> bool:
    """An appeal decided in the patient's favour after the latest denial settles it."""
    return any(
        a.outcome in ("won", "partial") and (since is None or (a.decided or a.filed) >= since)
        for a in claim.appeals
    )


def _submitted_on(claim: Claim) -> date:
    """When the claim was (last) sent: a resubmission restarts the clock."""
    return entered_on(claim, "submitted") or claim.submitted or claim.first_service


# ---------------------------------------------------------------------------
# Per-claim checks


def _claim_items(claim: Claim, plan: Plan | None, today: date) -> list[Item]:
    status, since = _status_now(claim)
    if status == "closed":
        return []
    label = _claim_label(claim)
    items: list[Item] = []
    cid = claim.id

    if status == "denied":
        denied_on = deadlines.last_denial_date(claim)
        if any(
            a.outcome == "pending" and (denied_on is None or a.filed >= denied_on)
            for a in claim.appeals
        ):
            items += _appealed_items(claim, today, label, since)  # filed; status not moved yet
        else:
            items += _denied_items(claim, plan, today, label)
    elif status == "partially_paid":
        items += _partial_items(claim, plan, today, label)
    elif status == "appealed":
        items += _appealed_items(claim, today, label, entered_on(claim, "appealed") or since)
    elif status == "needs_info":
        asked = entered_on(claim, "needs_info") or since
        waited = (today - asked).days if asked else 0
        items.append(
            Item(
                "needs_info",
                f"Information requested on {label}",
                f"The payer asked for more information {_days(waited)} ago; the claim waits until "
                "it arrives.",
                "Call the clinic's billing office: ask what was requested and whether they "
                "sent it. If the request was for you (e.g. an accident or other-insurance "
                "form), send it to the insurer and note the date.",
                "urgent",
                claim_id=cid,
            )
        )
    elif status in ("submitted", "in_process"):
        limit = PENDING_SUBMITTED_DAYS if status == "submitted" else PENDING_IN_PROCESS_DAYS
        waited = (today - _submitted_on(claim)).days
        if waited > limit:
            items.append(
                Item(
                    "pending_too_long",
                    f"No decision on {label} after {_days(waited)}",
                    f"It was sent on {_submitted_on(claim).isoformat()} and is still "
                    f"{status.replace('_', ' ')}; claims are commonly decided sooner "
                    f"(a typical mark, not a rule: {limit} days).",
                    "Call the insurer with the claim number and ask its status: received, pending, "
                    "or rejected (a rejected claim must be sent again by the clinic).",
                    "high" if waited > 2 * limit else "normal",
                    claim_id=cid,
                )
            )

    if status in ("paid", "partially_paid", "denied"):
        items += _money_items(claim, label)
    return items


def _denied_items(claim: Claim, plan: Plan | None, today: date, label: str) -> list[Item]:
    denied_on = deadlines.last_denial_date(claim)
    if _appeal_won(claim, denied_on):
        return []
    codes = ", ".join(claim.denial_codes) or "no code recorded"
    if deadlines.medicare_not_appealable(claim, plan):
        return [
            Item(
                "denied_not_appealable",
                f"{label} was denied for late filing (CO-29)",
                "Medicare does not allow an appeal of a timely-filing denial; the provider may not "
                "bill you beyond the deductible and coinsurance that would have applied "
                "(Medicare contractors NGS and Noridian).",
                "If the clinic bills you for it, tell them Medicare denied it as filed late "
                "(CO-29) and ask them to write it off; then close the claim.",
                "normal",
                claim_id=claim.id,
            )
        ]
    due = deadlines.appeal_deadline(claim, plan, today)
    if due is None:
        return []
    if due.overdue:
        return [
            Item(
                "appeal_overdue",
                f"Appeal deadline passed for {label}",
                f"Denied ({codes}). The {due.what} was due {due.due.isoformat()}, "
                f"{_days(-due.days_left)} ago: {due.describe()}.",
                "Call the insurer today: ask whether a late appeal can still be accepted and what "
                "reason they need; otherwise ask the clinic whether you owe anything and close "
                "the claim.",
                "urgent",
                due.due,
                due.days_left,
                claim_id=claim.id,
            )
        ]
    return [
        Item(
            "appeal_due",
            f"Appeal {label} by {due.due.isoformat()} ({_days(due.days_left)} left)",
            f"Denied ({codes}). {due.what.capitalize()} deadline: {due.describe()}.",
            "Look up the denial code (floortrack explain CODE), ask the clinic whether they will "
            "correct and resubmit or support an appeal, and file the appeal before the deadline "
            "(record it with floortrack claim appeal).",
            "urgent" if due.soon else "high",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _partial_items(claim: Claim, plan: Plan | None, today: date, label: str) -> list[Item]:
    """Part of the claim was denied: worth an appeal until the window closes. After that the
    patient has chosen to accept it, so nothing is shown (unlike a full denial)."""
    if any(a.outcome in ("pending", "won", "partial") for a in claim.appeals):
        return []
    due = deadlines.partial_appeal_deadline(claim, plan, today)
    if due is None or due.overdue:
        return []
    codes = ", ".join(deadlines.denied_part_codes(claim))
    return [
        Item(
            "appeal_due",
            f"Part of {label} was denied ({codes}): appeal by {due.due.isoformat()} "
            f"({_days(due.days_left)} left)",
            f"The claim was only partly paid. {due.what.capitalize()} deadline: {due.describe()}.",
            "Look up the code (floortrack explain CODE) and ask the clinic whether the denied "
            "part was billed correctly; if it should have been paid, appeal before the deadline "
            "(record it with floortrack claim appeal).",
            "urgent" if due.soon else "normal",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _appealed_items(claim: Claim, today: date, label: str, since: date | None) -> list[Item]:
    pending = [a for a in claim.appeals if a.outcome == "pending"]
    filed = max((a.filed for a in pending), default=since)
    if filed is None:
        return []
    due = deadlines.appeal_decision_due(filed, today)
    if not due.overdue:
        return []
    return [
        Item(
            "appeal_decision_late",
            f"No appeal decision on {label} after {_days((today - filed).days)}",
            f"The appeal was filed {filed.isoformat()}; Medicare redeterminations and ACA "
            f"post-service appeals are due within 60 days ({due.due.isoformat()}).",
            "Call the insurer: confirm they received the appeal and ask when it will be decided; "
            "record the outcome with floortrack claim appeal --outcome.",
            "high",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _money_items(claim: Claim, label: str) -> list[Item]:
    items: list[Item] = []
    findings = eob.check_eob(claim)
    if findings:
        first = findings[0]
        extra = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        items.append(
            Item(
                "eob_mismatch",
                f"EOB numbers for {label} do not add up",
                " ".join(f.message for f in findings[:3]) + extra,
                first.ask,
                "high",
                claim_id=claim.id,
            )
        )
    left = eob.balance(claim)
    if left is not None and left > 0:
        paid = claim.patient_paid
        items.append(
            Item(
                "balance_due",
                f"You owe {eob.money(left)} on {label}",
                f"Your share per the EOB is {eob.money(left + paid)}; you have paid "
                f"{eob.money(paid)}.",
                (
                    "Do not pay until the EOB question above is answered; then pay the clinic "
                    if findings
                    else "Pay the clinic once its bill matches the EOB "
                )
                + "and record it with floortrack claim pay.",
                "normal",
                claim_id=claim.id,
            )
        )
    elif left is not None and left < 0:
        items.append(
            Item(
                "credit_due",
                f"You paid {eob.money(-left)} too much on {label}",
                f"Your share per the EOB is {eob.money(left + claim.patient_paid)}; you have paid "
                f"{eob.money(claim.patient_paid)}.",
                "Ask the clinic's billing office for a refund or a credit on your account.",
                "normal",
                claim_id=claim.id,
            )
        )
    return items


# ---------------------------------------------------------------------------
# Visits, authorisations, limits


def _unclaimed_items(
    sessions: Sequence[Session], claims: Sequence[Claim], plans: Sequence[Plan], today: date
) -> list[Item]:
    items: list[Item] = []
    # With one insurer, its filing rule applies; with several (or none) an unbilled visit's
    # payer is unknown and the conservative typical limit is used.
    payers = {p.payer.strip().casefold(): p.payer for p in plans}
    payers.update({c.payer.strip().casefold(): c.payer for c in claims})
    plan = plan_or_assumed(next(iter(payers.values())), plans)[0] if len(payers) == 1 else None
    for session in deadlines.sessions_without_claim(sessions, claims):
        age = (today - session.date).days
        if age <= UNCLAIMED_DAYS:
            continue
        due = deadlines.filing_deadline(session.date, plan, today)
        near = due.days_left <= FILING_WARN_DAYS
        when = (
            f"the filing limit passed on {due.due.isoformat()}"
            if due.overdue
            else f"the filing limit is {due.due.isoformat()} ({_days(due.days_left)} left)"
        )
        who = f"{session.provider} " if session.provider else ""
        items.append(
            Item(
                "unclaimed_session",
                f"No claim for your {who}visit on {session.date.isoformat()} ({_days(age)} ago)",
                f"No claim covers this visit yet; {when}: {due.describe()}.",
                "Ask the clinic whether they billed your insurer for this visit and get the claim "
                "number; then add it with floortrack claim add. If it was self-pay, nothing to do "
                "but note it.",
                "high" if due.overdue else "urgent" if near else "normal",
                due.due,
                due.days_left,
                session_id=session.id,
            )
        )
    return items


def _auth_items(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
) -> list[Item]:
    items: list[Item] = []
    for auth in auths:
        use = limits.auth_usage(auth, sessions, claims, plans, auths, today)
        if not use.active or limits.renewed(auth, auths):
            continue
        number = f" #{auth.number}" if auth.number else ""
        label = f"authorisation{number} with {auth.payer}"
        if use.running_out or use.expiring:
            reasons = []
            if use.running_out:
                left = max(use.remaining, 0)
                reasons.append(
                    "all authorised visits are used"
                    if left == 0
                    else f"{left} of {auth.visits} visits left"
                )
            if use.expiring:
                reasons.append(f"it ends {auth.end.isoformat()} ({_days(use.days_left)} left)")
            items.append(
                Item(
                    "auth_running_out" if use.running_out else "auth_expiring",
                    f"Your {label}: " + " and ".join(reasons),
                    f"{use.used} of {auth.visits} visits used between {auth.start.isoformat()} and "
                    f"{auth.end.isoformat()}. Visits beyond an authorisation are commonly denied "
                    "(CO-198 or CO-197).",
                    "Ask the clinic to request more visits now, with your plan of care and "
                    "progress notes; payers commonly want the request at least a week before "
                    "the last covered visit.",
                    "urgent" if use.remaining <= 0 or use.days_left <= 7 else "high",
                    auth.end,
                    use.days_left,
                    auth_id=auth.id,
                )
            )
    return items


def _limit_items(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
) -> list[Item]:
    items: list[Item] = []
    for plan in plans:
        if plan.visit_limit is None:
            continue
        v = limits.visit_limit(plan, sessions, claims, plans, today, auths)
        if not v.running_out:
            continue
        left = v.remaining or 0
        items.append(
            Item(
                "visit_limit",
                f"{plan.payer} visit limit: {max(left, 0)} of {plan.visit_limit} visits left"
                if left > 0
                else f"{plan.payer} visit limit reached ({v.used} of {plan.visit_limit})",
                f"{v.used} visits counted this plan year ({v.year_start.isoformat()} to "
                f"{v.year_end.isoformat()}). Visits over the limit are commonly denied (CO-119).",
                "Ask your insurer whether an extension or exception is possible, and ask "
                "the clinic before further visits whether you would have to pay for them.",
                "urgent" if left <= 0 else "high",
                v.year_end,
                (v.year_end - today).days,
                plan_id=plan.id,
            )
        )
    # The Medicare KX threshold is not listed here: crossing it asks nothing of the patient
    # (the clinic adds the modifier; without it and an ABN the provider is liable). The
    # summary and the Overview show its progress (limits.kx_progress).
    return items


def _claim_sessions(
    claim: Claim, by_id: dict[int, Session], by_date: dict[date, list[Session]]
) -> list[Session]:
    """The visits a claim bills: its linked ids, else (older records) its service dates."""
    if claim.session_ids:
        return [by_id[i] for i in claim.session_ids if i in by_id]
    return [s for day in claim.service_dates for s in by_date.get(day, ())]


def _audit_items(
    claims: Sequence[Claim], sessions: Sequence[Session], plans: Sequence[Plan], today: date
) -> list[Item]:
    """Bill-audit problems from billing.audit, when that module is present; never fails.

    Only "problem" findings (the bill looks wrong) are listed: "check" and "info" findings
    are for the claim's own screen, not a to-do list."""
    try:
        from floortrack.billing import audit
    except ImportError:
        return []
    items: list[Item] = []
    by_id = {s.id: s for s in sessions if s.id is not None}
    by_date: dict[date, list[Session]] = {}
    for session in sessions:
        by_date.setdefault(session.date, []).append(session)
    for claim in claims:
        if _status_now(claim)[0] == "closed" or (today - claim.first_service).days > AUDIT_DAYS:
            continue
        plan = plan_for(claim.payer, plans)
        try:
            method = audit.method_for_plan(claim.payer, plan)
            findings = audit.audit_claim(
                claim,
                _claim_sessions(claim, by_id, by_date),
                method,
                plan.plan_type if plan else None,
            )
        except Exception:  # an audit bug must not hide deadlines and balances
            continue
        for finding in findings:
            if getattr(finding, "severity", "") != "problem":
                continue
            title = str(getattr(finding, "title", "") or finding)
            items.append(
                Item(
                    "audit",
                    f"Bill check on {_claim_label(claim)}: {title}",
                    str(getattr(finding, "meaning", "") or title),
                    str(
                        getattr(finding, "ask", "")
                        or "Ask the clinic's billing office to check the units billed against "
                        "your visit record."
                    ),
                    "normal",
                    claim_id=claim.id,
                )
            )
    return items


def _with_assumption(item: Item, plan: Plan) -> Item:
    """Deadlines worked out without a recorded plan say which rules were assumed."""
    if item.due is None or item.kind not in ("appeal_due", "appeal_overdue"):
        return item
    kind = PLAN_TYPE_NAMES[plan.plan_type]
    return replace(
        item,
        detail=f"{item.detail} No plan is recorded for {plan.payer}, so {kind} rules were "
        "assumed: add yours with floortrack plan add.",
    )


def _sort_key(item: Item) -> tuple[int, int, str, int]:
    days = item.days_left if item.days_left is not None else 10**6
    ident = item.claim_id or item.session_id or item.auth_id or item.plan_id or 0
    return (SEVERITIES.index(item.severity), days, item.kind, ident)


def needs_attention(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
) -> list[Item]:
    """Everything needing the patient's action, most urgent first."""
    sessions, claims, plans, auths = list(sessions), list(claims), list(plans), list(auths)
    items: list[Item] = []
    for claim in claims:
        plan, assumed = plan_or_assumed(claim.payer, plans)
        found = _claim_items(claim, plan, today)
        if assumed:
            found = [_with_assumption(item, plan) for item in found]
        items += found
    items += _unclaimed_items(sessions, claims, plans, today)
    items += _auth_items(sessions, claims, plans, auths, today)
    items += _limit_items(sessions, claims, plans, auths, today)
    items += _audit_items(claims, sessions, plans, today)
    return sorted(items, key=_sort_key)


__all__ = ["Item", "SEVERITIES", "needs_attention"]
