"""`floortrack claim add|update|list|show|delete` (and the money/appeal actions of claim_money)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from floortrack.model import CLAIM_STATUSES, MONEY_FIELDS, Claim, parse_money

from . import calls, claim_money, documents, letters
from .common import (
    UserError,
    add_limit_arguments,
    info,
    list_limit,
    money_text,
    not_shown,
    open_repo,
    parse_or_exit,
    positive_id,
    print_json,
    print_json_items,
    table,
)
from .oon import add_filing_arguments, filing_fields, register_claim

if TYPE_CHECKING:
    from floortrack.store import Repository

EOB_AMOUNTS = MONEY_FIELDS[1:]  # every amount on the claim except what was billed


def register(subparsers: Any) -> None:
    claim = subparsers.add_parser("claim", help="track insurance claims")
    sub = claim.add_subparsers(title="claim commands", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="record a submitted claim; prints its id")
    add.add_argument(
        "--service-date",
        dest="service_dates",
        metavar="D",
        nargs="+",
        action="extend",
        required=True,
        help="date(s) of the visits billed",
    )
    add.add_argument("--payer", required=True, metavar="P", help="the insurance company")
    add.add_argument("--claim-number", metavar="N", default="")
    add.add_argument("--billed", required=True, metavar="AMOUNT", help="total billed, e.g. 240.00")
    add.add_argument(
        "--units",
        metavar="CODE:UNITS",
        nargs="+",
        action="extend",
        default=[],
        help="billed units per code with any modifiers as the EOB prints them, "
        "e.g. 97110-GP:2 97140-GP-59:1",
    )
    add.add_argument(
        "--pos", metavar="NN", default="", help="place of service code, e.g. 11 (office)"
    )
    add.add_argument(
        "--session",
        dest="sessions",
        metavar="ID",
        type=positive_id,
        nargs="+",
        action="extend",
        default=[],
        help="linked visits (default: the visits on the service dates)",
    )
    add.add_argument(
        "--submitted", metavar="D", help="date submitted (default: the last service date)"
    )
    add.add_argument("--note", metavar="TEXT", default="")
    add_filing_arguments(add)
    add.set_defaults(handler=add_claim)

    upd = sub.add_parser("update", help="record a status change or what the EOB says")
    upd.add_argument("id", type=positive_id)
    upd.add_argument("--status", choices=CLAIM_STATUSES)
    upd.add_argument("--on", metavar="D", help="date of the change (default: today)")
    for name in EOB_AMOUNTS:
        upd.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="A")
    upd.add_argument("--billed", metavar="A")
    upd.add_argument("--claim-number", metavar="N")
    upd.add_argument(
        "--units",
        metavar="CODE:UNITS",
        nargs="+",
        action="extend",
        help="replace the billed lines, e.g. 97110-GP:2 97140-GP-59:1",
    )
    upd.add_argument("--pos", metavar="NN", help="place of service code, e.g. 11 (office)")
    upd.add_argument(
        "--denial",
        dest="denials",
        metavar="CODE",
        nargs="+",
        action="extend",
        help="denial/adjustment reason codes from the EOB, e.g. CO-97 PR-2",
    )
    upd.add_argument(
        "--adjustment",
        dest="adjustments",
        metavar="GRP-RSN:AMOUNT[:CODE]",
        nargs="+",
        action="extend",
        help="EOB adjustments, e.g. CO-45:60.00",
    )
    upd.add_argument("--note", metavar="TEXT")
    upd.set_defaults(handler=update_claim)

    lst = sub.add_parser("list", help="list claims, oldest service first")
    lst.add_argument("--status", choices=CLAIM_STATUSES)
    lst.add_argument("--json", action="store_true")
    add_limit_arguments(lst, "claims")
    lst.set_defaults(handler=list_claims)

    show = sub.add_parser("show", help="show one claim with its history")
    show.add_argument("id", type=positive_id)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_claim)

    delete = sub.add_parser("delete", help="delete a claim")
    delete.add_argument("id", type=positive_id)
    delete.set_defaults(handler=delete_claim)

    claim_money.register_claim(sub)  # pay / appeal / correct live beside the claims rules
    register_claim(sub)  # reimbursement of a claim you filed (cli/oon.py)
    letters.register_claim(sub)  # letter: cli/letters.py
    documents.register_claim(sub)  # attach / documents: cli/documents.py


def add_claim(args: argparse.Namespace) -> int:
    from floortrack.actions.claims import add_claim as add

    repo = open_repo(args)
    added = add(
        repo,
        service_dates=args.service_dates,
        payer=args.payer,
        billed=args.billed,
        claim_number=args.claim_number,
        units=args.units,
        session_ids=args.sessions,
        submitted=args.submitted,
        note=args.note,
        place_of_service=args.pos or "",
        **filing_fields(args),
    )
    claim = added.claim
    print(claim.id)
    linked = claim.session_ids
    note = (
        f", linked to visit(s) {', '.join(map(str, linked))}"
        if linked
        else " (no logged visit on those dates)"
    )
    assumed = (
        f" Submitted date assumed {claim.submitted.isoformat()} (the last service date); "
        f"give --submitted D if you know it."
        if added.submitted_assumed and claim.submitted
        else ""
    )
    info(f"Recorded claim {claim.id} to {claim.payer}{note}.{assumed}")
    return 0


def update_claim(args: argparse.Namespace) -> int:
    from floortrack.actions.claims import update_claim as update

    changes: dict[str, Any] = {}
    for name in (*EOB_AMOUNTS, "billed"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = parse_or_exit(parse_money, value, name) if value.strip() else None
    if args.claim_number is not None:
        changes["claim_number"] = args.claim_number
    if args.pos is not None:
        changes["place_of_service"] = args.pos
    if args.units is not None:
        changes["lines"] = args.units
    if args.denials is not None:
        changes["denial_codes"] = args.denials
    if args.adjustments is not None:
        changes["adjustments"] = args.adjustments
    if args.note is not None and args.status is None:
        changes["note"] = args.note
    if not changes and args.status is None:
        raise UserError("nothing to change: give --status and/or EOB amounts such as --paid 80.00")
    if args.on is not None and args.status is None:
        raise UserError("--on dates a status change: give --status too")
    claim = update(
        open_repo(args),
        args.id,
        changes,
        status=args.status,
        on=args.on,
        status_note=(args.note or "") if args.status is not None else "",
    )
    info(f"Updated claim {args.id}: {claim.status}.")
    from floortrack.billing.eob import check_eob

    for finding in check_eob(claim):  # said now, while the EOB is at hand
        info(f"Check: {finding.message} {finding.ask}")
    return 0


def claim_json(c: Claim) -> dict[str, Any]:
    """The documented --json shape of a claim."""
    doc: dict[str, Any] = {"id": c.id, **c.to_doc()}
    doc["units"] = c.units
    doc["patient_paid"] = c.patient_paid
    return doc


def _claim_order(c: Claim) -> tuple[date, int]:
    return (c.first_service, c.id or 0)


def _newest_claims(repo: Repository, limit: int) -> list[Claim]:
    """The `limit` claims with the latest first service date, oldest first, building only
    those (and any sharing the oldest of those dates, so ties are settled by id as in the
    full list)."""
    newest = repo.claims.newest(limit, key="service_dates")
    if not newest:
        return []
    edge = min(c.first_service for c in newest)
    edge_text = edge.isoformat()
    tied = repo.claims.select(
        lambda doc: doc.get("service_dates", [""])[:1] == [edge_text], within=(edge, edge)
    )
    chosen = {c.id: c for c in newest if c.first_service > edge}
    chosen.update((c.id, c) for c in tied if c.first_service == edge)
    return sorted(chosen.values(), key=_claim_order)[-limit:]


def list_claims(args: argparse.Namespace) -> int:
    limit = list_limit(args)
    repo = open_repo(args)
    if args.status is not None or limit is None or limit >= len(repo.claims):
        candidates = (
            repo.claims.select(lambda doc: doc.get("status") == args.status)
            if args.status is not None
            else repo.claims.all()
        )
        matching = sorted(
            (c for c in candidates if args.status is None or c.status == args.status),
            key=_claim_order,
        )
        claims = matching[-limit:] if limit is not None else matching
        hidden = len(matching) - len(claims)
    else:
        # The newest page only: the other claims are counted, not built.
        claims = _newest_claims(repo, limit)
        hidden = len(repo.claims) - len(claims)
    if args.json:
        print_json_items(claim_json(c) for c in claims)
        return 0
    if not claims:
        info(
            "No claims found."
            + (
                ""
                if len(repo.claims)
                else " Record one with: floortrack claim add --service-date D --payer P --billed A"
            )
        )
        return 0
    rows = [
        [
            str(c.id),
            c.first_service.isoformat(),
            c.payer,
            c.claim_number or "-",
            c.status,
            money_text(c.billed),
            money_text(c.paid),
            money_text(c.patient_owes),
        ]
        for c in claims
    ]
    print(
        table(
            rows, ["id", "service", "payer", "claim #", "status", "billed", "plan paid", "you owe"]
        )
    )
    not_shown(hidden, "claims")
    return 0


def show_claim(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    c = repo.claims.get(args.id)
    if args.json:
        print_json(claim_json(c))
        return 0
    dates = ", ".join(d.isoformat() for d in c.service_dates)
    print(f"Claim {c.id}  {c.payer}  {c.claim_number or '(no claim number)'}  [{c.status}]")
    print(f"  service dates: {dates}")
    if c.lines:
        print("  units: " + " ".join(f"{ln.coded} x{ln.units}" for ln in c.lines))
    if c.place_of_service:
        print(f"  place of service: {c.place_of_service}")
    for name in ("billed", *EOB_AMOUNTS):
        value = getattr(c, name)
        if value is not None:
            print(f"  {name.replace('_', ' ')}: {money_text(value)}")
    if c.payments:
        print(f"  you paid the clinic: {money_text(c.patient_paid)}")
    if c.session_ids:
        print(
            "  visits: "
            + ", ".join(
                f"{i}" + ("" if repo.sessions.exists(i) else " (deleted)") for i in c.session_ids
            )
        )
    if c.denial_codes:
        print(
            "  denial codes: "
            + " ".join(c.denial_codes)
            + "   (floortrack explain "
            + " ".join(c.denial_codes)
            + ")"
        )
    print("  history:")
    for index, h in enumerate(c.history):
        fix = f" (corrects entry {h.corrects})" if h.corrects is not None else ""
        note = f" - {h.note}" if h.note else ""
        print(f"    {index}. {h.on.isoformat()}  {h.status}{fix}{note}")
    if c.note:
        print(f"  note: {c.note}")
    calls.print_claim_evidence(repo, args.id)  # calls and documents (cli/calls.py)
    return 0


def delete_claim(args: argparse.Namespace) -> int:
    from floortrack.actions.claims import delete_claim as delete

    old = delete(open_repo(args), args.id)
    info(f"Deleted claim {args.id} ({old.payer}, {old.first_service.isoformat()}).")
    return 0
