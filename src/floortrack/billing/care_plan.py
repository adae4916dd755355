"""Medicare plan-of-care dates a patient can ask about (docs/BILLING.md, "Plan of care").

Medicare pays outpatient therapy under a plan of care that a physician (or NPP) certifies
within 30 days of the first treatment and recertifies at least every 90 days, with a
progress report at least once every 10 treatment days. The clinic does the paperwork; the
patient only benefits from asking before a date passes, because claims without it are
commonly denied (remarks M141, N485).

An episode of care, as floortrack sees it: the visits since the latest evaluation (or since
the first visit logged, when none is an evaluation). A re-evaluation restarts the progress
report count (it includes the same review). Only an episode with a visit in the last
ACTIVE_DAYS days gets reminders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from floortrack.model import Session

CERTIFY_DAYS = 30
RECERTIFY_DAYS = 90
PROGRESS_EVERY = 10  # treatment days
REMIND_DAYS = 14  # a certification date this close gets a reminder
REMIND_VISITS = 2  # a progress report this many visits away gets a reminder
ACTIVE_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    kind: str  # "certification", "recertification", "progress_report"
    title: str
    detail: str
    due: date | None
    days_left: int


def _episode(sessions: Sequence[Session]) -> list[Session]:
    ordered = sorted(sessions, key=lambda s: s.date)
    starts = [i for i, s in enumerate(ordered) if s.visit_type == "evaluation"]
    return ordered[starts[-1] :] if starts else ordered


def reminders(sessions: Sequence[Session], today: date) -> list[Reminder]:
    """What is coming up for the current episode's plan of care (empty if none is active)."""
    episode = [s for s in _episode(sessions) if s.date <= today]
    if not episode or (today - episode[-1].date).days > ACTIVE_DAYS:
        return []
    first = episode[0].date
    out: list[Reminder] = []
    certify = first + timedelta(days=CERTIFY_DAYS)
    if 0 <= (certify - today).days <= CERTIFY_DAYS:
        out.append(
            Reminder(
                "certification",
                f"Plan of care: to be certified by {certify.isoformat()}",
                f"Your course of therapy began {first.isoformat()}. Medicare needs the plan of "
                "care signed by your physician within 30 days of the first treatment.",
                certify,
                (certify - today).days,
            )
        )
    else:
        k = (today - first).days // RECERTIFY_DAYS + 1
        recert = first + timedelta(days=RECERTIFY_DAYS * k)
        if (recert - today).days <= REMIND_DAYS:
            out.append(
                Reminder(
                    "recertification",
                    f"Plan of care: recertification due by {recert.isoformat()}",
                    f"Your course of therapy began {first.isoformat()}. Medicare needs the plan "
                    "of care recertified at least every 90 days.",
                    recert,
                    (recert - today).days,
                )
            )
    since = [s for s in episode if s.visit_type != "evaluation"]
    reevals = [i for i, s in enumerate(since) if s.visit_type == "re-evaluation"]
    if reevals:
        since = since[reevals[-1] + 1 :]
    days = len({s.date for s in since})
    to_go = PROGRESS_EVERY - days % PROGRESS_EVERY
    if days and to_go <= REMIND_VISITS:
        out.append(
            Reminder(
                "progress_report",
                f"Progress report due within {to_go} treatment visit{'s' if to_go > 1 else ''}",
                f"{days} treatment days since the last evaluation or report. Medicare needs a "
                "progress report at least once every 10 treatment days.",
                None,
                to_go,
            )
        )
    return out
