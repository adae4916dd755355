"""Calendar reminders: what is listed, stable keys, past and settled items left out, and the
.ics file a calendar app imports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from floortrack.billing.reminders import reminders
from floortrack.model import Appeal, Authorization, Call, Claim, Plan, Session, StatusChange
from floortrack.reports.calendar_ics import render_ics

TODAY = date(2026, 5, 20)
PLAN = Plan("Aetna", "commercial", id=1)


def denied(cid: int, on: date, **kw: object) -> Claim:
    return Claim(
        (date(2026, 3, 2),),
        "Aetna",
        "240.00",
        claim_number=f"A{cid}",
        status="denied",
        history=(StatusChange("submitted", date(2026, 3, 5)), StatusChange("denied", on)),
        denial_codes=("CO-50",),
        id=cid,
        **kw,  # type: ignore[arg-type]
    )


def test_every_kind_of_reminder_with_a_stable_key() -> None:
    claims = [
        denied(1, date(2026, 3, 28)),
        denied(2, date(2026, 3, 28), appeals=(Appeal(1, date(2026, 5, 1)),)),
    ]
    sessions = [Session(date(2026, 5, 10), "Bloom PT", id=7)]
    auths = [Authorization("Aetna", 12, date(2026, 1, 15), date(2026, 6, 30), "AU-1", id=3)]
    calls = [
        Call(
            "Aetna", date(2026, 5, 1), "will reprocess", 1, "Jordan", "R-9", date(2026, 6, 1), id=5
        )
    ]
    found = {r.key: r for r in reminders(sessions, claims, [PLAN], auths, calls, TODAY)}
    assert found["appeal-deadline-claim-1-level-1"].day == date(2026, 9, 24)
    assert found["appeal-decision-claim-2-level-1"].day == date(2026, 6, 30)
    assert found["filing-limit-session-7"].day == date(2026, 8, 8)
    assert found["filing-limit-session-7"].typical
    assert found["auth-end-3"].day == date(2026, 6, 30)
    follow = found["call-follow-up-5"]
    assert follow.day == date(2026, 6, 1) and "R-9" in follow.detail
    assert len(found) == 5


def test_past_and_settled_items_are_left_out() -> None:
    won = denied(
        1, date(2026, 3, 28), appeals=(Appeal(1, date(2026, 4, 1), "won", date(2026, 5, 1)),)
    )
    paid = Claim((date(2026, 3, 2),), "Aetna", "1.00", status="paid", id=2, denial_codes=("CO-97",))
    late = denied(3, date(2025, 1, 5))  # the 180 days ran out in 2025
    old_auth = Authorization("Aetna", 12, date(2025, 1, 1), date(2025, 6, 30), id=4)
    renewed = Authorization("Aetna", 12, date(2026, 1, 1), date(2026, 6, 30), id=5)
    extension = Authorization("Aetna", 12, date(2026, 6, 1), date(2026, 12, 31), id=6)
    calls = [
        Call("Aetna", date(2026, 5, 1), "past", None, follow_up=date(2026, 5, 10), id=1),
        Call("Aetna", date(2026, 5, 1), "on a paid claim", 2, follow_up=date(2026, 6, 1), id=2),
    ]
    keys = {
        r.key
        for r in reminders(
            [], [won, paid, late], [PLAN], [old_auth, renewed, extension], calls, TODAY
        )
    }
    assert keys == {"auth-end-6"}


def test_the_ics_has_all_day_events_a_week_alarm_and_stable_uids() -> None:
    claims = [denied(1, date(2026, 3, 28))]
    first = render_ics(
        reminders([], claims, [PLAN], [], [], TODAY), datetime(2026, 5, 20, 9, tzinfo=UTC)
    )
    [event] = Calendar.from_ical(first).walk("VEVENT")
    assert str(event["uid"]) == "appeal-deadline-claim-1-level-1@floortrack.local"
    assert event.decoded("dtstart") == date(2026, 9, 24)  # a date, not a time: all day
    assert event.decoded("dtend") == date(2026, 9, 25)
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(days=7)
    assert "A1" in str(event["summary"])
    # a later export (the denial date corrected) keeps the UID: the event is updated
    moved = [denied(1, date(2026, 4, 2))]
    second = render_ics(
        reminders([], moved, [PLAN], [], [], TODAY), datetime(2026, 5, 21, 9, tzinfo=UTC)
    )
    [again] = Calendar.from_ical(second).walk("VEVENT")
    assert str(again["uid"]) == str(event["uid"])
    assert again.decoded("dtstart") == date(2026, 9, 29)
    assert again.decoded("dtstamp") > event.decoded("dtstamp")
