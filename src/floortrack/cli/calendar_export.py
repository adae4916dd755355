"""`floortrack calendar --out FILE.ics`: deadlines and follow-ups for your own calendar."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import info, open_repo


def register(subparsers: Any) -> None:
    cal = subparsers.add_parser(
        "calendar",
        help="write deadlines and follow-ups as a calendar file (.ics) to import",
        description="Write appeal deadlines, filing limits, authorisation ends, appeal "
        "decisions due and call follow-ups as all-day events with a reminder a week before. "
        "Past and settled items are left out. Each event keeps its identity, so importing a "
        "newer file updates the events instead of adding copies.",
    )
    cal.add_argument("--out", required=True, metavar="FILE.ics", help="where to write it")
    cal.set_defaults(handler=calendar_command)


def calendar_command(args: argparse.Namespace) -> int:
    from floortrack.actions.calendar import write_calendar

    repo = open_repo(args)
    written = write_calendar(repo, Path(args.out))
    print(written.path)
    count = len(written.items)
    if count:
        first = written.items[0]
        info(
            f"Wrote {count} event{'s' if count != 1 else ''} to {written.path}; the first is "
            f"{first.day.isoformat()}: {first.title}. Import the file into your calendar app."
        )
    else:
        info(f"Wrote {written.path}: nothing upcoming to remind you of.")
    return 0
