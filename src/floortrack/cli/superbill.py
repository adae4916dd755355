"""`floortrack superbill --clinic NAME --from D --to D [--diagnosis ICD10 ...]
(--out FILE | --check)`: the itemised statement for a claim you file yourself.

The rules are in billing/superbill.py; actions/superbill.py gathers and writes
(docs/BENEFITS.md, "Superbills").
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .common import UserError, info, open_repo, print_json

if TYPE_CHECKING:
    from floortrack.billing.superbill import Superbill


def register(subparsers: Any) -> None:
    cmd = subparsers.add_parser(
        "superbill",
        help="an itemised superbill for an out-of-network claim (PDF, HTML or Markdown)",
        description="Build the statement an insurer needs for a claim you file yourself, from "
        "your visits at one clinic; --check lists what an insurer would reject (exit 1 if "
        "anything), and the same check runs before a file is written.",
    )
    cmd.add_argument("--clinic", required=True, metavar="NAME", help="the clinic (name or id)")
    cmd.add_argument("--from", dest="start", required=True, metavar="D", help="first day")
    cmd.add_argument("--to", dest="end", required=True, metavar="D", help="last day")
    cmd.add_argument(
        "--diagnosis",
        metavar="ICD10",
        nargs="+",
        action="extend",
        default=[],
        help="diagnosis codes from your referral or plan of care, e.g. N39.41 M62.89 "
        "(default: your profile's, `profile set --diagnosis`)",
    )
    cmd.add_argument(
        "--payer",
        metavar="P",
        help="the plan to file with (default: the one "
        "the clinic is out of network with, or your only plan)",
    )
    what = cmd.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", metavar="FILE", help="write it (.pdf, .html or .md; PDF default)")
    what.add_argument("--check", action="store_true", help="list problems only, write nothing")
    cmd.add_argument(
        "--record-claim",
        action="store_true",
        help="with --out: also record the claim you are sending (filed by you, today)",
    )
    cmd.add_argument("--paper", choices=("letter", "a4"), default="letter")
    cmd.add_argument("--json", action="store_true", help="with --check: findings as JSON")
    cmd.set_defaults(handler=superbill_command)


def _print_findings(bill: Superbill) -> None:
    for finding in bill.findings:
        where = f"{finding.day.isoformat()} " if finding.day else ""
        code = f"{finding.code}: " if finding.code and finding.where == "line" else ""
        print(f"  - [{finding.where}] {where}{code}{finding.message}", file=sys.stderr)


def superbill_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from floortrack.actions.superbill import prepare_superbill, write_superbill

    repo = open_repo(args)
    bill = prepare_superbill(
        repo,
        clinic=args.clinic,
        start=args.start,
        end=args.end,
        diagnoses=args.diagnosis,
        payer=args.payer,
    )
    visits, lines = len(bill.visits), len(bill.lines)
    summary = f"{visits} visit{'s' if visits != 1 else ''}, {lines} line{'s' if lines != 1 else ''}"
    if args.check and args.record_claim:
        raise UserError("--record-claim goes with --out (it records the claim you send)")
    if args.check:
        if args.json:
            print_json(
                {
                    "ok": bill.ok,
                    "visits": visits,
                    "lines": lines,
                    "total_charged": bill.total_charged,
                    "findings": [
                        {"where": f.where, "date": f.day, "code": f.code, "message": f.message}
                        for f in bill.findings
                    ],
                }
            )
        if bill.ok:
            info(f"Superbill check: nothing an insurer would reject ({summary}).")
            return 0
        info(f"Superbill check: {len(bill.findings)} problem(s) ({summary}):")
        _print_findings(bill)
        return 1
    if bill.findings:
        info(f"Not written: {len(bill.findings)} problem(s) an insurer would reject ({summary}):")
        _print_findings(bill)
        return 1
    if args.record_claim:
        from floortrack.actions.superbill import check_recordable

        check_recordable(repo, bill)  # refused before the file is written
    written = write_superbill(bill, Path(args.out), repo.path, args.paper)
    print(written)
    info(f"Wrote the superbill ({summary}, ${bill.total_charged:,.2f} charged) to {written}.")
    if args.record_claim:
        from floortrack.actions.superbill import record_superbill_claim

        claim = record_superbill_claim(repo, bill)
        info(
            f"Recorded claim {claim.id} to {claim.payer} (filed by you); when the money "
            f"comes: floortrack claim reimbursement {claim.id} --received A"
        )
    else:
        info(
            "When you send it, record the claim: add --record-claim, or use "
            "claim add --filed-by patient"
        )
    return 0
