"""`floortrack session add|list|show|edit|delete`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from floortrack.model import VISIT_TYPES, Session, parse_date

from .clinics import add_visit_money_arguments, visit_money_changes
from .common import (
    UserError,
    add_limit_arguments,
    info,
    list_limit,
    not_shown,
    open_repo,
    parse_or_exit,
    positive_id,
    print_json,
    print_json_items,
    table,
)

if TYPE_CHECKING:
    from floortrack.store import Repository


def register(subparsers: Any) -> None:
    session = subparsers.add_parser("session", help="log and look up therapy visits")
    sub = session.add_subparsers(title="session commands", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="log a visit; prints its id")
    _visit_options(add, for_edit=False)
    add.set_defaults(handler=add_session)

    lst = sub.add_parser("list", help="list visits, oldest first")
    lst.add_argument("--from", dest="date_from", metavar="D", help="on or after this date")
    lst.add_argument("--to", dest="date_to", metavar="D", help="on or before this date")
    lst.add_argument("--code", help="only visits with this code")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    add_limit_arguments(lst, "visits")
    lst.set_defaults(handler=list_sessions)

    show = sub.add_parser("show", help="show one visit")
    show.add_argument("id", type=positive_id)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_session)

    edit = sub.add_parser("edit", help="change a visit (only the options given)")
    edit.add_argument("id", type=positive_id)
    _visit_options(edit, for_edit=True)
    edit.set_defaults(handler=edit_session)

    delete = sub.add_parser("delete", help="delete a visit")
    delete.add_argument("id", type=positive_id)
    delete.set_defaults(handler=delete_session)


def _visit_options(parser: argparse.ArgumentParser, for_edit: bool) -> None:
    parser.add_argument(
        "--date", metavar="D", help="YYYY-MM-DD" + ("" if for_edit else " (default: today)")
    )
    parser.add_argument("--provider", metavar="P", help="clinic or therapist")
    parser.add_argument("--visit-type", choices=VISIT_TYPES)
    parser.add_argument(
        "--code",
        dest="codes",
        metavar="CODE[:MINUTES]",
        nargs="+",
        action="extend",
        help="a code and its minutes, e.g. 97110:25 (untimed codes: just the code)"
        + ("; replaces all codes" if for_edit else ""),
    )
    parser.add_argument("--pain-before", metavar="N", help="pain 0-10 before the visit")
    parser.add_argument("--pain-after", metavar="N", help="pain 0-10 after the visit")
    parser.add_argument("--symptoms", metavar="TEXT")
    parser.add_argument("--note", metavar="TEXT")
    add_visit_money_arguments(parser)


def add_session(args: argparse.Namespace) -> int:
    from floortrack.actions.sessions import add_session as add

    repo = open_repo(args)
    visit = add(
        repo,
        codes=args.codes or [],
        date=args.date,
        provider=args.provider or "",
        visit_type=args.visit_type or "treatment",
        pain_before=args.pain_before,
        pain_after=args.pain_after,
        symptoms=args.symptoms or "",
        note=args.note or "",
        **visit_money_changes(args),
    )
    print(visit.id)
    info(f"Logged visit {visit.id} on {visit.date.isoformat()}.")
    return 0


def _in_range(s: Session, start: date | None, end: date | None) -> bool:
    return (start is None or s.date >= start) and (end is None or s.date <= end)


def _matching(
    repo: Repository, start: date | None, end: date | None, code: str | None
) -> list[Session]:
    """The visits that pass the filters, oldest first, building only those the stored
    dates and codes let through (the same test is then made on the visit itself)."""
    low = start.isoformat() if start else ""
    high = end.isoformat() if end else "9999"

    def keep(doc: dict[str, Any]) -> bool:
        day = str(doc.get("date", ""))
        codes = {str(line.get("code", "")).upper() for line in doc.get("lines", ())}
        return low <= day <= high and (code is None or code in codes)

    if start or end:  # only the months of the range are read
        candidates = repo.sessions.select(keep, within=(start or date.min, end or date.max))
    elif code:
        candidates = repo.sessions.select(keep)
    else:
        candidates = repo.sessions.all()
    return sorted(
        (s for s in candidates if _in_range(s, start, end) and (code is None or code in s.codes)),
        key=lambda s: (s.date, s.id or 0),
    )


def list_sessions(args: argparse.Namespace) -> int:
    start = parse_or_exit(parse_date, args.date_from, "from") if args.date_from else None
    end = parse_or_exit(parse_date, args.date_to, "to") if args.date_to else None
    code = args.code.strip().upper() if args.code else None
    limit = list_limit(args)
    repo = open_repo(args)
    if start or end or code or limit is None or limit >= len(repo.sessions):
        matching = _matching(repo, start, end, code)
        sessions = matching[-limit:] if limit is not None else matching
        hidden = len(matching) - len(sessions)
    else:
        # The newest page only: the other visits are counted, not built.
        sessions = repo.sessions.newest(limit)[::-1]
        hidden = len(repo.sessions) - len(sessions)
    if args.json:
        print_json_items(session_json(s) for s in sessions)
        return 0
    if not sessions:
        info(
            "No visits found."
            + (
                ""
                if len(repo.sessions)
                else " Log one with: floortrack session add --code 97110:25"
            )
        )
        return 0
    rows = [
        [
            str(s.id),
            s.date.isoformat(),
            s.provider or "-",
            s.visit_type,
            " ".join(str(ln) for ln in s.lines),
            _pain(s),
        ]
        for s in sessions
    ]
    print(table(rows, ["id", "date", "clinic", "type", "codes", "pain"]))
    not_shown(hidden, "visits")
    return 0


def _pain(s: Session) -> str:
    if s.pain_before is None and s.pain_after is None:
        return "-"
    return f"{_score(s.pain_before)}->{_score(s.pain_after)}"


def _score(value: int | None) -> str:
    return "?" if value is None else str(value)


def session_json(s: Session) -> dict[str, Any]:
    """The documented --json shape of a visit."""
    return {
        "id": s.id,
        "date": s.date,
        "provider": s.provider,
        "visit_type": s.visit_type,
        "codes": [{"code": ln.code, "minutes": ln.minutes} for ln in s.lines],
        "pain_before": s.pain_before,
        "pain_after": s.pain_after,
        "symptoms": s.symptoms,
        "note": s.note,
    }


def show_session(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    s = repo.sessions.get(args.id)
    if args.json:
        print_json(session_json(s))
        return 0
    print(f"Visit {s.id}  {s.date.isoformat()}  {s.provider or '(no clinic)'}  ({s.visit_type})")
    for ln in s.lines:
        minutes = "untimed" if ln.minutes is None else f"{ln.minutes} min"
        print(f"  {ln.code:<7} {minutes}")
    print(f"  pain: {_pain(s)}")
    if s.symptoms:
        print(f"  symptoms: {s.symptoms}")
    if s.note:
        print(f"  note: {s.note}")
    return 0


def edit_session(args: argparse.Namespace) -> int:
    from floortrack.actions.sessions import edit_session as edit

    changes: dict[str, Any] = {}
    if args.date is not None:
        changes["date"] = parse_or_exit(parse_date, args.date)
    for name in ("provider", "visit_type", "symptoms", "note"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("pain_before", "pain_after"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = None if value.strip().lower() in ("", "none", "-") else value
    if args.codes is not None:
        changes["lines"] = args.codes
    changes.update(visit_money_changes(args))
    if not changes:
        raise UserError("nothing to change: give at least one option, e.g. --note 'felt better'")
    edit(open_repo(args), args.id, changes)
    info(f"Updated visit {args.id}.")
    return 0


def delete_session(args: argparse.Namespace) -> int:
    from floortrack.actions.sessions import delete_session as delete

    old = delete(open_repo(args), args.id)
    info(f"Deleted visit {args.id} ({old.date.isoformat()} {old.provider}).")
    return 0
