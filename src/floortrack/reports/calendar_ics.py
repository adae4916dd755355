"""Reminders as an iCalendar file (RFC 5545, the `icalendar` library): one all-day event per
reminder with an alarm a week before, and a UID made from the reminder's stable key, so
importing a newer file updates the events instead of duplicating them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from floortrack import __version__
from floortrack.billing.reminders import Reminder

UID_DOMAIN = "floortrack.local"
ALARM_BEFORE = timedelta(days=7)


def render_ics(items: Sequence[Reminder], stamp: datetime) -> bytes:
    """The calendar's bytes. `stamp` (when it was made) goes into DTSTAMP and LAST-MODIFIED,
    so a calendar app can tell this export is newer than one imported before."""
    stamp = stamp.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", f"-//floortrack//floortrack {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "floortrack: claims and appeals")
    for item in items:
        event = Event()
        event.add("uid", f"{item.key}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("dtstart", item.day)  # a date: an all-day event
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.title)
        event.add("description", item.detail)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy block
        event.add("categories", [item.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In a week: {item.title}")
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
