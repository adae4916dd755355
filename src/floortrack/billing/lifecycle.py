"""Claim statuses and the moves between them (placeholder; the claims issue completes it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from floortrack.model import CLAIM_STATUSES, Claim, StatusChange, ValidationError


def change_status(claim: Claim, status: str, on: date, note: str = "") -> Claim:
    """Return the claim moved to `status` on `on`, with the change kept in its history."""
    if status not in CLAIM_STATUSES:
        raise ValidationError(
            f"status must be one of {', '.join(CLAIM_STATUSES)} (got '{status}')", "status"
        )
    change = StatusChange(status, on, note)
    return replace(claim, status=status, history=(*claim.history, change))
