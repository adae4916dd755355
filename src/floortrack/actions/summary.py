"""Reading the year summary: which records `summary` needs.

The rules are in billing/summary.py, billing/limits.py (the Medicare KX threshold) and
billing/eob.py; this builds only the records of the year asked for (ISO dates compare as
text, as in actions/benefits.py), so the summary costs about the same on ten years of data
as on one. Only the all-years balance (`summary --json`) needs every claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from floortrack.billing import eob, limits
from floortrack.billing import summary as rules
from floortrack.store import Repository


@dataclass(frozen=True)
class SummaryReport:
    summary: rules.YearSummary
    kx: limits.KxProgress | None  # None without an Original Medicare plan
    balances: eob.Totals | None  # over every year's claims; None unless asked for


def summary_report(repo: Repository, year: int, *, all_years: bool = False) -> SummaryReport:
    """The year's summary and KX progress; with `all_years`, also what is owed over all
    years (which builds every claim)."""
    prefix = f"{year:04d}-"
    # `within`: only that year's months are read where the table has a month index (every
    # record kept is dated in the year; a claim by its first service date).
    year_days = (date(year, 1, 1), date(year, 12, 31))
    sessions = repo.sessions.select(
        lambda doc: str(doc["date"]).startswith(prefix), within=year_days
    )
    if all_years:
        every = repo.claims.all()
        claims = [c for c in every if c.first_service.year == year]
    else:  # a claim belongs to the year of its first service date
        claims = repo.claims.select(
            lambda doc: min(doc["service_dates"]).startswith(prefix), within=year_days
        )
    plans = repo.plans.all()
    kx = (
        limits.kx_progress(claims, plans, year)
        if any(p.plan_type == "medicare" for p in plans)
        else None
    )
    return SummaryReport(
        rules.year_summary(year, sessions, claims),
        kx,
        eob.totals(every) if all_years else None,
    )
