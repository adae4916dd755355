"""Which logged visits a claim is for."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from floortrack.model import Claim, Session


def sessions_for_dates(sessions: Iterable[Session], dates: Iterable[date]) -> tuple[int, ...]:
    """Ids of the sessions on any of `dates`, oldest first (a claim names its service dates)."""
    wanted = set(dates)
    chosen = sorted(
        (s for s in sessions if s.date in wanted and s.id is not None), key=lambda s: (s.date, s.id)
    )
    return tuple(s.id for s in chosen)  # type: ignore[misc]


def link_by_dates(claim: Claim, sessions: Iterable[Session]) -> Claim:
    """The claim linked to the sessions on its service dates (used when none were named)."""
    return replace(claim, session_ids=sessions_for_dates(sessions, claim.service_dates))


def link_by_days(claim: Claim, sessions_on: Callable[[Iterable[date]], list[Session]]) -> Claim:
    """`link_by_dates` given a lookup of the visits on some days (the store's import keeps
    one, so linking thousands of claims never scans every visit for each)."""
    dates = claim.service_dates
    return replace(claim, session_ids=sessions_for_dates(sessions_on(dates), dates))
