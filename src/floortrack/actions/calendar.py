"""Export the reminders (billing/reminders.py) as an .ics calendar file, private (0600)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from floortrack import clock
from floortrack.billing.reminders import Reminder, reminders
from floortrack.store import Repository
from floortrack.store.atomic import atomic_write_bytes

from .errors import ValidationError


@dataclass(frozen=True)
class WrittenCalendar:
    path: Path
    items: tuple[Reminder, ...]


def write_calendar(
    repo: Repository, out: Path, *, today: date | None = None, stamp: datetime | None = None
) -> WrittenCalendar:
    """Write every upcoming reminder to `out` (an .ics file); ValidationError for a bad path."""
    from floortrack.reports.calendar_ics import render_ics

    target = Path(out).expanduser()
    if target.suffix.lower() != ".ics":
        raise ValidationError(f"'{target.name}' does not end in .ics (a calendar file)", "out")
    if target.is_dir():
        raise ValidationError(f"{target} is a folder: add a file name", "out")
    if not target.parent.is_dir():
        raise ValidationError(f"the folder {target.parent} does not exist", "out")
    target = target.resolve()
    if target == repo.path.resolve():
        raise ValidationError("the calendar would overwrite your data file", "out")
    now = today or clock.today()
    items = reminders(
        repo.sessions.all(),
        repo.claims.all(),
        repo.plans.all(),
        repo.auths.all(),
        repo.calls.all(),
        now,
    )
    payload = render_ics(items, stamp or datetime.now(UTC))
    try:
        atomic_write_bytes(target, payload)
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}", "out") from None
    return WrittenCalendar(target, tuple(items))
