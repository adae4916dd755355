"""What needs the patient's action now: one list, most urgent first, each with a next step.

Nothing that needs no action appears: a closed claim, a paid claim with nothing left to pay
and numbers that add up, a claim still within its usual processing time. Figures
docs/BILLING.md has no source for are called "commonly"/"typical".

Each item's next step is data (`NextStep`: a kind and its parameters). billing/ never words a
step as a command: the CLI words it as the command to type, the TUI as the key to press
(docs/BILLING.md, "Next steps").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from floortrack.billing import deadlines, eob, followups, limits
from floortrack.billing.lifecycle import effective_history, entered_on
from floortrack.billing.memo import PerRecord
from floortrack.billing.plans import (
    assumption_text,
    plan_for,
    plan_or_assumed,
    same_payer,
)
from floortrack.billing.steps import SEVERITIES, STEP_KINDS, Group, Item, NextStep
from floortrack.collection import collection_paused
from floortrack.model import Authorization, Call, Claim, Clinic, Plan, Session

if TYPE_CHECKING:
    from floortrack.billing.audit import Finding

# No processing time has a source (docs/BILLING.md): these are conservative "worth a call" marks.
PENDING_SUBMITTED_DAYS = 30
PENDING_IN_PROCESS_DAYS = 45
UNCLAIMED_DAYS = 30  # a visit with no claim more than this many days later is listed
FILING_WARN_DAYS = 30  # a filing deadline this close makes an unbilled visit urgent
# Bill-audit problems are listed for a year after the visit: older bills are rarely worth
# reopening (the claim's own screen still shows its audit).
AUDIT_DAYS = 365


# Severity, most urgent first.
def _claim_label(claim: Claim) -> str:
    ref = f"claim {claim.id}" if claim.id is not None else "a claim"
    number = f" ({claim.claim_number})" if claim.claim_number else ""
    return f"{ref}{number} with {claim.payer} for {claim.first_service.isoformat()}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _status_now(claim: Claim) -> tuple[str, date | None]:
    history = claim.history
    if history and all(entry.corrects is None for entry in history):
        # Nothing corrected: the effective history is the history itself (most claims).
        return history[-1].status, history[-1].on
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


def _claim_items(
    claim: Claim,
    plan: Plan | None,
    today: date,
    held: bool = False,
    now: tuple[str, date | None] | None = None,
    label: str | None = None,
) -> list[Item]:
    """`held`: the bill check found a problem on this claim (payment advice says wait).
    `now`, `label`: the claim's `_status_now` and `_claim_label`, when the caller has them."""
    status, since = _status_now(claim) if now is None else now
    if status == "closed":
        return []
    label = _claim_label(claim) if label is None else label
    items: list[Item] = []
    cid = claim.id

    if status == "denied":
        denied_on = deadlines.last_denial_date(claim)
        if any(
            a.outcome == "pending" and (denied_on is None or a.filed >= denied_on)
            for a in claim.appeals
        ):
            items += _appealed_items(claim, plan, today, label, since)  # filed; status not moved
        else:
            items += _denied_items(claim, plan, today, label)
    elif status == "partially_paid":
        items += _partial_items(claim, plan, today, label)
    elif status == "appealed":
        items += _appealed_items(claim, plan, today, label, entered_on(claim, "appealed") or since)
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
                NextStep("call_clinic", claim_id=cid),
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
                    NextStep("call_payer", claim_id=cid, payer=claim.payer),
                    "high" if waited > 2 * limit else "normal",
                    claim_id=cid,
                )
            )

    if status in ("paid", "partially_paid", "denied"):
        items += _money_items(claim, label, held)
    if status == "paid":
        items += _won_appeal_items(claim, label)
    return items


def _won_appeal_items(claim: Claim, label: str) -> list[Item]:
    """docs/BILLING.md, "After a won appeal": the decision letter is not the payment. Until
    the reprocessed EOB is entered, the claim's figures are the denial's, not the payment's."""
    won = [a for a in claim.appeals if a.outcome in ("won", "partial")]
    if not won or claim.paid not in (None, Decimal("0.00")):
        return []
    decided = max((a.decided or a.filed) for a in won)
    return [
        Item(
            "reprocessed_eob",
            f"Appeal won on {label}: the new EOB is not entered yet",
            f"The appeal was decided in your favour on {decided.isoformat()}, but the claim "
            "still shows no payment from the plan. The insurer reprocesses the claim and "
            "sends a new EOB with what it paid and what you owe.",
            "Ask the insurer for the reprocessed EOB (or check your online account), then "
            "enter its amounts on the claim; pay the clinic nothing more until then.",
            NextStep("ask_reprocessed_eob", claim_id=claim.id, payer=claim.payer),
            "normal",
            claim_id=claim.id,
        )
    ]


def _remark_advice(claim: Claim) -> str:
    """Extra advice the remark codes call for (docs/BILLING.md, "Coverage rules")."""
    codes = set(claim.denial_codes) | {a.carc for a in claim.adjustments}
    extra = []
    if "N86" in codes:
        extra.append(
            "If this denial is about biofeedback: Medicare covers pelvic-floor biofeedback for "
            "incontinence only after a documented trial of pelvic-floor exercises (about 4 "
            "weeks) did not help; appeal with the records of that trial if you had one "
            "(remark N86 is commonly linked to this rule; not confirmed)."
        )
    if codes & {"M141", "N485"}:
        extra.append(
            "The remark codes commonly point at the plan of care (certification or progress "
            "report; not confirmed): ask the clinic whether the signed plan of care or the "
            "progress report went with the claim, and to send it with a corrected claim or "
            "the appeal."
        )
    return (" " + " ".join(extra)) if extra else ""


def _denied_items(claim: Claim, plan: Plan | None, today: date, label: str) -> list[Item]:
    denied_on = deadlines.last_denial_date(claim)
    if _appeal_won(claim, denied_on):
        return _won_appeal_items(claim, label)
    codes = ", ".join(claim.denial_codes) or "no code recorded"
    first_code = claim.denial_codes[0] if claim.denial_codes else None
    if deadlines.medicare_not_appealable(claim, plan):
        return [
            Item(
                "denied_not_appealable",
                f"{_cap(label)} was denied for late filing (CO-29)",
                "Medicare does not allow an appeal of a timely-filing denial; the provider may not "
                "bill you beyond the deductible and coinsurance that would have applied "
                "(Medicare contractors NGS and Noridian).",
                "If the clinic bills you for it, tell them Medicare denied it as filed late "
                "(CO-29) and ask them to write it off; then close the claim.",
                NextStep("close_claim", claim_id=claim.id),
                "normal",
                claim_id=claim.id,
            )
        ]
    if deadlines.rejected_unprocessable(claim):
        return _rejected_items(claim, plan, today, label, codes)
    if plan is not None and plan.plan_type == "self_pay":
        return []
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
                NextStep("call_payer", claim_id=claim.id, payer=claim.payer),
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
            f"Denied ({codes}). {due.what.capitalize()} deadline: {due.describe()}."
            + _remark_advice(claim),
            "Look up the denial code, ask the clinic whether they will correct and resubmit "
            "or support an appeal, and file the appeal before the deadline.",
            NextStep("appeal", claim_id=claim.id, code=first_code),
            "urgent" if due.soon else "high",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _rejected_items(
    claim: Claim, plan: Plan | None, today: date, label: str, codes: str
) -> list[Item]:
    """docs/BILLING.md, "Rejected, not denied": no appeal; a new claim before the filing
    limit, counted from the date of service."""
    due = deadlines.resubmit_deadline(claim, plan, today)
    when = (
        f"The filing limit passed on {due.due.isoformat()}"
        if due.overdue
        else f"The clinic must send it by {due.due.isoformat()} ({_days(due.days_left)} left)"
    )
    return [
        Item(
            "rejected_resubmit",
            f"{_cap(label)} was returned as unprocessable ({codes}): it needs a new claim",
            "The claim was rejected for missing or invalid information, not denied: there is "
            "nothing to appeal, and a rejected claim does not count as filed. "
            f"{when}: {due.describe()}.",
            "Ask the clinic's billing office to correct the claim and send it again, and ask "
            "for the new claim number; then record it on this claim.",
            NextStep("resubmit", claim_id=claim.id),
            "high" if due.overdue else "urgent" if due.days_left <= FILING_WARN_DAYS else "high",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _co197_items(claim: Claim, auths: Sequence[Authorization], label: str) -> list[Item]:
    """docs/BILLING.md, "No authorisation (CO-197)": if the patient recorded an authorisation
    with this payer covering the visit date, the fix is to send it, not to argue."""
    covering = [
        a
        for a in auths
        if same_payer(a.payer, claim.payer)
        and any(a.start <= day <= a.end for day in claim.service_dates)
    ]
    if not covering:
        return []
    auth = covering[0]
    number = auth.number or "(no number recorded)"
    return [
        Item(
            "send_authorisation",
            f"{_cap(label)} was denied for no authorisation (CO-197), but you have one",
            f"You recorded authorisation {number} with {auth.payer} for "
            f"{auth.start.isoformat()} to {auth.end.isoformat()}, covering this visit.",
            f"Send the clinic and the insurer authorisation {number} and ask them to "
            "reprocess the claim with it.",
            NextStep(
                "send_authorisation",
                claim_id=claim.id,
                auth_id=auth.id,
                reference=auth.number or None,
            ),
            "high",
            claim_id=claim.id,
            auth_id=auth.id,
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
    denied = deadlines.denied_part_codes(claim)
    codes = ", ".join(denied)
    return [
        Item(
            "appeal_due",
            f"Part of {label} was denied ({codes}): appeal by {due.due.isoformat()} "
            f"({_days(due.days_left)} left)",
            f"The claim was only partly paid. {due.what.capitalize()} deadline: {due.describe()}."
            + _remark_advice(claim),
            "Look up the code and ask the clinic whether the denied part was billed correctly; "
            "if it should have been paid, appeal before the deadline.",
            NextStep("appeal", claim_id=claim.id, code=denied[0] if denied else None),
            "urgent" if due.soon else "normal",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _appealed_items(
    claim: Claim, plan: Plan | None, today: date, label: str, since: date | None
) -> list[Item]:
    pending = [a for a in claim.appeals if a.outcome == "pending"]
    filed = max((a.filed for a in pending), default=since)
    if filed is None:
        return []
    level = max((a.level for a in pending), default=1)
    plan = plan or plan_or_assumed(claim.payer, ())[0]
    if plan.plan_type == "medicare_advantage" and level >= 2:
        return []  # the plan forwarded it to the Independent Review Entity: nothing to chase
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
            "then record the outcome.",
            NextStep("record_appeal_outcome", claim_id=claim.id),
            "high",
            due.due,
            due.days_left,
            claim_id=claim.id,
        )
    ]


def _ma_forwarded_items(
    claim: Claim, plan: Plan, label: str, status: str | None = None
) -> list[Item]:
    """docs/BILLING.md, "Medicare Advantage appeals": after the plan upholds its denial it
    must send the case to the Independent Review Entity itself."""
    if plan.plan_type != "medicare_advantage":
        return []
    if status is None:
        status = _status_now(claim)[0]
    lost_level1 = any(a.level == 1 and a.outcome == "lost" for a in claim.appeals)
    if status != "denied" or not lost_level1 or any(a.level >= 2 for a in claim.appeals):
        return []
    return [
        Item(
            "appeal_forwarded",
            f"{_cap(label)}: your plan upheld its denial, so it goes to independent review",
            "A Medicare Advantage plan that upholds its denial must send the case to the "
            "Independent Review Entity itself (42 CFR 422.592); you do not file anything for "
            "this level.",
            "Watch for the Independent Review Entity's decision letter, then record it as the "
            "level 2 outcome.",
            NextStep("watch_decision", claim_id=claim.id),
            "low",
            claim_id=claim.id,
        )
    ]


def _money_items(claim: Claim, label: str, held: bool = False) -> list[Item]:
    items: list[Item] = []
    totals = eob.breakdown(claim)  # worked out once for both the check and the balance
    findings = eob.check_eob(claim, totals)
    if findings:
        first = findings[0]
        extra = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        items.append(
            Item(
                "eob_mismatch",
                f"EOB numbers for {label} do not add up",
                " ".join(f.message for f in findings[:3]) + extra,
                first.ask,
                NextStep("call_payer", claim_id=claim.id, payer=claim.payer),
                "high",
                claim_id=claim.id,
            )
        )
    owed = totals.responsibility  # eob.balance, from the breakdown already made
    left = None if owed is None else owed - claim.patient_paid
    if left is not None and left > 0:
        paid = claim.patient_paid
        share = (
            f"Your share per the EOB is {eob.money(left + paid)}; you have paid {eob.money(paid)}."
        )
        if held:
            # docs/BILLING.md, "Advice agrees with the bill check".
            items.append(
                Item(
                    "balance_held",
                    f"Hold the {eob.money(left)} on {label} until the bill is corrected",
                    share + " The bill check found units billed beyond what your logged "
                    "minutes allow, and your share grows with them.",
                    "Do not pay yet: ask the clinic for a corrected claim; pay what the "
                    "corrected EOB says you owe.",
                    NextStep("hold_payment", claim_id=claim.id, amount=left),
                    "normal",
                    claim_id=claim.id,
                )
            )
            return items
        items.append(
            Item(
                "balance_due",
                f"You owe {eob.money(left)} on {label}",
                share,
                (
                    "Do not pay until the EOB question above is answered; then pay the clinic "
                    if findings
                    else "Pay the clinic once its bill matches the EOB "
                )
                + "and record the payment.",
                NextStep("record_payment", claim_id=claim.id, amount=left),
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
                NextStep("ask_refund", claim_id=claim.id, amount=-left),
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
    if plan is not None and plan.plan_type == "self_pay":
        return []
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
                "number; then add the claim. If it was self-pay, nothing to do but note it.",
                NextStep("add_claim", session_id=session.id),
                "high" if due.overdue else "urgent" if near else "normal",
                due.due,
                due.days_left,
                session_id=session.id,
            )
        )
    return items


def _unmatched_note(payer: str, plans: Sequence[Plan]) -> str:
    """docs/BILLING.md, "Counting visits per payer": say when a payer name matches no plan
    but looks like one ("Aetna" vs "Aetna PPO"), since its visits are then not counted."""
    if plan_for(payer, plans) is not None:
        return ""
    words = set(payer.casefold().split())
    near = [p.payer for p in plans if words & set(p.payer.casefold().split())]
    if not near:
        return ""
    return (
        f" Visits billed to '{payer}' are not counted: that name does not match your plan "
        f"'{near[0]}'. If they are the same insurer, use one name for both."
    )


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
            unmatched = "".join(
                dict.fromkeys(
                    _unmatched_note(payer, [Plan(auth.payer, "other")])
                    for payer in dict.fromkeys(c.payer for c in claims)
                    if not same_payer(payer, auth.payer)
                )
            )
            items.append(
                Item(
                    "auth_running_out" if use.running_out else "auth_expiring",
                    f"Your {label}: " + " and ".join(reasons),
                    f"{use.used} of {auth.visits} visits with {auth.payer} used between "
                    f"{auth.start.isoformat()} and {auth.end.isoformat()}. Visits beyond an "
                    "authorisation are commonly denied (CO-198 or CO-197)." + unmatched,
                    "Ask the clinic to request more visits now, with your plan of care and "
                    "progress notes; payers commonly want the request at least a week before "
                    "the last covered visit.",
                    NextStep("request_more_visits", auth_id=auth.id, payer=auth.payer),
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
        unmatched = "".join(
            dict.fromkeys(
                _unmatched_note(payer, [plan]) for payer in dict.fromkeys(c.payer for c in claims)
            )
        )
        items.append(
            Item(
                "visit_limit",
                f"{plan.payer} visit limit: {max(left, 0)} of {plan.visit_limit} visits left"
                if left > 0
                else f"{plan.payer} visit limit reached ({v.used} of {plan.visit_limit})",
                f"{v.used} visit{'' if v.used == 1 else 's'} with {plan.payer} counted this plan "
                f"year ({v.year_start.isoformat()} to {v.year_end.isoformat()}). Visits over the "
                "limit are commonly denied (CO-119)." + unmatched,
                "Ask your insurer whether an extension or exception is possible, and ask "
                "the clinic before further visits whether you would have to pay for them.",
                NextStep("call_payer", plan_id=plan.id, payer=plan.payer),
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


def _name_mismatch_items(
    claims: Sequence[Claim], plans: Sequence[Plan], auths: Sequence[Authorization]
) -> list[Item]:
    """docs/BILLING.md, "Counting visits per payer": a claim's payer that matches no plan
    but shares a word with one ("Aetna" vs "Aetna PPO") is counted for neither."""
    targets = [p for p in plans if p.visit_limit is not None] + [
        Plan(a.payer, "other") for a in auths
    ]
    items: list[Item] = []
    seen: set[str] = set()
    for payer in dict.fromkeys(c.payer for c in claims):  # each name once, in claim order
        key = payer.strip().casefold()
        if key in seen or plan_for(payer, plans) is not None:
            continue
        note = _unmatched_note(payer, targets)
        if note:
            seen.add(key)
            items.append(
                Item(
                    "payer_name_mismatch",
                    f"Claims to '{payer}' do not count toward your plan's limits",
                    note.strip() + " Visit limits and authorisations count only the visits "
                    "billed to that payer.",
                    "Record a plan under the name on these claims, or correct the payer name "
                    "on the claims so both use one name.",
                    NextStep("add_plan", payer=payer),
                    "low",
                )
            )
    return items


def _plan_of_care_items(
    sessions: Sequence[Session], claims: Sequence[Claim], plans: Sequence[Plan], today: date
) -> list[Item]:
    """docs/BILLING.md, "Plan of care": for Medicare therapy, reminders before the plan of
    care's certification (30 days), recertification (90 days) and progress report (every 10
    treatment days) fall due, so the patient can ask the clinic in time."""
    medicare = [p for p in plans if p.plan_type == "medicare"]
    if not medicare:
        return []
    from floortrack.billing import care_plan

    items: list[Item] = []
    for reminder in care_plan.reminders(list(sessions), today):
        items.append(
            Item(
                f"plan_of_care_{reminder.kind}",
                reminder.title,
                reminder.detail,
                "Ask your therapist whether it is done (or scheduled): Medicare pays therapy "
                "only under a certified plan of care with regular progress reports.",
                NextStep("call_clinic"),
                "normal" if reminder.days_left <= 7 else "low",
                reminder.due,
                reminder.days_left if reminder.due is not None else None,
            )
        )
    return items


def _claim_sessions(
    claim: Claim, by_id: dict[int, Session], by_date: dict[date, list[Session]]
) -> list[Session]:
    """The visits a claim bills: its linked ids, else (older records) its service dates."""
    if claim.session_ids:
        return [by_id[i] for i in claim.session_ids if i in by_id]
    return [s for day in claim.service_dates for s in by_date.get(day, ())]


def _audit_items(
    claims: Sequence[Claim],
    sessions: Sequence[Session],
    plans: Sequence[Plan],
    today: date,
    memo: _Memo | None = None,
) -> tuple[list[Item], set[int]]:
    """Bill-audit problems from billing.audit; never fails. Also returns the ids of claims
    with a problem (their payment advice says to wait).

    Only "problem" findings (the bill looks wrong) are listed: "check" and "info" findings
    are for the claim's own screen, not a to-do list. Only the last year's claims are
    audited, so the visits are indexed only when there is one."""
    items: list[Item] = []
    flagged: set[int] = set()
    recent = [c for c in claims if (today - c.first_service).days <= AUDIT_DAYS]
    if not recent:
        return items, flagged
    from floortrack.billing import audit

    by_id = {s.id: s for s in sessions if s.id is not None}
    by_date: dict[date, list[Session]] = {}
    for session in sessions:
        by_date.setdefault(session.date, []).append(session)
    for claim in recent:
        if _status_now(claim)[0] == "closed":
            continue
        linked = tuple(_claim_sessions(claim, by_id, by_date))
        findings = memo.audit(claim, linked) if memo is not None else None
        if findings is None:
            try:
                findings = audit.audit_claim(claim, linked, plans=plans)
            except Exception:  # an audit bug must not hide deadlines and balances
                findings = []
            if memo is not None:
                memo.keep_audit(claim, linked, findings)
        for finding in findings:
            if finding.severity != "problem":
                continue
            if claim.id is not None and finding.about_units:
                flagged.add(claim.id)
            items.append(
                Item(
                    "audit",
                    f"Bill check on {_claim_label(claim)}: {finding.title}",
                    finding.meaning,
                    finding.ask,
                    NextStep("ask_corrected_claim", claim_id=claim.id, code=finding.code or None),
                    "normal",
                    claim_id=claim.id,
                )
            )
    return items, flagged


def _followup_items(
    calls: Sequence[Call], claims: Sequence[Claim], plans: Sequence[Plan], today: date
) -> list[Item]:
    """Call follow-ups that came due, and appeals still undecided 30 days after filing
    (billing.followups). An appeal past its decision time is `_appealed_items`' job."""
    by_call = {c.id: c for c in calls}
    by_claim = {c.id: c for c in claims}
    items: list[Item] = []
    for due in followups.followups(calls, claims, plans, today):
        claim = by_claim.get(due.claim_id)
        about = ""
        if claim is not None:
            number = f" ({claim.claim_number})" if claim.claim_number else ""
            about = f" about claim {claim.id}{number}"
        late = (today - due.due).days
        if due.kind == followups.CALL_FOLLOW_UP:
            call = by_call[due.call_id]
            said = call.rep or call.with_whom
            ref = f" (reference {call.reference})" if call.reference else ""
            items.append(
                Item(
                    "call_follow_up",
                    f"Follow up your {call.on.isoformat()} call with {call.with_whom}{about}",
                    f"You planned to check back by {due.due.isoformat()}"
                    + (f", {_days(late)} ago" if late else ", today")
                    + f". Your note of the call with {said}{ref}: {call.note}",
                    f"Call {call.with_whom} again, quote the reference, ask whether it was done, "
                    "and log the call.",
                    NextStep("log_call", claim_id=due.claim_id, reference=call.reference or None),
                    "high" if late > 7 else "normal",
                    due.due,
                    -late,
                    claim_id=due.claim_id,
                )
            )
        elif due.kind == followups.APPEAL_CHECK and claim is not None and due.filed:
            items.append(
                Item(
                    "appeal_check",
                    f"No appeal decision yet on {_claim_label(claim)} (30 days)",
                    f"The level {due.level} appeal was filed {due.filed.isoformat()}; "
                    "30 days on, no decision is recorded.",
                    "Call the insurer: confirm they received the appeal, ask for its reference "
                    "number and when it will be decided, and log the call.",
                    NextStep("log_call", claim_id=claim.id),
                    "normal",
                    due.due,
                    -late,
                    claim_id=claim.id,
                )
            )
    return items


def _with_assumption(item: Item, plan: Plan) -> Item:
    """Deadlines worked out without a recorded plan say which rules were assumed."""
    if item.due is None or item.kind not in ("appeal_due", "appeal_overdue", "rejected_resubmit"):
        return item
    return replace(item, detail=f"{item.detail} {assumption_text(plan)}")


def _sort_key(item: Item) -> tuple[int, int, str, int]:
    days = item.days_left if item.days_left is not None else 10**6
    ident = item.claim_id or item.session_id or item.auth_id or item.plan_id or 0
    return (SEVERITIES.index(item.severity), days, item.kind, ident)


class _Memo:
    """Each claim's items and bill check from earlier calls on the same day with the same
    plans and authorisations, per claim object (billing/memo.py): a screen that recomputes
    after a save works out only the claims whose objects changed."""

    def __init__(self, context: tuple[date, tuple[Plan, ...], tuple[Authorization, ...]]):
        self.context = context
        self.items: PerRecord[Claim, tuple[bool, list[Item]]] = PerRecord()
        self.audits: PerRecord[Claim, tuple[tuple[Session, ...], list[Finding]]] = PerRecord()

    def claim_items(self, claim: Claim, held: bool) -> list[Item] | None:
        kept = self.items.get(claim)
        return kept[1] if kept is not None and kept[0] == held else None

    def keep_items(self, claim: Claim, held: bool, items: list[Item]) -> None:
        self.items.put(claim, (held, items))

    def audit(self, claim: Claim, linked: tuple[Session, ...]) -> list[Finding] | None:
        kept = self.audits.get(claim)
        if kept is None or len(kept[0]) != len(linked):
            return None
        if any(a is not b for a, b in zip(kept[0], linked, strict=True)):
            return None
        return kept[1]

    def keep_audit(self, claim: Claim, linked: tuple[Session, ...], found: list[Finding]) -> None:
        self.audits.put(claim, (linked, found))


_memo: _Memo | None = None


def _memo_for(context: tuple[date, tuple[Plan, ...], tuple[Authorization, ...]]) -> _Memo:
    """The memo for this day, plans and authorisations; any change to them starts afresh.
    Swapped whole (never cleared in place), so a call still running on another thread
    keeps the memo it started with."""
    global _memo
    memo = _memo
    if memo is None or memo.context != context:
        memo = _memo = _Memo(context)
    return memo


def _one_claim(
    claim: Claim,
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
    held: bool,
    chosen: dict[str, tuple[Plan, bool]],
) -> list[Item]:
    """Every item about one claim. `chosen`: plan_or_assumed per payer name, looked up once
    per call instead of once per claim."""
    got = chosen.get(claim.payer)
    if got is None:
        got = chosen[claim.payer] = plan_or_assumed(claim.payer, plans)
    plan, assumed = got
    label = _claim_label(claim)
    now = _status_now(claim)
    found: list[Item] = []
    if now[0] == "denied" and "CO-197" in claim.denial_codes:
        found = _co197_items(claim, auths, label)
    if not found:
        found = _claim_items(claim, plan, today, held, now, label)
    found += _ma_forwarded_items(claim, plan, label, now[0])
    if assumed:
        found = [_with_assumption(item, plan) for item in found]
    return found


def _claims_part(
    sessions: list[Session],
    claims: list[Claim],
    plans: list[Plan],
    auths: list[Authorization],
    today: date,
) -> tuple[list[Item], list[Item]]:
    """The items about each claim, and the bill-check items (memoised per claim object)."""
    memo = _memo_for((today, tuple(plans), tuple(auths)))
    audit_found, flagged = _audit_items(claims, sessions, plans, today, memo)
    chosen: dict[str, tuple[Plan, bool]] = {}
    items: list[Item] = []
    for claim in claims:
        held = claim.id in flagged
        found = memo.claim_items(claim, held)
        if found is None:
            found = _one_claim(claim, plans, auths, today, held, chosen)
            memo.keep_items(claim, held, found)
        items += found
    return items, audit_found


def needs_attention(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
    clinics: Sequence[Clinic] = (),
    calls: Sequence[Call] = (),
) -> list[Item]:
    """Everything needing the patient's action, most urgent first, one item per thing to
    do (`attention_list` is the same list bounded and grouped)."""
    with collection_paused():
        return _needs_attention(sessions, claims, plans, auths, today, clinics, calls)


def _needs_attention(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
    clinics: Sequence[Clinic],
    calls: Sequence[Call],
) -> list[Item]:
    sessions, claims, plans, auths = list(sessions), list(claims), list(plans), list(auths)
    items, audit_found = _claims_part(sessions, claims, plans, auths, today)
    items += _unclaimed_items(sessions, claims, plans, today)
    items += _auth_items(sessions, claims, plans, auths, today)
    items += _limit_items(sessions, claims, plans, auths, today)
    items += _plan_of_care_items(sessions, claims, plans, today)
    items += _name_mismatch_items(claims, plans, auths)
    items += audit_found
    items += _oon_items(sessions, claims, plans, clinics, today)
    items += _followup_items(list(calls), claims, plans, today)
    return sorted(items, key=_sort_key)


def claim_attention(
    claim: Claim,
    sessions: Sequence[Session],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
    clinics: Sequence[Clinic] = (),
    calls: Sequence[Call] = (),
) -> list[Item]:
    """What needs action about one claim: exactly the items of
    `needs_attention(sessions, [claim], ...)` whose claim_id is the claim's, without the
    items about every visit, authorisation and plan (none of which names a claim), so a
    claim's own screen does not build one "no claim" item per visit to throw them away."""
    sessions, plans, auths = list(sessions), list(plans), list(auths)
    items, audit_found = _claims_part(sessions, [claim], plans, auths, today)
    items += audit_found
    items += _oon_items(sessions, [claim], plans, clinics, today)
    items += _followup_items(list(calls), [claim], plans, today)
    return sorted((i for i in items if i.claim_id == claim.id), key=_sort_key)


def _oon_items(
    sessions: list[Session],
    claims: list[Claim],
    plans: list[Plan],
    clinics: Sequence[Clinic],
    today: date,
) -> list[Item]:
    from floortrack.billing.oon import oon_items  # it builds on Item: imported on use

    return oon_items(sessions, claims, plans, clinics, today)


# ---------------------------------------------------------------------------
# The bounded list (docs/ARCHITECTURE.md, "Attention, bounded and grouped")

# More than GROUP_OVER items of one kind and severity become GROUP_SHOWN items shown one by one
# and one Group standing for the rest: ten years of data must not make a list of thousands.
GROUP_OVER = 5
GROUP_SHOWN = 3
EXPAND_BY = 50  # how many of a group's items `expand` lists at a time

_ID_FIELDS = ("claim_id", "session_id", "auth_id", "plan_id")
_ID_NOUNS = {
    "claim_id": "Claims",
    "session_id": "Visits",
    "auth_id": "Authorisations",
    "plan_id": "Plans",
}
# What a group of each kind is, after its count ("4,197 more visits with no claim").
GROUP_TITLES: dict[str, str] = {
    "unclaimed_session": "visits with no claim",
    "balance_due": "claims with a balance for you to pay",
    "balance_held": "claims with a balance to hold until the bill is corrected",
    "credit_due": "claims on which you paid too much",
    "appeal_overdue": "denied claims past their appeal deadline",
    "appeal_due": "claims to appeal",
    "appeal_decision_late": "appeals with no decision after 60 days",
    "appeal_check": "appeals with no decision recorded after 30 days",
    "appeal_forwarded": "denials your plan sent to independent review",
    "needs_info": "claims waiting for information the payer asked for",
    "pending_too_long": "claims with no decision after the usual time",
    "eob_mismatch": "claims whose EOB numbers do not add up",
    "audit": "bill-check problems",
    "rejected_resubmit": "rejected claims that need a new claim",
    "reprocessed_eob": "won appeals whose new EOB is not entered yet",
    "denied_not_appealable": "claims denied for late filing (CO-29)",
    "send_authorisation": "claims denied for no authorisation while you have one",
    "call_follow_up": "calls to follow up",
}


def _id_field(item: Item) -> str | None:
    return next((name for name in _ID_FIELDS if getattr(item, name) is not None), None)


RecordDate = Callable[[Item], "date | None"]


def _no_date(_item: Item) -> date | None:
    return None


def _shown(members: list[Item], record_date: RecordDate) -> list[Item]:
    """Which of a group's items stay on the list one by one. Deadlines still to come: the
    soonest (the list's own order). Deadlines passed, or none: the newest records, since a
    recent one is the likeliest still to be put right (a late appeal accepted, a balance
    remembered by the clinic)."""
    first = members[0]
    if first.days_left is not None and first.days_left >= 0:
        return members[:GROUP_SHOWN]
    newest = sorted(
        range(len(members)),
        key=lambda n: (record_date(members[n]) or date.min, n),
        reverse=True,
    )[:GROUP_SHOWN]
    return [members[n] for n in sorted(newest)]


def make_group(members: Sequence[Item], record_date: RecordDate = _no_date) -> Group:
    """One item standing for `members` (one kind and severity, in rank order), shown after
    some of their kind: its title says "more"."""
    first = members[0]
    id_field = _id_field(first) or ""
    ids = tuple(dict.fromkeys(getattr(m, id_field) for m in members)) if id_field else ()
    dated = tuple(map(record_date, members))
    days = [d for d in dated if d is not None]
    oldest, newest = (min(days), max(days)) if days else (None, None)
    count = len(members)
    phrase = GROUP_TITLES.get(first.kind)
    title = (
        f"{count:,} more {phrase}"
        if phrase
        else f"{count:,} more items like this one: {first.title}"
    )
    if oldest is not None and newest is not None:
        title += (
            f" (the oldest {oldest.isoformat()}, the newest {newest.isoformat()})"
            if oldest != newest
            else f" (all {oldest.isoformat()})"
        )
    shown_ids = [str(i) for i in ids[:10]]
    listed = f"{_ID_NOUNS.get(id_field, 'Records')} {', '.join(shown_ids)}" + (
        f" and {len(ids) - 10:,} more" if len(ids) > 10 else ""
    )
    amounts = [m.step.amount for m in members if m.step.amount is not None]
    total = f" In all {eob.money(sum(amounts, Decimal('0.00')))}." if len(amounts) == count else ""
    return Group(
        first.kind,
        title,
        f"{listed}.{total} The first of them: {first.title}. {first.detail}",
        first.advice,
        NextStep(first.step.kind),
        first.severity,
        first.due,
        first.days_left,
        count=count,
        ids=ids,
        id_field=id_field,
        oldest=oldest,
        newest=newest,
        members=tuple(members),
        member_dates=dated,
    )


def group_items(items: Sequence[Item], record_date: RecordDate = _no_date) -> list[Item]:
    """`items` (in rank order) bounded: each kind and severity with more than GROUP_OVER
    items keeps GROUP_SHOWN of them (`_shown`) and one Group for the rest. Items about no
    record (a plan-of-care reminder, a payer name) are never grouped; there are few.

    The order stays the list's own (most urgent first); each group comes right after the
    last of its kind shown one by one, so it reads "...and 4,197 more like these"."""
    out: list[Item] = []
    after: dict[int, Group] = {}
    buckets: dict[tuple[str, str, str], list[Item]] = {}
    for item in items:
        name = _id_field(item)
        if name is None:
            out.append(item)
        else:
            buckets.setdefault((item.kind, item.severity, name), []).append(item)
    for members in buckets.values():
        if len(members) <= GROUP_OVER:
            out += members
            continue
        shown = _shown(members, record_date)
        kept = {id(m) for m in shown}
        out += shown
        after[id(shown[-1])] = make_group([m for m in members if id(m) not in kept], record_date)
    ranked: list[Item] = []
    for item in sorted(out, key=_sort_key):
        ranked.append(item)
        group = after.get(id(item))
        if group is not None:
            ranked.append(group)
    return ranked


def expand(group: Group, by: int = EXPAND_BY) -> list[Item]:
    """A group's first `by` items one by one, and a group for the rest (if more than
    GROUP_OVER are left; else those too, one by one). Record dates carry over from the
    group: the new group's oldest and newest are those of the items that remain."""
    members = list(group.members)
    head, rest = members[:by], members[by:]
    if len(rest) <= GROUP_OVER:
        return head + rest
    dates = dict(zip(map(id, group.members), group.member_dates, strict=False))
    return [*head, make_group(rest, lambda item: dates.get(id(item)))]


def attention_list(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
    clinics: Sequence[Clinic] = (),
    calls: Sequence[Call] = (),
) -> list[Item]:
    """`needs_attention`, bounded and grouped (`group_items`): what the CLI's `attention`
    and the Overview show. A group's dates are its records' (a claim's first service date,
    a visit's date, an authorisation's first day)."""
    items = needs_attention(sessions, claims, plans, auths, today, clinics, calls)
    return group_items(items, record_dates(sessions, claims, auths))


def record_dates(
    sessions: Sequence[Session], claims: Sequence[Claim], auths: Sequence[Authorization]
) -> RecordDate:
    """The date of the record an item is about, looked up in indexes built on first use."""
    index: dict[str, dict[int, date]] = {}

    def of(item: Item) -> date | None:
        if not index:
            index["claim_id"] = {c.id: c.first_service for c in claims if c.id is not None}
            index["session_id"] = {s.id: s.date for s in sessions if s.id is not None}
            index["auth_id"] = {a.id: a.start for a in auths if a.id is not None}
        for name in _ID_FIELDS:
            ident = getattr(item, name)
            if ident is not None:
                return index.get(name, {}).get(ident)
        return None

    return of


__all__ = [
    "STEP_KINDS",
    "Group",
    "Item",
    "NextStep",
    "SEVERITIES",
    "attention_list",
    "claim_attention",
    "expand",
    "group_items",
    "needs_attention",
]
