"""Claims the patient files themselves: mark who filed, record the reimbursement received,
and read what is expected (billing/oon.py; docs/BENEFITS.md, "Claims you file yourself")."""

from __future__ import annotations

from datetime import date
from typing import Any

from floortrack.billing import oon
from floortrack.billing.plans import plan_for
from floortrack.model import FILED_BY, Claim, check_not_future, parse_date
from floortrack.store import Repository, Transaction

from .edits import apply_changes
from .errors import Refused, ValidationError


def record_filing(
    repo: Repository,
    claim_id: int,
    *,
    filed_by: str | None = None,
    received: str | None = None,
    received_on: str | date | None = None,
    today: date | None = None,
) -> Claim:
    """Set who filed the claim and/or the reimbursement received so far (the total, not an
    increment), on the claim as it is in the file."""
    from floortrack.clock import today as clock_today

    now = today or clock_today()
    changes: dict[str, Any] = {}
    if filed_by is not None:
        if filed_by not in FILED_BY:
            raise ValidationError(f"filed by must be one of {', '.join(FILED_BY)}", "filed_by")
        changes["filed_by"] = filed_by
    if received is not None:
        changes["reimbursed"] = None if received.strip().lower() in ("none", "-") else received
        if changes["reimbursed"] is not None:
            day = parse_date(received_on, "on") if received_on is not None else now
            changes["reimbursed_on"] = check_not_future(day, now, "on", "A reimbursement")
        else:
            changes["reimbursed_on"] = None
    elif received_on is not None:
        raise ValidationError("--on goes with --received: give the amount too", "on")
    if not changes:
        return repo.claims.get(claim_id)

    def op(tx: Transaction) -> Claim:
        current = tx.get(repo.claims, claim_id)
        edited = apply_changes(current, changes, label="claim")
        if edited.reimbursed is not None and edited.filed_by != "patient":
            raise Refused(
                f"claim {claim_id} was filed by the clinic: the plan pays the clinic, not you; "
                "mark it with --filed-by patient if you sent it yourself",
                "filed_by",
            )
        return tx.put(repo.claims, edited)

    return repo.transaction(op)


def reimbursement_for(repo: Repository, claim: Claim) -> oon.Reimbursement:
    """The reimbursement expected on `claim`, with the out-of-network deductible as it stood
    before it (from the EOBs of earlier visits in its plan year)."""
    plan = plan_for(claim.payer, repo.plans.all())
    sessions = repo.sessions.all()
    left = oon.deductible_left_before(claim, plan, repo.claims.all(), sessions, repo.clinics.all())
    return oon.reimbursement(claim, plan, sessions, left)
