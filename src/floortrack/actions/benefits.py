"""Reading the benefits figures: which records `benefits` needs, and in or out of network.

The rules are in billing/benefits.py; this gathers the records for the plan years shown (only
those, so the command costs the same on ten years of data as on one) and says per claim
whether it was in or out of network (docs/BENEFITS.md, "Which network a claim counts for").
"""

from __future__ import annotations

from datetime import date

from floortrack.billing import benefits as rules
from floortrack.billing.plans import same_payer
from floortrack.store import Repository


def benefits_report(
    repo: Repository, *, payer: str | None = None, today: date | None = None
) -> list[rules.BenefitYear]:
    from floortrack.clock import today as clock_today

    day = today or clock_today()
    plans = repo.plans.all()
    if payer is not None:
        plans = [p for p in plans if same_payer(p.payer, payer)]
    if not plans:
        return []
    first, last = rules.window(plans, day)
    low, high = first.isoformat(), last.isoformat()
    # Only the records in the plan years shown are built (ISO dates compare as text).
    # With the month index only those months of the file are even parsed.
    sessions = repo.sessions.select(lambda doc: low <= doc["date"] <= high, (first, last))
    claims = repo.claims.select(lambda doc: low <= doc["service_dates"][0] <= high, (first, last))
    clinics = repo.clinics.all()
    return rules.benefits(
        repo.plans.all(),
        sessions,
        claims,
        day,
        payer=payer,
        network_of=rules.network_by_clinic(sessions, clinics),
        visit_network=rules.visit_network_by_clinic(clinics),
    )
