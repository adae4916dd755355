"""`floortrack claim pay|appeal|correct`: patient payments, appeals, and fixing a wrong entry.

Wired in by cli/claims.py through `register_claim(claim_subparsers)`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from floortrack.model import APPEAL_OUTCOMES, CLAIM_STATUSES

from .common import info, money_text, open_repo, positive_id

if TYPE_CHECKING:
    from floortrack.model import Claim


def register_claim(claim_subparsers: Any) -> None:
    pay = claim_subparsers.add_parser("pay", help="record money you paid the clinic for a claim")
    pay.add_argument("id", type=positive_id)
    pay.add_argument("--amount", required=True, metavar="A", help="e.g. 25.00")
    pay.add_argument("--on", metavar="D", help="date paid (default: today)")
    pay.add_argument("--note", metavar="TEXT", default="")
    pay.set_defaults(handler=pay_claim)

    appeal = claim_subparsers.add_parser(
        "appeal", help="record an appeal of a denial, or its outcome"
    )
    appeal.add_argument("id", type=positive_id)
    appeal.add_argument("--filed", required=True, metavar="D", help="date the appeal was sent")
    appeal.add_argument(
        "--level", metavar="N", help="1 = first appeal (default: the pending one, else the next)"
    )
    appeal.add_argument("--outcome", choices=APPEAL_OUTCOMES, default=None)
    appeal.add_argument("--decided", metavar="D", help="date of the decision (default: today)")
    appeal.add_argument("--note", metavar="TEXT", default="")
    appeal.set_defaults(handler=appeal_claim)

    correct = claim_subparsers.add_parser(
        "correct", help="fix a mistaken status entry (the original is kept in the trail)"
    )
    correct.add_argument("id", type=positive_id)
    correct.add_argument(
        "--entry",
        required=True,
        metavar="N",
        help="the entry number shown by `floortrack claim show` (0 = first)",
    )
    correct.add_argument("--status", required=True, choices=CLAIM_STATUSES)
    correct.add_argument("--on", metavar="D", help="the right date (default: keep the entry's)")
    correct.add_argument("--note", metavar="TEXT", default="")
    correct.set_defaults(handler=correct_claim)


def _balance_text(claim: Claim) -> str:
    from floortrack.billing import eob

    left = eob.balance(claim)
    if left is None:
        return "your share is not known until the EOB arrives"
    if left < 0:
        return f"you have paid {money_text(-left)} more than your share: ask for a refund"
    return f"balance now {money_text(left)}"


def pay_claim(args: argparse.Namespace) -> int:
    from floortrack.actions.claims import pay_claim as pay

    updated = pay(open_repo(args), args.id, amount=args.amount, on=args.on, note=args.note)
    paid = updated.payments[-1].amount
    info(f"Recorded {money_text(paid)} paid on claim {args.id}; {_balance_text(updated)}.")
    return 0


def appeal_claim(args: argparse.Namespace) -> int:
    from floortrack.actions.claims import appeal_claim as appeal
    from floortrack.billing import deadlines
    from floortrack.billing.plans import plan_or_assumed
    from floortrack.clock import today

    repo = open_repo(args)
    updated, record = appeal(
        repo,
        args.id,
        filed=args.filed,
        level=args.level,
        outcome=args.outcome,
        decided=args.decided,
        note=args.note,
    )
    day = today()
    if record.outcome == "pending":
        due = deadlines.appeal_decision_due(record.filed, day)
        info(
            f"Recorded level {record.level} appeal on claim {args.id}, filed "
            f"{record.filed.isoformat()}; a decision is commonly due by {due.due.isoformat()}."
        )
    else:
        info(
            f"Recorded level {record.level} appeal on claim {args.id}: {record.outcome}; "
            f"claim is now {updated.status.replace('_', ' ')}."
        )
        if record.outcome == "lost":
            plan, _ = plan_or_assumed(updated.payer, repo.plans.all())
            nxt = deadlines.appeal_deadline(updated, plan, day)
            if nxt is not None:
                info(f"The next {nxt.what} is due by {nxt.due.isoformat()} ({nxt.describe()}).")
    return 0


def correct_claim(args: argparse.Namespace) -> int:
    from floortrack.actions.claims import correct_claim as correct

    updated = correct(
        open_repo(args), args.id, entry=args.entry, status=args.status, on=args.on, note=args.note
    )
    fix = updated.history[-1]
    info(
        f"Corrected entry {fix.corrects} of claim {args.id} to {args.status.replace('_', ' ')} on "
        f"{fix.on.isoformat()} (the original stays in the history); claim is now "
        f"{updated.status.replace('_', ' ')}."
    )
    return 0
