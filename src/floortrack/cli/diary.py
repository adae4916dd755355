"""`floortrack diary add|list|show|edit|delete`: the daily symptom and exercise diary."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from floortrack.model import parse_date

from .common import UserError, info, open_repo, parse_or_exit, positive_id, print_json, table

if TYPE_CHECKING:
    from floortrack.model import DiaryEntry

# option name -> (DiaryEntry field, help)
MEASURES: tuple[tuple[str, str], ...] = (
    ("leaks", "leaks (accidents) that day"),
    ("pads", "pads used"),
    ("urgency", "sudden strong urges"),
    ("trips", "bathroom trips"),
    ("pain", "pain 0-10"),
    ("sets", "exercise sets done"),
)


def register(subparsers: Any) -> None:
    diary = subparsers.add_parser("diary", help="daily symptom and exercise diary")
    sub = diary.add_subparsers(title="diary commands", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="record a day; prints its id")
    _measure_options(add, for_edit=False)
    add.set_defaults(handler=add_entry)

    lst = sub.add_parser("list", help="list diary days, oldest first")
    lst.add_argument("--from", dest="date_from", metavar="D", help="on or after this date")
    lst.add_argument("--to", dest="date_to", metavar="D", help="on or before this date")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=list_entries)

    show = sub.add_parser("show", help="show one diary day")
    show.add_argument("id", type=positive_id)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_entry)

    edit = sub.add_parser(
        "edit", help="change a diary day (only the options given; '-' clears a number)"
    )
    edit.add_argument("id", type=positive_id)
    _measure_options(edit, for_edit=True)
    edit.set_defaults(handler=edit_entry)

    delete = sub.add_parser("delete", help="delete a diary day")
    delete.add_argument("id", type=positive_id)
    delete.set_defaults(handler=delete_entry)


def _measure_options(parser: argparse.ArgumentParser, for_edit: bool) -> None:
    parser.add_argument(
        "--date", metavar="D", help="YYYY-MM-DD" + ("" if for_edit else " (default: today)")
    )
    for name, text in MEASURES:
        parser.add_argument(f"--{name}", metavar="N", help=text)
    parser.add_argument("--note", metavar="TEXT")


def _number(value: str | None) -> str | None:
    """'-' or 'none' clears a number on edit; otherwise the model checks the value."""
    if value is None or value.strip().lower() in ("", "-", "none"):
        return None
    return value


def entry_json(e: DiaryEntry) -> dict[str, Any]:
    """The documented --json shape of a diary day."""
    return {
        "id": e.id,
        "date": e.date,
        "leaks": e.leaks,
        "pads": e.pads,
        "urgency": e.urgency,
        "trips": e.trips,
        "pain": e.pain,
        "sets": e.sets,
        "note": e.note,
    }


def add_entry(args: argparse.Namespace) -> int:
    from floortrack.actions.diary import add_entry as add
    from floortrack.actions.errors import Refused

    values = {name: getattr(args, name) for name, _ in MEASURES}
    if all(v is None for v in values.values()) and not args.note:
        raise UserError(
            "nothing to record: give at least one of --leaks --pads --urgency --trips --pain "
            "--sets or --note"
        )
    try:
        entry = add(open_repo(args), date=args.date, note=args.note or "", **values)
    except Refused as exc:
        # One line per day keeps weekly averages honest; point at the way to change it.
        raise UserError(
            f"{exc.message}: change it with `floortrack diary edit {exc.ref} --leaks N ...`"
        ) from None
    print(entry.id)
    info(f"Recorded diary day {entry.date.isoformat()} (id {entry.id}).")
    return 0


def list_entries(args: argparse.Namespace) -> int:
    start = parse_or_exit(parse_date, args.date_from, "from") if args.date_from else None
    end = parse_or_exit(parse_date, args.date_to, "to") if args.date_to else None
    repo = open_repo(args)
    entries = sorted(
        (
            e
            for e in repo.diary.all()
            if (start is None or e.date >= start) and (end is None or e.date <= end)
        ),
        key=lambda e: (e.date, e.id or 0),
    )
    if args.json:
        print_json([entry_json(e) for e in entries])
        return 0
    if not entries:
        info(
            "No diary days found."
            + (
                ""
                if len(repo.diary)
                else " Record one with: floortrack diary add --leaks 2 --sets 3"
            )
        )
        return 0

    def cell(value: int | None) -> str:
        return "-" if value is None else str(value)

    rows = [
        [str(e.id), e.date.isoformat()]
        + [cell(getattr(e, name)) for name, _ in MEASURES]
        + [e.note.replace("\n", " ")[:40]]
        for e in entries
    ]
    print(table(rows, ["id", "date", "leaks", "pads", "urgency", "trips", "pain", "sets", "note"]))
    return 0


def show_entry(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    e = repo.diary.get(args.id)
    if args.json:
        print_json(entry_json(e))
        return 0
    print(f"Diary day {e.id}  {e.date.isoformat()}")
    for name, text in MEASURES:
        value = getattr(e, name)
        print(f"  {name:<8} {'-' if value is None else value}   ({text})")
    if e.note:
        print(f"  note: {e.note}")
    return 0


def edit_entry(args: argparse.Namespace) -> int:
    from floortrack.actions.diary import edit_entry as edit
    from floortrack.actions.errors import Refused

    changes: dict[str, Any] = {}
    if args.date is not None:
        changes["date"] = parse_or_exit(parse_date, args.date)
    for name, _ in MEASURES:
        value = getattr(args, name)
        if value is not None:
            changes[name] = _number(value)
    if args.note is not None:
        changes["note"] = args.note
    if not changes:
        raise UserError("nothing to change: give at least one option, e.g. --leaks 1")
    try:
        new = edit(open_repo(args), args.id, changes)
    except Refused as exc:
        raise UserError(f"{exc.message}: edit or delete that day instead") from None
    info(f"Updated diary day {args.id} ({new.date.isoformat()}).")
    return 0


def delete_entry(args: argparse.Namespace) -> int:
    from floortrack.actions.diary import delete_entry as delete

    old = delete(open_repo(args), args.id)
    info(f"Deleted diary day {args.id} ({old.date.isoformat()}).")
    return 0
