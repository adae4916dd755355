"""Follow-ups that come due: a call's "check back by" date, and an appeal still undecided
30 days after filing and again at the plan's decision time (docs/APPEALS.md, "Follow-ups").

Pure rules: records in, `FollowUp` values out (kind, due date, claim and call ids); each
front end words them. Settled claims ask nothing: a closed claim, or one whose appeal was
decided, drops out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from floortrack.billing.lifecycle import current_status
from floortrack.billing.plans import APPEAL_DECISION_DAYS, plan_or_assumed
from floortrack.model import Appeal, Call, Claim, Plan

CALL_FOLLOW_UP = "call_follow_up"
APPEAL_CHECK = "appeal_no_decision_30"  # 30 days in: confirm it was received and logged
APPEAL_LATE = "appeal_no_decision"  # past the decision time: ask for the decision

APPEAL_CHECK_DAYS = 30
# A commercial level-2 appeal is usually external review: a standard review is decided in
# about 45 days (docs/APPEALS.md, "Decision times"; a typical figure).
EXTERNAL_REVIEW_DAYS = 45

SETTLED_STATUSES = frozenset({"closed", "paid"})


class FollowUp(NamedTuple):
    kind: str  # CALL_FOLLOW_UP, APPEAL_CHECK or APPEAL_LATE
    due: date
    claim_id: int | None
    call_id: int | None = None
    level: int = 0  # the appeal level, for the appeal kinds
    filed: date | None = None  # when that appeal was filed
    typical: bool = False  # the decision time is a typical figure, not a rule


def calls_for_claim(calls: Iterable[Call], claim_id: int) -> list[Call]:
    """A claim's calls, oldest first."""
    return sorted((c for c in calls if c.claim_id == claim_id), key=lambda c: (c.on, c.id or 0))


def decision_days(plan: Plan, level: int) -> tuple[int, bool]:
    """Days the plan has to decide an appeal at `level`, and whether that is only typical.

    Medicare redeterminations and ACA post-service internal appeals: 60 days; a commercial
    second level (external review): about 45; other plan types: 60 days assumed."""
    if plan.plan_type == "commercial" and level >= 2:
        return EXTERNAL_REVIEW_DAYS, True
    if (plan.plan_type == "medicare" and level == 1) or plan.plan_type == "commercial":
        return APPEAL_DECISION_DAYS, False
    return APPEAL_DECISION_DAYS, True


def _settled(claim: Claim | None) -> bool:
    return claim is not None and current_status(claim) in SETTLED_STATUSES


def call_followups(calls: Sequence[Call], claims: Sequence[Claim], today: date) -> list[FollowUp]:
    """Calls whose follow-up date has come (today or earlier) and that no later call answered.

    A later call about the same claim (or, with no claim, with the same party) logged on or
    after the follow-up date counts as the follow-up. A settled claim's calls ask nothing."""
    by_id = {c.id: c for c in claims}
    found: list[FollowUp] = []
    for call in calls:
        if call.follow_up is None or call.follow_up > today:
            continue
        if call.claim_id is not None and (
            call.claim_id not in by_id or _settled(by_id[call.claim_id])
        ):
            continue
        due = call.follow_up
        answered = any(
            other.id != call.id
            and other.on >= due
            and (
                other.claim_id == call.claim_id
                if call.claim_id is not None
                else other.claim_id is None
                and other.with_whom.casefold() == call.with_whom.casefold()
            )
            for other in calls
        )
        if not answered:
            found.append(FollowUp(CALL_FOLLOW_UP, due, call.claim_id, call.id))
    return sorted(found, key=lambda f: (f.due, f.call_id or 0))


def _pending(claim: Claim) -> Appeal | None:
    pending = [a for a in claim.appeals if a.outcome == "pending"]
    return max(pending, key=lambda a: (a.filed, a.level)) if pending else None


def appeal_followups(
    claims: Sequence[Claim], plans: Sequence[Plan], calls: Sequence[Call], today: date
) -> list[FollowUp]:
    """Pending appeals with no decision: at 30 days after filing (unless a call about the
    claim was logged since then), and once the plan's decision time has passed.

    Only the latest milestone reached is returned for each claim."""
    found: list[FollowUp] = []
    for claim in claims:
        appeal = _pending(claim)
        if appeal is None or claim.id is None or current_status(claim) == "closed":
            continue
        plan, _ = plan_or_assumed(claim.payer, plans)
        days, typical = decision_days(plan, appeal.level)
        late = appeal.filed + timedelta(days=days)
        check = appeal.filed + timedelta(days=APPEAL_CHECK_DAYS)
        if today > late:
            found.append(
                FollowUp(APPEAL_LATE, late, claim.id, None, appeal.level, appeal.filed, typical)
            )
        elif today >= check and check < late:
            called = any(c.claim_id == claim.id and c.on >= check for c in calls)
            if not called:
                found.append(
                    FollowUp(
                        APPEAL_CHECK, check, claim.id, None, appeal.level, appeal.filed, typical
                    )
                )
    return sorted(found, key=lambda f: (f.due, f.claim_id or 0))


def followups(
    calls: Sequence[Call], claims: Sequence[Claim], plans: Sequence[Plan], today: date
) -> list[FollowUp]:
    """Every follow-up that has come due, oldest first."""
    items = call_followups(calls, claims, today) + appeal_followups(claims, plans, calls, today)
    return sorted(items, key=lambda f: (f.due, f.kind, f.claim_id or 0, f.call_id or 0))
