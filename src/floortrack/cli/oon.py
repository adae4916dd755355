"""`floortrack claim reimbursement ID [--filed-by patient|clinic] [--received A] [--on D]
[--json]`, and `claim add --filed-by` (docs/BENEFITS.md, "Claims you file yourself")."""

from __future__ import annotations

import argparse
from typing import Any

from floortrack.model import FILED_BY

from .common import info, money_text, open_repo, positive_id, print_json


def add_filing_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--filed-by",
        choices=FILED_BY,
        help="who sent the claim (default clinic; patient: you filed it, out of network)",
    )


def filing_fields(args: argparse.Namespace) -> dict[str, Any]:
    value = getattr(args, "filed_by", None)
    return {} if value is None else {"filed_by": value}


def register_claim(sub: Any) -> None:
    cmd = sub.add_parser(
        "reimbursement",
        help="a claim you filed: reimbursement expected, received, and paid to the clinic",
    )
    cmd.add_argument("id", type=positive_id)
    add_filing_arguments(cmd)
    cmd.add_argument(
        "--received", metavar="A", help="the total the plan has sent you so far ('none' clears)"
    )
    cmd.add_argument("--on", metavar="D", help="when it arrived (default: today)")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.set_defaults(handler=reimbursement_command)


def reimbursement_command(args: argparse.Namespace) -> int:
    from floortrack.actions.oon import record_filing, reimbursement_for

    repo = open_repo(args)
    claim = record_filing(
        repo, args.id, filed_by=args.filed_by, received=args.received, received_on=args.on
    )
    if args.filed_by is not None or args.received is not None:
        info(f"Updated claim {claim.id}.")
    money = reimbursement_for(repo, claim)
    if args.json:
        print_json(
            {
                "id": claim.id,
                "filed_by": claim.filed_by,
                "expected": money.expected,
                "basis": money.basis,
                "received": money.received,
                "received_on": claim.reimbursed_on,
                "outstanding": money.outstanding,
                "clinic_paid": money.clinic_paid,
            }
        )
        return 0
    who = "you (out of network)" if claim.filed_by == "patient" else "the clinic"
    print(f"Claim {claim.id} with {claim.payer}, filed by {who}")
    print(f"  Paid to the clinic:   {money_text(money.clinic_paid)}")
    print(f"  Expected from plan:   {money_text(money.expected)} ({money.basis})")
    received = money_text(money.received)
    when = f" on {claim.reimbursed_on.isoformat()}" if claim.reimbursed_on else ""
    print(f"  Received:             {received}{when}")
    if money.outstanding is not None:
        print(f"  Still to come:        {money_text(money.outstanding)}")
    return 0
