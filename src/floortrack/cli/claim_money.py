"""`floortrack claim pay|appeal|correct`: patient payments, appeals, and fixing a wrong entry.

Wired in by cli/claims.py through `register_claim(claim_subparsers)`.
"""

from __future__ import annotations

import argparse
from typing import Any

from floortrack.billing import claim_money, deadlines, eob, lifecycle
from floortrack.billing.plans import plan_or_assumed
from floortrack.model import (
    APPEAL_OUTCOMES,
    CLAIM_STATUSES,
    Appeal,
    Claim,
    PatientPayment,
    ValidationError,
    parse_date,
    parse_int,
)

from .common import UserError, info, money_text, open_repo, parse_or_exit, positive_id


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
    left = eob.balance(claim)
    if left is None:
        return "your share is not known until the EOB arrives"
    if left < 0:
        return f"you have paid {money_text(-left)} more than your share: ask for a refund"
    return f"balance now {money_text(left)}"


def pay_claim(args: argparse.Namespace) -> int:
    from floortrack.clock import today

    day = today()
    on = parse_or_exit(parse_date, args.on, "on") if args.on else day
    parse_or_exit(claim_money.check_payment_date, on, day)
    payment = PatientPayment(on, args.amount, args.note)
    repo = open_repo(args)
    claim = repo.claims.get(args.id)
    updated = repo.claims.update(args.id, claim_money.add_payment(claim, payment, day))
    info(
        f"Recorded {money_text(payment.amount)} paid on claim {args.id}; {_balance_text(updated)}."
    )
    return 0


def _pick_level(claim: Claim, given: str | None) -> int:
    if given is not None:
        return parse_int(given, "level", 1, 5, "appeal level")
    return claim_money.pick_level(claim)


def appeal_claim(args: argparse.Namespace) -> int:
    from floortrack.clock import today

    day = today()
    filed = parse_or_exit(parse_date, args.filed, "filed")
    parse_or_exit(claim_money.check_filed, filed, day)
    outcome = args.outcome or "pending"
    decided = None
    if outcome != "pending":
        decided = parse_or_exit(parse_date, args.decided, "decided") if args.decided else day
        parse_or_exit(claim_money.check_decided, filed, decided, day)
    elif args.decided:
        raise UserError("--decided needs an --outcome (won, partial, lost or withdrawn)")

    repo = open_repo(args)
    claim = repo.claims.get(args.id)
    level = _pick_level(claim, args.level)
    record = Appeal(level, filed, outcome, decided, args.note)
    # The status follows: filing moves a denied claim to "appealed", an outcome moves it on.
    try:
        updated = claim_money.record_appeal(claim, record, day)
    except ValidationError as exc:
        raise UserError(f"cannot record this appeal on claim {args.id}: {exc.message}") from None

    repo.claims.update(args.id, updated)
    if outcome == "pending":
        due = deadlines.appeal_decision_due(filed, day)
        info(
            f"Recorded level {level} appeal on claim {args.id}, filed {filed.isoformat()}; "
            f"a decision is commonly due by {due.due.isoformat()}."
        )
    else:
        info(
            f"Recorded level {level} appeal on claim {args.id}: {outcome}; "
            f"claim is now {updated.status.replace('_', ' ')}."
        )
        if outcome == "lost":
            plan, _ = plan_or_assumed(updated.payer, repo.plans.all())
            nxt = deadlines.appeal_deadline(updated, plan, day)
            if nxt is not None:
                info(f"The next {nxt.what} is due by {nxt.due.isoformat()} ({nxt.describe()}).")
    return 0


def correct_claim(args: argparse.Namespace) -> int:
    from floortrack.clock import today

    number = parse_or_exit(parse_int, args.entry, "entry", 0, 10_000, "entry number")
    repo = open_repo(args)
    claim = repo.claims.get(args.id)
    rows = lifecycle.effective_history(claim)
    row = next((r for r in rows if r.index == number), None)
    if args.on:
        on = parse_or_exit(parse_date, args.on, "on")
    elif row is not None:
        on = row.on
    else:
        on = today()  # correct_status reports the missing entry
    try:
        updated = lifecycle.correct_status(claim, number, args.status, on, args.note)
    except ValidationError as exc:
        raise UserError(f"cannot correct claim {args.id}: {exc.message}") from None
    repo.claims.update(args.id, updated)
    info(
        f"Corrected entry {number} of claim {args.id} to {args.status.replace('_', ' ')} on "
        f"{on.isoformat()} (the original stays in the history); claim is now "
        f"{updated.status.replace('_', ' ')}."
    )
    return 0
