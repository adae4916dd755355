"""Dates worth a reminder in the patient's own calendar: appeal deadlines, filing limits,
authorisation ends, appeal decisions due and call follow-ups (docs/APPEALS.md, "Calendar").

Pure: records in, `Reminder` values out, each with a stable key (its kind and the record it
comes from) so a newer export updates the same calendar event instead of adding another.
Past and settled items are left out: a paid or closed claim, a denial whose appeal was won,
an authorisation another one extends, a follow-up a later call answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from floortrack.billing import deadlines, limits
from floortrack.billing.followups import call_followups, decision_days
from floortrack.billing.lifecycle import current_status
from floortrack.billing.plans import plan_or_assumed
from floortrack.model import Authorization, Call, Claim, Plan, Session

APPEAL_DEADLINE = "appeal-deadline"
APPEAL_DECISION = "appeal-decision"
FILING_LIMIT = "filing-limit"
AUTH_END = "auth-end"
CALL_FOLLOW_UP = "call-follow-up"


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str  # stable: kind + record id (+ appeal level), e.g. "appeal-deadline-claim-4-level-1"
    day: date
    title: str
    detail: str
    typical: bool = False  # the date rests on a typical figure (the detail says so)


def _claim_name(claim: Claim) -> str:
    number = claim.claim_number or f"#{claim.id}"
    return f"{claim.payer} claim {number} ({claim.first_service.isoformat()})"


def _won_since(claim: Claim, since: date | None) -> bool:
    return any(
        a.outcome in ("won", "partial") and (since is None or (a.decided or a.filed) >= since)
        for a in claim.appeals
    )


def _appeal_reminders(claim: Claim, plans: Sequence[Plan], today: date) -> list[Reminder]:
    status = current_status(claim)
    if status in ("paid", "closed") or claim.id is None:
        return []
    plan, _ = plan_or_assumed(claim.payer, plans)
    out: list[Reminder] = []
    pending = [a for a in claim.appeals if a.outcome == "pending"]
    if pending:
        appeal = max(pending, key=lambda a: (a.filed, a.level))
        days, typical = decision_days(plan, appeal.level)
        decided_by = appeal.filed + timedelta(days=days)
        if decided_by >= today:
            caveat = " (a typical decision time: check your plan)" if typical else ""
            out.append(
                Reminder(
                    APPEAL_DECISION,
                    f"{APPEAL_DECISION}-claim-{claim.id}-level-{appeal.level}",
                    decided_by,
                    f"Appeal decision due: {_claim_name(claim)}",
                    f"The level {appeal.level} appeal filed {appeal.filed.isoformat()} should "
                    f"be decided by now, {days} days on{caveat}. If no decision came, call the "
                    "insurer and log the call.",
                    typical,
                )
            )
        return out
    due = deadlines.appeal_deadline(claim, plan, today) or deadlines.partial_appeal_deadline(
        claim, plan, today
    )
    if due is None or due.overdue or _won_since(claim, deadlines.last_denial_date(claim)):
        return out
    codes = ", ".join(deadlines.denied_part_codes(claim)) or "no code recorded"
    out.append(
        Reminder(
            APPEAL_DEADLINE,
            f"{APPEAL_DEADLINE}-claim-{claim.id}-level-{due.level}",
            due.due,
            f"Appeal deadline: {_claim_name(claim)}",
            f"Last day for the {due.what} (denied: {codes}). {due.describe()}.",
            due.typical,
        )
    )
    return out


def reminders(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    calls: Sequence[Call],
    today: date,
) -> list[Reminder]:
    """Every future (or today's) dated item worth a reminder, soonest first."""
    out: list[Reminder] = []
    for claim in claims:
        out += _appeal_reminders(claim, plans, today)

    # Visits no claim covers yet: the last day the clinic can file for them.
    payers = {p.payer.strip().casefold(): p.payer for p in plans}
    payers.update({c.payer.strip().casefold(): c.payer for c in claims})
    only = next(iter(payers.values())) if len(payers) == 1 else None
    plan = plan_or_assumed(only, plans)[0] if only else None
    for session in deadlines.sessions_without_claim(sessions, claims):
        due = deadlines.filing_deadline(session.date, plan, today)
        if due.overdue or session.id is None:
            continue
        who = f" at {session.provider}" if session.provider else ""
        out.append(
            Reminder(
                FILING_LIMIT,
                f"{FILING_LIMIT}-session-{session.id}",
                due.due,
                f"Filing limit: visit{who} on {session.date.isoformat()}",
                f"No claim covers this visit yet; the clinic must file it by this day. "
                f"{due.describe()}.",
                due.typical,
            )
        )

    for auth in auths:
        if auth.end < today or auth.id is None or limits.renewed(auth, auths):
            continue
        number = f" #{auth.number}" if auth.number else ""
        out.append(
            Reminder(
                AUTH_END,
                f"{AUTH_END}-{auth.id}",
                auth.end,
                f"Authorisation{number} with {auth.payer} ends",
                f"{auth.visits} visits from {auth.start.isoformat()} to {auth.end.isoformat()}. "
                "Ask the clinic to request more visits at least a week before the last "
                "covered visit if therapy continues.",
            )
        )

    by_claim = {c.id: c for c in claims}
    # Follow-ups still open: not answered by a later call, not on a settled claim.
    still_open = {f.call_id for f in call_followups(calls, claims, date.max)}
    for call in calls:
        if call.follow_up is None or call.follow_up < today or call.id is None:
            continue
        if call.id not in still_open:
            continue
        about_claim = by_claim.get(call.claim_id)
        about = f" about {_claim_name(about_claim)}" if about_claim is not None else ""
        ref = f", reference {call.reference}" if call.reference else ""
        rep = f" ({call.rep})" if call.rep else ""
        out.append(
            Reminder(
                CALL_FOLLOW_UP,
                f"{CALL_FOLLOW_UP}-{call.id}",
                call.follow_up,
                f"Follow up: call {call.with_whom}{about}",
                f"Your {call.on.isoformat()} call with {call.with_whom}{rep}{ref}: {call.note}",
            )
        )
    return sorted(out, key=lambda r: (r.day, r.key))
