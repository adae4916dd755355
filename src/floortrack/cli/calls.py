"""`floortrack call add|list|edit|delete`: the call and evidence log (actions/calls.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .common import UserError, info, open_repo, positive_id, print_json, table

if TYPE_CHECKING:
    from floortrack.model import Call
    from floortrack.store import Repository


def _claim_or_none(text: str) -> int | None:
    """argparse type for --claim on edit: an id, or "none" to unlink the call."""
    if text.strip().lower() in ("none", "-", ""):
        return None
    return positive_id(text)


def register(subparsers: Any) -> None:
    call = subparsers.add_parser(
        "call",
        help="log calls with the insurer or clinic: who, reference, what was said, follow-up",
    )
    sub = call.add_subparsers(title="call commands", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="log a call; prints its id")
    add.add_argument(
        "--with",
        dest="with_whom",
        required=True,
        metavar="NAME",
        help="who you called: the insurer or the clinic",
    )
    add.add_argument("--claim", type=positive_id, metavar="ID", help="the claim it was about")
    add.add_argument("--rep", default="", metavar="NAME", help="the representative's name")
    add.add_argument(
        "--ref", dest="reference", default="", metavar="REF", help="the call's reference number"
    )
    add.add_argument("--on", metavar="D", help="the day of the call (default: today)")
    add.add_argument(
        "--follow-up",
        dest="follow_up",
        metavar="D",
        help="the day to check back by (listed in `floortrack attention`)",
    )
    add.add_argument("--note", required=True, metavar="TEXT", help="what was said or agreed")
    add.set_defaults(handler=add_command)

    lst = sub.add_parser("list", help="list calls, oldest first")
    lst.add_argument("--claim", type=positive_id, metavar="ID", help="only this claim's calls")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=list_command)

    edit = sub.add_parser("edit", help="change a logged call (only the fields given)")
    edit.add_argument("id", type=positive_id)
    edit.add_argument("--with", dest="with_whom", metavar="NAME")
    edit.add_argument(
        "--claim",
        type=_claim_or_none,
        metavar="ID",
        default=argparse.SUPPRESS,
        help='the claim it was about ("none" to unlink)',
    )
    edit.add_argument("--rep", metavar="NAME")
    edit.add_argument("--ref", dest="reference", metavar="REF")
    edit.add_argument("--on", metavar="D")
    edit.add_argument(
        "--follow-up", dest="follow_up", metavar="D", help='the day to check back by ("" to clear)'
    )
    edit.add_argument("--note", metavar="TEXT")
    edit.set_defaults(handler=edit_command)

    delete = sub.add_parser("delete", help="delete a logged call")
    delete.add_argument("id", type=positive_id)
    delete.set_defaults(handler=delete_command)


def add_command(args: argparse.Namespace) -> int:
    from floortrack.actions.calls import add_call

    repo = open_repo(args)
    call = add_call(
        repo,
        with_whom=args.with_whom,
        note=args.note,
        on=args.on,
        claim_id=args.claim,
        rep=args.rep,
        reference=args.reference,
        follow_up=args.follow_up,
    )
    print(call.id)
    about = f" about claim {call.claim_id}" if call.claim_id else ""
    follow = f"; follow up by {call.follow_up.isoformat()}" if call.follow_up else ""
    info(f"Logged call {call.id} with {call.with_whom} on {call.on.isoformat()}{about}{follow}.")
    return 0


def call_json(call: Call) -> dict[str, Any]:
    return {"id": call.id, **call.to_doc()}


def list_command(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    calls = sorted(
        (c for c in repo.calls.all() if args.claim is None or c.claim_id == args.claim),
        key=lambda c: (c.on, c.id or 0),
    )
    if args.json:
        print_json([call_json(c) for c in calls])
        return 0
    if not calls:
        info(
            "No calls logged."
            + ("" if len(repo.calls) else " Log one with: floortrack call add --with P --note TEXT")
        )
        return 0
    rows = [
        [
            str(c.id),
            c.on.isoformat(),
            c.with_whom,
            str(c.claim_id) if c.claim_id else "-",
            c.rep or "-",
            c.reference or "-",
            c.follow_up.isoformat() if c.follow_up else "-",
            c.note if len(c.note) <= 50 else c.note[:49] + "…",
        ]
        for c in calls
    ]
    print(table(rows, ["id", "on", "with", "claim", "rep", "reference", "follow up", "note"]))
    return 0


def edit_command(args: argparse.Namespace) -> int:
    from floortrack.actions.calls import edit_call

    changes: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("with_whom", "rep", "reference", "on", "follow_up", "note")
        if getattr(args, name) is not None
    }
    if hasattr(args, "claim"):
        changes["claim_id"] = args.claim
    if not changes:
        raise UserError("nothing to change: give e.g. --note TEXT or --follow-up D")
    repo = open_repo(args)
    call = edit_call(repo, args.id, changes)
    info(f"Updated call {call.id} with {call.with_whom} on {call.on.isoformat()}.")
    return 0


def delete_command(args: argparse.Namespace) -> int:
    from floortrack.actions.calls import delete_call

    repo = open_repo(args)
    old = delete_call(repo, args.id)
    info(f"Deleted call {args.id} ({old.with_whom}, {old.on.isoformat()}).")
    return 0


def call_line(call: Call) -> str:
    """One call as a claim's history shows it."""
    who = f"{call.with_whom}" + (f" ({call.rep})" if call.rep else "")
    ref = f" ref {call.reference}" if call.reference else ""
    follow = f" [follow up by {call.follow_up.isoformat()}]" if call.follow_up else ""
    return f"{call.on.isoformat()}  call {call.id} with {who}{ref}: {call.note}{follow}"


def print_claim_evidence(repo: Repository, claim_id: int) -> None:
    """The calls and documents kept with a claim, for `claim show` (one hook line there)."""
    from floortrack.billing.followups import calls_for_claim

    calls = calls_for_claim(repo.calls.all(), claim_id)
    if calls:
        print("  calls:")
        for call in calls:
            print(f"    {call_line(call)}")
    documents = sorted(
        (d for d in repo.documents.all() if d.claim_id == claim_id),
        key=lambda d: (d.added, d.id or 0),
    )
    if documents:
        print("  documents:")
        for d in documents:
            print(f"    {d.id}. {d.added.isoformat()}  {d.kind:<12} {d.name}  ({d.size:,} bytes)")
