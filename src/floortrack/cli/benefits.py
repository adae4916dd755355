"""`floortrack benefits [--payer P] [--json]`, and the plan's benefit options.

`add_benefit_arguments(parser)` adds `--deductible --oop-max --coinsurance --copay` (and the
`--oon-` and family variants, and what the insurer reports as met) to `plan add|edit`;
`benefit_changes(args)` turns them into plain Plan fields. The rules are in
billing/benefits.py (docs/BENEFITS.md).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .common import info, money_text, open_repo, print_json

if TYPE_CHECKING:
    from floortrack.billing import benefits as rules

# option -> (Plan field, help)
_MONEY_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--deductible", "deductible", "plan-year deductible (in network)"),
    ("--oop-max", "oop_max", "plan-year out-of-pocket maximum (in network)"),
    ("--family-deductible", "family_deductible", "family deductible (family plans)"),
    ("--family-oop-max", "family_oop_max", "family out-of-pocket maximum (family plans)"),
    ("--copay", "copay", "copay per visit (in network)"),
    ("--oon-deductible", "oon_deductible", "out-of-network deductible"),
    ("--oon-oop-max", "oon_oop_max", "out-of-network out-of-pocket maximum"),
    ("--oon-family-deductible", "oon_family_deductible", "out-of-network family deductible"),
    ("--oon-family-oop-max", "oon_family_oop_max", "out-of-network family OOP maximum"),
    ("--oon-copay", "oon_copay", "out-of-network copay per visit"),
    ("--deductible-met", "reported_deductible_met", "deductible met as your insurer reports it"),
    ("--oop-met", "reported_oop_met", "out-of-pocket met as your insurer reports it"),
    ("--oon-deductible-met", "oon_reported_deductible_met", "out-of-network deductible met"),
    ("--oon-oop-met", "oon_reported_oop_met", "out-of-network out-of-pocket met"),
)
_OTHER_OPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("--coinsurance", "coinsurance_pct", "PCT", "your share after the deductible, e.g. 20"),
    ("--oon-coinsurance", "oon_coinsurance_pct", "PCT", "out-of-network coinsurance, e.g. 40"),
    ("--oon-filing-days", "oon_filing_days", "N", "days to send in a claim you file yourself"),
    ("--as-of", "reported_as_of", "D", "the date of the insurer's met figures"),
)
_CLEAR = ("none", "-", "")


def _dest(field: str) -> str:
    return f"benefit_{field}"


def add_benefit_arguments(parser: argparse.ArgumentParser) -> None:
    """The benefit options of `plan add|edit` ('none' clears one)."""
    group = parser.add_argument_group("benefits (amounts per plan year; 'none' clears)")
    for option, field, text in _MONEY_OPTIONS:
        group.add_argument(option, dest=_dest(field), metavar="A", help=text)
    for option, field, metavar, text in _OTHER_OPTIONS:
        group.add_argument(option, dest=_dest(field), metavar=metavar, help=text)


def benefit_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The Plan fields given on the command line, as plain values (the model checks them)."""
    changes: dict[str, Any] = {}
    fields = [f for _, f, _ in _MONEY_OPTIONS] + [f for _, f, _, _ in _OTHER_OPTIONS]
    for field in fields:
        value = getattr(args, _dest(field), None)
        if value is not None:
            changes[field] = None if value.strip().lower() in _CLEAR else value.strip()
    return changes


def register(subparsers: Any) -> None:
    cmd = subparsers.add_parser(
        "benefits",
        help="deductible and out-of-pocket met, visits used, the next visit's likely cost",
    )
    cmd.add_argument("--payer", metavar="P", help="only this plan")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.set_defaults(handler=show_benefits)


def benefit_json(year: rules.BenefitYear) -> dict[str, Any]:
    est = year.estimate
    return {
        "payer": year.plan.payer,
        "network": year.network,
        "plan_year_start": year.start,
        "plan_year_end": year.end,
        "deductible": year.deductible,
        "deductible_met": year.deductible_met,
        "oop_max": year.oop_max,
        "oop_met": year.oop_met,
        "visits_used": year.visits_used,
        "visit_limit": year.visit_limit,
        "next_visit_estimate": None if est is None else {"low": est.low, "high": est.high},
        "basis": year.basis,
    }


def _of(met: Any, limit: Any) -> str:
    return money_text(met) + (
        f" of {money_text(limit)}" if limit is not None else " (no limit entered)"
    )


def show_benefits(args: argparse.Namespace) -> int:
    from floortrack.actions.benefits import benefits_report
    from floortrack.billing import benefits as rules

    repo = open_repo(args)
    years = benefits_report(repo, payer=args.payer)
    if args.json:
        print_json([benefit_json(y) for y in years])
        return 0
    if not years:
        info(
            "No plan"
            + (f" for {args.payer}" if args.payer else "")
            + ". Add one with: floortrack plan add --payer NAME --type commercial "
            "--deductible 1500 --oop-max 4000 --coinsurance 20"
        )
        return 0
    blocks = []
    for y in years:
        visits = f"{y.visits_used}" + (f" of {y.visit_limit}" if y.visit_limit else " (no limit)")
        lines = [
            f"{y.plan.payer}, {rules.NETWORK_WORDS[y.network]}: plan year "
            f"{y.start.isoformat()} to {y.end.isoformat()}",
            f"  Deductible met:     {_of(y.deductible_met, y.deductible)}",
            f"  Out of pocket met:  {_of(y.oop_met, y.oop_max)}",
            f"  Visits used:        {visits}",
        ]
        if y.estimate is not None:
            est = y.estimate
            span = (
                money_text(est.low)
                if est.low == est.high
                else f"{money_text(est.low)} to {money_text(est.high)}"
            )
            lines.append(f"  Next visit:         about {span}")
        if y.visits_to_oop:
            lines.append(
                f"  About {y.visits_to_oop} more visit{'s' if y.visits_to_oop != 1 else ''} "
                "until you reach your out-of-pocket maximum."
            )
        elif y.visits_to_oop == 0:
            lines.append("  Out-of-pocket maximum reached: covered visits should cost you $0.")
        lines.append(f"  How: {y.basis}")
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
    return 0
