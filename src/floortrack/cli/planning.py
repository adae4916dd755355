"""`floortrack plan add|list|edit`, `auth add|list`, `attention`, `summary`.

The rules live in billing/ (plans, limits, attention, summary); this module only parses
arguments, reads the repository and prints.
"""

from __future__ import annotations

import argparse
from typing import Any

from floortrack.actions.errors import Refused
from floortrack.billing import eob, limits, plans
from floortrack.model import PLAN_TYPES, UNIT_METHODS, Plan, parse_date, parse_int

from .benefits import add_benefit_arguments, benefit_changes
from .common import (
    UserError,
    info,
    money_text,
    open_repo,
    parse_or_exit,
    positive_id,
    print_json,
    table,
)


def register(subparsers: Any) -> None:
    plan = subparsers.add_parser("plan", help="your insurance plans (deadlines, visit limits)")
    sub = plan.add_subparsers(title="plan commands", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a plan; prints its id")
    _plan_options(add, for_edit=False)
    add.set_defaults(handler=add_plan)
    lst = sub.add_parser("list", help="plans with their deadlines and visits used")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=list_plans)
    edit = sub.add_parser("edit", help="change a plan (only the options given)")
    edit.add_argument("id", type=positive_id)
    _plan_options(edit, for_edit=True)
    edit.set_defaults(handler=edit_plan)
    for parser in (add, edit):
        add_benefit_arguments(parser)

    auth = subparsers.add_parser("auth", help="prior authorisations (visits approved)")
    asub = auth.add_subparsers(title="auth commands", metavar="ACTION", required=True)
    aadd = asub.add_parser("add", help="record an authorisation; prints its id")
    aadd.add_argument("--payer", required=True, metavar="P")
    aadd.add_argument("--visits", required=True, metavar="N", help="visits approved")
    aadd.add_argument("--from", dest="start", required=True, metavar="D", help="first day")
    aadd.add_argument("--to", dest="end", required=True, metavar="D", help="last day")
    aadd.add_argument("--number", metavar="X", default="", help="the authorisation number")
    aadd.add_argument("--note", metavar="TEXT", default="")
    aadd.set_defaults(handler=add_auth)
    alst = asub.add_parser("list", help="authorisations with visits used and left")
    alst.add_argument("--json", action="store_true", help="machine-readable output")
    alst.set_defaults(handler=list_auths)

    att = subparsers.add_parser(
        "attention", help="what needs your action now, most urgent first, with next steps"
    )
    att.add_argument("--json", action="store_true", help="machine-readable output")
    att.set_defaults(handler=show_attention)

    summ = subparsers.add_parser("summary", help="visits, money and denials for a year")
    summ.add_argument("--year", metavar="Y", help="calendar year (default: this year)")
    summ.add_argument("--json", action="store_true", help="machine-readable output")
    summ.set_defaults(handler=show_summary)


# ---------------------------------------------------------------------------
# Plans


def _plan_options(parser: argparse.ArgumentParser, for_edit: bool) -> None:
    keep = " (omit to keep)" if for_edit else ""
    default = "; 'default' uses the plan type's" if for_edit else " (default: by plan type)"
    parser.add_argument("--payer", required=not for_edit, metavar="P", help="insurer name" + keep)
    parser.add_argument("--type", dest="plan_type", choices=PLAN_TYPES, required=not for_edit)
    parser.add_argument("--year-start-month", metavar="M", help="month the plan year starts, 1-12")
    parser.add_argument("--appeal-days", metavar="N", help="days to appeal a denial" + default)
    parser.add_argument("--filing-days", metavar="N", help="timely-filing limit in days" + default)
    parser.add_argument(
        "--visit-limit", metavar="N", help="visits per plan year ('none': no limit)"
    )
    parser.add_argument("--method", choices=UNIT_METHODS, help="how units are counted" + default)
    parser.add_argument("--member-id", metavar="X")
    parser.add_argument("--note", metavar="TEXT")


_CLEAR = ("default", "none", "-", "")


def _optional_int(value: str | None, field: str, high: int, what: str) -> tuple[bool, int | None]:
    """(given, value): 'default'/'none' clears the number back to None."""
    if value is None:
        return False, None
    if value.strip().lower() in _CLEAR:
        return True, None
    return True, parse_int(value, field, 1, high, what)


def _plan_changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if args.payer is not None:
        changes["payer"] = args.payer
    if args.plan_type is not None:
        changes["plan_type"] = args.plan_type
    if args.year_start_month is not None:
        changes["plan_year_start_month"] = args.year_start_month
    for option, field, high, what in (
        ("appeal_days", "appeal_window_days", 3650, "appeal days"),
        ("filing_days", "timely_filing_days", 3650, "filing days"),
        ("visit_limit", "visit_limit", 1000, "visit limit"),
    ):
        given, value = _optional_int(getattr(args, option), field, high, what)
        if given:
            changes[field] = value
    if args.method is not None:
        changes["unit_method"] = args.method
    if args.member_id is not None:
        changes["member_id"] = args.member_id
    if args.note is not None:
        changes["note"] = args.note
    changes.update(benefit_changes(args))
    return changes


def add_plan(args: argparse.Namespace) -> int:
    from floortrack.actions.plans import add_plan as add

    try:
        new = add(open_repo(args), **_plan_changes(args))
    except Refused as exc:
        raise UserError(f"{exc.message}: change it with `floortrack plan edit {exc.ref}`") from None
    print(new.id)
    t = plans.terms(new)
    info(
        f"Added plan {new.id} for {new.payer}: appeal within {_window_text(t.appeal)}, "
        f"claims filed within {_window_text(t.filing)}."
    )
    return 0


def edit_plan(args: argparse.Namespace) -> int:
    from floortrack.actions.plans import edit_plan as edit

    changes = _plan_changes(args)
    if not changes:
        raise UserError("nothing to change: give at least one option, e.g. --visit-limit 20")
    try:
        new = edit(open_repo(args), args.id, changes)
    except Refused as exc:
        raise UserError(f"{exc.message}: change it with `floortrack plan edit {exc.ref}`") from None
    info(f"Updated plan {args.id} ({new.payer}).")
    return 0


def _window_text(window: plans.Window) -> str:
    text = window.length_text
    return text + (" (typical, check your plan)" if window.typical else "")


def _window_json(window: plans.Window) -> dict[str, Any]:
    return {
        "days": window.days,
        "months": window.months,
        "from": window.basis,
        "source": window.source,
        "typical": window.typical,
    }


def plan_json(plan: Plan, usage: limits.VisitLimit) -> dict[str, Any]:
    t = plans.terms(plan)
    return {
        "id": plan.id,
        "payer": plan.payer,
        "plan_type": plan.plan_type,
        "plan_year_start_month": plan.plan_year_start_month,
        "plan_year": {"start": usage.year_start, "end": usage.year_end},
        "appeal_window_days": plan.appeal_window_days,
        "timely_filing_days": plan.timely_filing_days,
        "appeal_window": _window_json(t.appeal),
        "timely_filing": _window_json(t.filing),
        "unit_method": t.unit_method,
        "visit_limit": plan.visit_limit,
        "visits_used": usage.used,
        "visits_remaining": usage.remaining,
        "member_id": plan.member_id,
        "note": plan.note,
    }


def list_plans(args: argparse.Namespace) -> int:
    from floortrack.clock import today

    repo = open_repo(args)
    all_plans = repo.plans.all()
    sessions, claims, auths = repo.sessions.all(), repo.claims.all(), repo.auths.all()
    day = today()
    usage = {
        p.id: limits.visit_limit(p, sessions, claims, all_plans, day, auths) for p in all_plans
    }
    if args.json:
        print_json([plan_json(p, usage[p.id]) for p in all_plans])
        return 0
    if not all_plans:
        info("No plans yet. Add one with: floortrack plan add --payer NAME --type commercial")
        return 0
    rows = []
    for p in all_plans:
        t, u = plans.terms(p), usage[p.id]
        visits = f"{u.used}/{u.limit}" if u.limit is not None else f"{u.used} (no limit)"
        rows.append(
            [
                str(p.id),
                p.payer,
                p.plan_type,
                f"{u.year_start.isoformat()}..{u.year_end.isoformat()}",
                _window_text(t.appeal),
                _window_text(t.filing),
                visits,
                t.unit_method,
            ]
        )
    print(table(rows, ["id", "payer", "type", "plan year", "appeal", "filing", "visits", "units"]))
    return 0


# ---------------------------------------------------------------------------
# Authorisations


def add_auth(args: argparse.Namespace) -> int:
    from floortrack.actions.plans import add_auth as add

    auth = add(
        open_repo(args),
        payer=args.payer,
        visits=args.visits,
        start=parse_or_exit(parse_date, args.start, "from"),
        end=parse_or_exit(parse_date, args.end, "to"),
        number=args.number,
        note=args.note,
    )
    print(auth.id)
    info(
        f"Recorded authorisation {auth.id}: {auth.visits} visits with {auth.payer} from "
        f"{auth.start.isoformat()} to {auth.end.isoformat()}."
    )
    return 0


def _auth_state(use: limits.AuthUsage) -> str:
    if use.today < use.auth.start:
        return "not started"
    if use.days_left < 0:
        return "ended"
    if use.remaining <= 0:
        return "used up"
    if use.running_out or use.expiring:
        return "running out" if use.running_out else "ending soon"
    return "active"


def list_auths(args: argparse.Namespace) -> int:
    from floortrack.clock import today

    repo = open_repo(args)
    auths = repo.auths.all()
    sessions, claims, all_plans = repo.sessions.all(), repo.claims.all(), repo.plans.all()
    day = today()
    uses = [limits.auth_usage(a, sessions, claims, all_plans, auths, day) for a in auths]
    if args.json:
        print_json(
            [
                {
                    "id": u.auth.id,
                    "payer": u.auth.payer,
                    "number": u.auth.number,
                    "visits": u.auth.visits,
                    "start": u.auth.start,
                    "end": u.auth.end,
                    "used": u.used,
                    "remaining": u.remaining,
                    "days_left": u.days_left,
                    "state": _auth_state(u),
                    "note": u.auth.note,
                }
                for u in uses
            ]
        )
        return 0
    if not uses:
        info(
            "No authorisations yet. Add one with: floortrack auth add --payer P --visits N "
            "--from D --to D"
        )
        return 0
    rows = [
        [
            str(u.auth.id),
            u.auth.payer,
            u.auth.number or "-",
            f"{u.auth.start.isoformat()}..{u.auth.end.isoformat()}",
            f"{u.used}/{u.auth.visits}",
            str(u.remaining),
            _auth_state(u),
        ]
        for u in uses
    ]
    print(table(rows, ["id", "payer", "number", "dates", "used", "left", "state"]))
    return 0


# ---------------------------------------------------------------------------
# Attention and summary


def show_attention(args: argparse.Namespace) -> int:
    from floortrack.actions.attention import attention_now
    from floortrack.billing.steps import Group
    from floortrack.cli.next_steps import worded
    from floortrack.clock import today

    repo = open_repo(args)
    # Bounded and grouped (docs/ARCHITECTURE.md, "Attention, bounded and grouped"): many
    # items of one kind are one entry with their count and record ids.
    items = attention_now(repo, today())
    if args.json:
        docs = []
        for item in items:
            doc = item.to_dict()
            doc["next_step"]["text"] = worded(item.advice, item.step)
            docs.append(doc)
        print_json(docs)
        return 0
    if not items:
        print("Nothing needs your attention.")
        return 0
    lines = []
    for number, item in enumerate(items, 1):
        each = ", for each" if isinstance(item, Group) else ""
        lines.append(f"{number}. [{item.severity}] {item.title}")
        lines.append(f"   {item.detail}")
        lines.append(f"   Next{each}: {worded(item.advice, item.step)}")
    print("\n".join(lines))
    return 0


def show_summary(args: argparse.Namespace) -> int:
    from floortrack.clock import today

    year = (
        parse_or_exit(parse_int, args.year, "year", 1900, 2999, "year")
        if args.year is not None
        else today().year
    )
    from floortrack.actions.summary import summary_report

    repo = open_repo(args)
    # Only the year's records are built; --json's all-years balance needs every claim.
    report = summary_report(repo, year, all_years=args.json)
    s, kx = report.summary, report.kx
    if args.json:
        balances = report.balances or eob.totals(())
        data = s.to_dict()
        data["all_years_still_owed"] = balances.balance
        data["all_years_credit"] = balances.credit
        data["kx"] = (
            None
            if kx is None
            else {
                "year": kx.year,
                "allowed": kx.allowed,
                "threshold": kx.threshold,
                "remaining": kx.remaining,
                "typical": kx.typical,
                "label": kx.label,
                "claims_without_allowed": kx.missing_allowed,
            }
        )
        print_json(data)
        return 0
    rate = "-" if s.denial_rate is None else f"{s.denial_rate * 100:.0f}%"
    median = "-" if s.median_days_to_payment is None else f"{s.median_days_to_payment:g} days"
    lines = [
        f"Year {year}",
        f"  Visits logged:         {s.visits}",
        f"  Claims:                {s.claims}",
        f"  Billed:                {money_text(s.billed)}",
        f"  Allowed:               {money_text(s.allowed)}"
        + (f" ({s.unknown_allowed} claims not yet known)" if s.unknown_allowed else ""),
        f"  Paid by your plans:    {money_text(s.paid_by_plan)}",
        f"  Paid by you:           {money_text(s.paid_by_patient)}",
        f"  Still owed by you:     {money_text(s.still_owed)}",
        f"  Denial rate:           {rate} ({s.denied} of {s.decided} decided claims were "
        "ever denied)",
        f"  Median days to payment: {median} (first visit to first payment)",
    ]
    for p in s.payers:
        lines.append(
            f"  {p.payer}: {p.claims} claims, billed {money_text(p.billed)}, "
            f"allowed {money_text(p.allowed)}, paid {money_text(p.paid)}"
        )
    if kx is not None:
        lines.append(f"  Medicare therapy spending: {money_text(kx.allowed)}; {kx.label}")
    print("\n".join(lines))
    return 0
