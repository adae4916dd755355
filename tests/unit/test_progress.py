"""Trend arithmetic behind the Progress screen and the report's diary summary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from floortrack.billing import progress
from floortrack.model import DiaryEntry, Session, SessionLine

TODAY = date(2026, 6, 14)  # a Sunday


def day(n: int) -> date:
    return date(2026, 6, 1) + timedelta(days=n)  # 2026-06-01 is a Monday


def test_weekly_average_uses_only_recorded_days() -> None:
    entries = [
        DiaryEntry(day(0), leaks=4),
        DiaryEntry(day(1), leaks=2),
        DiaryEntry(day(2), pads=1),  # leaks not recorded: not counted as zero
        DiaryEntry(day(7), leaks=1),
    ]
    points = progress.weekly_averages(entries, "leaks", day(0), day(13))
    assert [p.start for p in points] == [day(0), day(7)]
    assert points[0].value == pytest.approx(3.0) and points[0].days == 2
    assert points[1].value == pytest.approx(1.0) and points[1].days == 1


def test_weeks_without_data_are_present_but_empty() -> None:
    points = progress.weekly_averages([DiaryEntry(day(0), leaks=1)], "leaks", day(0), day(20))
    assert [p.value for p in points] == [1.0, None, None]


def test_first_week_is_clipped_to_the_period_start() -> None:
    points = progress.weekly_averages([DiaryEntry(day(3), leaks=5)], "leaks", day(2), day(6))
    assert points == [progress.WeekPoint(day(2), 5.0, 1)]


def test_a_day_logged_twice_counts_once_latest_wins() -> None:
    entries = [DiaryEntry(day(0), leaks=9, id=1), DiaryEntry(day(0), leaks=1, id=2)]
    assert progress.weekly_averages(entries, "leaks", day(0), day(6))[0].value == 1.0


def test_adherence_is_share_of_recorded_days_with_sets() -> None:
    entries = [
        DiaryEntry(day(0), sets=3),
        DiaryEntry(day(1), sets=0),
        DiaryEntry(day(2), sets=2),
        DiaryEntry(day(3), leaks=1),  # exercise not recorded: not in the denominator
    ]
    stats = progress.adherence(entries, day(0), day(6))
    assert (stats.days_done, stats.days_recorded) == (2, 3)
    assert stats.share == pytest.approx(2 / 3)
    assert stats.describe() == "Exercises done on 2 of 3 recorded days (67%)"
    assert progress.adherence([], day(0), day(6)).share is None


def test_weekly_adherence() -> None:
    entries = [DiaryEntry(day(i), sets=1 if i % 2 == 0 else 0) for i in range(14)]
    points = progress.weekly_adherence(entries, day(0), day(13))
    assert [round(p.value or 0, 3) for p in points] == [round(4 / 7, 3), round(3 / 7, 3)]


def test_trend_in_words_down() -> None:
    entries = [DiaryEntry(date(2026, 3, 2) + timedelta(days=i), leaks=3) for i in range(7)]
    entries += [DiaryEntry(date(2026, 6, 8) + timedelta(days=i), leaks=1) for i in range(7)]
    start, end = date(2026, 3, 2), TODAY
    text = progress.describe_trend(
        progress.weekly_averages(entries, "leaks", start, end), "leaks per day", TODAY
    )
    assert text == "Leaks per day down from 3.0 to 1.0 since March (better)"


def test_trend_in_words_up_is_worse_and_names_the_year_when_old() -> None:
    entries = [DiaryEntry(date(2025, 11, 3), urgency=1), DiaryEntry(date(2026, 6, 8), urgency=4)]
    points = progress.weekly_averages(entries, "urgency", date(2025, 11, 3), TODAY)
    text = progress.describe_trend(points, "urgency episodes per day", TODAY)
    assert text == "Urgency episodes per day up from 1.0 to 4.0 since November 2025 (worse)"


def test_trend_steady_and_not_enough_data() -> None:
    steady = [DiaryEntry(day(0), leaks=2), DiaryEntry(day(7), leaks=2)]
    points = progress.weekly_averages(steady, "leaks", day(0), day(13))
    assert "steady at about 2.0" in progress.describe_trend(points, "leaks per day", TODAY)
    one = progress.weekly_averages([DiaryEntry(day(0), leaks=2)], "leaks", day(0), day(6))
    assert "one week recorded so far" in progress.describe_trend(one, "leaks per day", TODAY)
    assert progress.describe_trend([], "leaks per day", TODAY).startswith("No leaks per day")


def test_pain_per_session_and_its_trend() -> None:
    sessions = [
        Session(date(2026, 3, 3), lines=(SessionLine("97110", 30),), pain_before=7, pain_after=5),
        Session(date(2026, 4, 3), lines=(SessionLine("97110", 30),)),  # no pain: left out
        Session(date(2026, 6, 3), lines=(SessionLine("97110", 30),), pain_before=3, pain_after=2),
    ]
    points = progress.pain_per_session(sessions, date(2026, 1, 1), TODAY)
    assert [(p.before, p.after) for p in points] == [(7, 5), (3, 2)]
    assert progress.describe_pain(points, TODAY) == (
        "Pain before visits down from 7/10 to 3/10 since March (better)"
    )


def test_sessions_per_month_includes_empty_months() -> None:
    sessions = [
        Session(date(2026, 4, 16)),
        Session(date(2026, 4, 1)),  # before the period start
        Session(date(2026, 4, 20)),
        Session(date(2026, 6, 2)),
        Session(date(2025, 1, 1)),  # outside the period
    ]
    months = progress.sessions_per_month(sessions, date(2026, 4, 15), TODAY)
    assert [(m.label, m.count) for m in months] == [
        ("Apr 2026", 2),
        ("May 2026", 0),
        ("Jun 2026", 1),
    ]


def test_period_ranges() -> None:
    assert progress.period_range("4w", TODAY) == (TODAY - timedelta(days=27), TODAY)
    assert progress.period_range("all", TODAY, date(2024, 2, 1)) == (date(2024, 2, 1), TODAY)
    assert progress.period_range("all", TODAY, None) == (TODAY, TODAY)
    with pytest.raises(ValueError):
        progress.period_range("decade", TODAY)


def test_headline_prefers_leaks_then_falls_back() -> None:
    leaks = [DiaryEntry(day(0), leaks=4, pain=5), DiaryEntry(day(7), leaks=2, pain=5)]
    assert progress.headline(leaks, day(0), day(13), TODAY).startswith("Leaks per day down")
    pain_only = [DiaryEntry(day(0), pain=6), DiaryEntry(day(7), pain=3)]
    assert progress.headline(pain_only, day(0), day(13), TODAY).startswith("Pain (0-10) down")
    assert progress.headline([], day(0), day(13), TODAY) == "No diary entries in this period"


def test_diary_summary() -> None:
    entries = [DiaryEntry(day(0), leaks=4, sets=0), DiaryEntry(day(7), leaks=2, sets=3)]
    summary = progress.diary_summary(entries, day(0), day(13), TODAY)
    assert summary.days == 2
    assert summary.averages["leaks"] == pytest.approx(3.0)
    assert summary.averages["pads"] is None
    assert summary.adherence.days_done == 1
    assert any(t.startswith("Exercise sets per day up") and "(better)" in t for t in summary.trends)


def test_monthly_buckets_for_long_periods() -> None:
    entries = [
        DiaryEntry(date(2026, 4, 10), leaks=4, sets=1),
        DiaryEntry(date(2026, 4, 20), leaks=2, sets=0),
        DiaryEntry(date(2026, 6, 1), leaks=1, sets=2),
    ]
    points = progress.averages(entries, "leaks", date(2026, 4, 5), TODAY, "month")
    assert [(p.start, p.value) for p in points] == [
        (date(2026, 4, 5), 3.0),  # the first month starts at the period's first day
        (date(2026, 5, 1), None),
        (date(2026, 6, 1), 1.0),
    ]
    shares = progress.adherence_series(entries, date(2026, 4, 5), TODAY, "month")
    assert [p.value for p in shares] == [0.5, None, 1.0]


# ---------------------------------------------------------------------------
# The diary model itself (model.DiaryEntry), as the diary commands and form rely on it


def test_diary_entry_round_trip_and_unrecorded_fields() -> None:
    entry = DiaryEntry("2026-03-01", leaks="2", pads=1, sets=0, note="long walk")
    assert (entry.date, entry.leaks, entry.urgency, entry.sets) == (date(2026, 3, 1), 2, None, 0)
    again = DiaryEntry.from_doc(entry.to_doc(), id=7)
    assert again == entry and again.id == 7


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"pain": 11}, "pain", "between 0 and 10"),
        ({"leaks": -1}, "leaks", "between 0 and 100"),
        ({"sets": "three"}, "sets", "whole number"),
        ({"pads": True}, "pads", "whole number"),
    ],
)
def test_diary_entry_refuses_bad_values(kwargs: dict, field: str, message: str) -> None:
    from floortrack.model import ValidationError

    with pytest.raises(ValidationError) as caught:
        DiaryEntry(date(2026, 3, 1), **kwargs)
    assert caught.value.field == field and message in caught.value.message


def test_diary_day_cannot_be_in_the_future() -> None:
    from floortrack.model import ValidationError

    with pytest.raises(ValidationError, match="A diary day cannot be in the future"):
        DiaryEntry(TODAY + timedelta(days=1), leaks=1).validate_for_entry(TODAY)
    assert DiaryEntry(TODAY, leaks=1).validate_for_entry(TODAY).leaks == 1


def test_pain_averages_per_week() -> None:
    lines = (SessionLine("97110", 30),)
    sessions = [
        Session(day(0), lines=lines, pain_before=6, pain_after=4),
        Session(day(2), lines=lines, pain_before=4),  # after not recorded
        Session(day(9), lines=lines, pain_before=2, pain_after=1),
    ]
    buckets = progress.pain_averages(sessions, day(0), day(20), "week")
    assert [(b.start, b.before, b.after, b.visits) for b in buckets] == [
        (day(0), 5.0, 4.0, 2),
        (day(7), 2.0, 1.0, 1),
        (day(14), None, None, 0),
    ]
