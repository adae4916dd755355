"""Is therapy working? The arithmetic behind the Progress screen and the report's diary part.

Pure functions over diary entries and sessions; no I/O, no Textual. Everything is computed for
a closed date range [start, end] chosen by `period_range`.

Definitions (shown to the patient in the help, so keep them simple):
- A *weekly average* of a diary count is the mean over the days of that week that have the
  count recorded. Weeks start on Monday; days with nothing recorded are left out rather than
  counted as zero (an unlogged day is unknown, not a day without leaks).
- *Adherence* is the share of diary days with exercise recorded on which at least one set
  was done.
- A *trend in words* compares the first and the last week that have data in the period
  (weeks with at least 3 recorded days, when there are two such weeks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from floortrack.model import DiaryEntry, Session

# key -> (label shown to the patient, length in days; None = everything recorded)
PERIODS: dict[str, tuple[str, int | None]] = {
    "4w": ("Last 4 weeks", 28),
    "3m": ("Last 3 months", 91),
    "1y": ("Last year", 365),
    "all": ("All time", None),
}
DEFAULT_PERIOD = "3m"

# Diary fields that can be averaged, with how a patient reads them.
DIARY_MEASURES: dict[str, str] = {
    "leaks": "leaks per day",
    "pads": "pads per day",
    "urgency": "urgency episodes per day",
    "trips": "bathroom trips per day",
    "pain": "pain (0-10)",
    "sets": "exercise sets per day",
}

# A change smaller than this share of the starting value (or than STEADY_ABS) reads "steady".
STEADY_SHARE = 0.10
STEADY_ABS = 0.15
MIN_DAYS = 3  # recorded days a week needs to anchor a trend sentence


@dataclass(frozen=True)
class WeekPoint:
    """One week of a measure. `start` is the Monday (or the period's first day)."""

    start: date
    value: float | None  # None: nothing recorded that week
    days: int  # how many days contributed


@dataclass(frozen=True)
class PainPoint:
    """Pain before and after one visit (either may be unrecorded)."""

    date: date
    before: int | None
    after: int | None
    session_id: int | None = None


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first of the month
    count: int

    @property
    def label(self) -> str:
        return self.month.strftime("%b %Y")


@dataclass(frozen=True)
class Adherence:
    days_recorded: int  # diary days with exercise sets recorded (0 counts)
    days_done: int  # of those, days with at least one set

    @property
    def share(self) -> float | None:
        return None if not self.days_recorded else self.days_done / self.days_recorded

    def describe(self) -> str:
        if not self.days_recorded:
            return "No exercise recorded in this period"
        percent = round(100 * self.days_done / self.days_recorded)
        return (
            f"Exercises done on {self.days_done} of {self.days_recorded} recorded days ({percent}%)"
        )


@dataclass(frozen=True)
class DiarySummary:
    """What a report says about the diary over a period."""

    start: date
    end: date
    days: int  # diary days in the period
    averages: dict[str, float | None]  # per DIARY_MEASURES key, over the whole period
    adherence: Adherence
    trends: tuple[str, ...]  # one sentence per measure with enough data


# ---------------------------------------------------------------------------
# Periods


def period_range(period: str, today: date, first_day: date | None = None) -> tuple[date, date]:
    """The dates [start, today] covered by a period key from PERIODS.

    "all" starts at `first_day` (the earliest record), or today when nothing is recorded."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    days = PERIODS[period][1]
    if days is None:
        start = first_day if first_day is not None and first_day <= today else today
    else:
        start = today - timedelta(days=days - 1)
    return start, today


def earliest(entries: Iterable[DiaryEntry], sessions: Iterable[Session] = ()) -> date | None:
    """The first date anything was recorded (for the "all" period)."""
    dates = [e.date for e in entries] + [s.date for s in sessions]
    return min(dates, default=None)


def _within(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_starts(start: date, end: date) -> list[date]:
    weeks: list[date] = []
    monday = _monday(start)
    while monday <= end:
        weeks.append(max(monday, start))
        monday += timedelta(days=7)
    return weeks


def _by_day(entries: Iterable[DiaryEntry], start: date, end: date) -> dict[date, DiaryEntry]:
    """One entry per day; if a day was logged twice the later entry (higher id) wins."""
    days: dict[date, DiaryEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.date, e.id or 0)):
        if _within(entry.date, start, end):
            days[entry.date] = entry
    return days


# ---------------------------------------------------------------------------
# Series


BUCKETS: tuple[str, ...] = ("week", "month")


def _bucket_start(day: date, start: date, bucket: str) -> date:
    first = _monday(day) if bucket == "week" else day.replace(day=1)
    return max(first, start)


def _bucket_starts(start: date, end: date, bucket: str) -> list[date]:
    if bucket == "week":
        return _week_starts(start, end)
    starts: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        starts.append(max(month, start))
        month = (month + timedelta(days=32)).replace(day=1)
    return starts


def averages(
    entries: Iterable[DiaryEntry], measure: str, start: date, end: date, bucket: str = "week"
) -> list[WeekPoint]:
    """The mean of `measure` per week (or month) over the days it was recorded; every
    bucket of the range is present, empty ones with value None."""
    if measure not in DIARY_MEASURES:
        raise ValueError(f"unknown diary measure {measure!r}")
    if bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}")
    sums: dict[date, tuple[int, int]] = {}
    for day, entry in _by_day(entries, start, end).items():
        value = getattr(entry, measure)
        if value is None:
            continue
        key = _bucket_start(day, start, bucket)
        total, count = sums.get(key, (0, 0))
        sums[key] = (total + value, count + 1)
    points = []
    for first in _bucket_starts(start, end, bucket):
        total, count = sums.get(first, (0, 0))
        points.append(WeekPoint(first, total / count if count else None, count))
    return points


def weekly_averages(
    entries: Iterable[DiaryEntry], measure: str, start: date, end: date
) -> list[WeekPoint]:
    """The mean of `measure` per week over the days it was recorded; every week is present."""
    return averages(entries, measure, start, end, "week")


def adherence(entries: Iterable[DiaryEntry], start: date, end: date) -> Adherence:
    recorded = [e for e in _by_day(entries, start, end).values() if e.sets is not None]
    return Adherence(len(recorded), sum(1 for e in recorded if e.sets))


def adherence_series(
    entries: Iterable[DiaryEntry], start: date, end: date, bucket: str = "week"
) -> list[WeekPoint]:
    """Per week (or month), the share (0..1) of days with exercise recorded on which sets
    were done. One pass over the days: ten years of diary stay fast."""
    counts: dict[date, tuple[int, int]] = {}
    for day, entry in _by_day(entries, start, end).items():
        if entry.sets is None:
            continue
        key = _bucket_start(day, start, bucket)
        recorded, done = counts.get(key, (0, 0))
        counts[key] = (recorded + 1, done + (1 if entry.sets else 0))
    points = []
    for first in _bucket_starts(start, end, bucket):
        recorded, done = counts.get(first, (0, 0))
        points.append(WeekPoint(first, done / recorded if recorded else None, recorded))
    return points


def weekly_adherence(entries: Iterable[DiaryEntry], start: date, end: date) -> list[WeekPoint]:
    return adherence_series(entries, start, end, "week")


def pain_per_session(sessions: Iterable[Session], start: date, end: date) -> list[PainPoint]:
    """Pain before/after each visit in the period that has either recorded, oldest first."""
    points = [
        PainPoint(s.date, s.pain_before, s.pain_after, s.id)
        for s in sessions
        if _within(s.date, start, end) and (s.pain_before is not None or s.pain_after is not None)
    ]
    return sorted(points, key=lambda p: (p.date, p.session_id or 0))


@dataclass(frozen=True)
class PainBucket:
    """Average pain before and after the visits of one week or month."""

    start: date
    before: float | None
    after: float | None
    visits: int


def pain_averages(
    sessions: Iterable[Session], start: date, end: date, bucket: str = "week"
) -> list[PainBucket]:
    """Pain before/after visits averaged per week (or month): a long period's visits do
    not fit a terminal one by one. Every bucket is present; empty ones hold None."""
    sums: dict[date, list[int]] = {}
    for p in pain_per_session(sessions, start, end):
        key = _bucket_start(p.date, start, bucket)
        acc = sums.setdefault(key, [0, 0, 0, 0, 0])  # before sum/count, after sum/count, visits
        if p.before is not None:
            acc[0] += p.before
            acc[1] += 1
        if p.after is not None:
            acc[2] += p.after
            acc[3] += 1
        acc[4] += 1
    out = []
    for first in _bucket_starts(start, end, bucket):
        b_sum, b_n, a_sum, a_n, visits = sums.get(first, [0, 0, 0, 0, 0])
        out.append(
            PainBucket(first, b_sum / b_n if b_n else None, a_sum / a_n if a_n else None, visits)
        )
    return out


def sessions_per_month(sessions: Iterable[Session], start: date, end: date) -> list[MonthCount]:
    """Visits per calendar month from start's month to end's month (months with none: 0)."""
    counts: dict[date, int] = {}
    for s in sessions:
        if _within(s.date, start, end):
            month = s.date.replace(day=1)
            counts[month] = counts.get(month, 0) + 1
    months: list[MonthCount] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(MonthCount(month, counts.get(month, 0)))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


# ---------------------------------------------------------------------------
# Words


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _since(day: date, today: date) -> str:
    month = day.strftime("%B")
    if (today - day).days < 14:
        return f"since {day.strftime('%b')} {day.day}"
    return f"since {month}" if day.year == today.year else f"since {month} {day.year}"


def describe_trend(
    points: Sequence[WeekPoint],
    what: str,
    today: date,
    *,
    decimals: int = 1,
    lower_is_better: bool = True,
) -> str:
    """One line such as "leaks per day down from 3.1 to 1.4 since March".

    Compares the first and the last week with data. Says "not enough data" rather than
    inventing a trend from a single week."""
    known = [p for p in points if p.value is not None]
    if not known:
        return f"No {what} recorded in this period"
    # A week cut short by the period's start (or by today) may hold one odd day: compare
    # weeks with at least MIN_DAYS recorded days when there are two of them.
    solid = [p for p in known if p.days >= MIN_DAYS]
    first, last = (solid[0], solid[-1]) if len(solid) >= 2 else (known[0], known[-1])
    assert first.value is not None and last.value is not None
    if len(known) == 1:
        return f"{what.capitalize()}: {_fmt(first.value, decimals)} (one week recorded so far)"
    since = _since(first.start, today)
    old, new = round(first.value, decimals), round(last.value, decimals)
    change = new - old
    if abs(change) < max(STEADY_ABS, STEADY_SHARE * abs(old)):
        return f"{what.capitalize()} steady at about {_fmt(new, decimals)} {since}"
    direction = "down" if change < 0 else "up"
    better = (change < 0) == lower_is_better
    verdict = "better" if better else "worse"
    return (
        f"{what.capitalize()} {direction} from {_fmt(old, decimals)} to {_fmt(new, decimals)} "
        f"{since} ({verdict})"
    )


def describe_pain(points: Sequence[PainPoint], today: date) -> str:
    """How pain before visits moved, from the first to the last visit with a score."""
    scored = [p for p in points if p.before is not None]
    if len(scored) < 2:
        scored = [p for p in points if p.after is not None]
        if len(scored) < 2:
            return "Not enough visits with a pain score yet to show a trend"
        first, last, label = scored[0].after, scored[-1].after, "Pain after visits"
    else:
        first, last, label = scored[0].before, scored[-1].before, "Pain before visits"
    assert first is not None and last is not None
    since = _since(scored[0].date, today)
    if first == last:
        return f"{label} steady at {last}/10 {since}"
    direction = "down" if last < first else "up"
    verdict = "better" if last < first else "worse"
    return f"{label} {direction} from {first}/10 to {last}/10 {since} ({verdict})"


def headline(
    entries: Sequence[DiaryEntry], start: date, end: date, today: date, bucket: str = "week"
) -> str:
    """The one-line trend shown at the top of the Progress screen: leaks first, since
    continence is what pelvic-floor therapy is usually judged by; pain when leaks are not
    logged. It compares the first and last week (or month, for long periods: the same
    buckets the charts show) inside [start, end]."""
    for measure in ("leaks", "urgency", "pain", "pads"):
        points = averages(entries, measure, start, end, bucket)
        if any(p.value is not None for p in points):
            return describe_trend(points, DIARY_MEASURES[measure], today)
    return "No diary entries in this period"


def diary_summary(
    entries: Sequence[DiaryEntry], start: date, end: date, today: date
) -> DiarySummary:
    days = _by_day(entries, start, end)
    averages: dict[str, float | None] = {}
    trends: list[str] = []
    for measure, what in DIARY_MEASURES.items():
        values = [getattr(e, measure) for e in days.values() if getattr(e, measure) is not None]
        averages[measure] = sum(values) / len(values) if values else None
        if values:
            points = weekly_averages(entries, measure, start, end)
            trends.append(describe_trend(points, what, today, lower_is_better=measure != "sets"))
    return DiarySummary(
        start, end, len(days), averages, adherence(entries, start, end), tuple(trends)
    )
