"""`explain`, `units`, `audit` and `note`: codes in plain words, units from minutes, bill checks.

    floortrack explain CODE... [--json]
    floortrack units CODE[:MINUTES]... [--method cms|per-code] [--json]
    floortrack audit CLAIM_ID [--method cms|per-code] [--json]
    floortrack note CODE [TEXT...] [--clear]

`explain` and `units` work without a data file (`explain` shows your own note on a code when
the data file exists). Output is plain text with no colour codes; --json prints one object.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from typing import Any

from floortrack.model import SessionLine, ValidationError

from .common import UserError, info, open_repo, positive_id, print_json, table

METHOD_CHOICES = ("cms", "per-code")
METHOD_NAMES = {
    "cms": "CMS 8-minute rule (Medicare's method: the day's total timed minutes set the units)",
    "per-code": "per-code rule (each timed code counted on its own, 8+ minutes per unit)",
}
WIDTH = 88


def register(subparsers: Any) -> None:
    ex = subparsers.add_parser(
        "explain",
        help="what a code means: procedure (97110), modifier (GP), denial (CO-97), remark "
        "(N115), diagnosis (N39.3)",
    )
    ex.add_argument("codes", nargs="+", metavar="CODE", help="one or more codes")
    ex.add_argument("--json", action="store_true", help="print JSON")
    ex.set_defaults(handler=explain_command)

    un = subparsers.add_parser(
        "units",
        help="how many 15-minute units your minutes allow",
        description="Units one day's minutes allow. Give each code with its minutes "
        "(97110:33); untimed codes need no minutes.",
    )
    un.add_argument("lines", nargs="+", metavar="CODE[:MINUTES]", help="e.g. 97110:33 97140:7")
    un.add_argument(
        "--method",
        choices=METHOD_CHOICES,
        default="cms",
        help="cms (Medicare, the default) or per-code (many commercial plans)",
    )
    un.add_argument("--json", action="store_true", help="print JSON")
    un.set_defaults(handler=units_command)

    au = subparsers.add_parser(
        "audit", help="check a claim's billed units against your logged minutes"
    )
    au.add_argument("id", type=positive_id, metavar="CLAIM_ID", help="the claim's id")
    au.add_argument(
        "--method",
        choices=METHOD_CHOICES,
        default=None,
        help="unit rule to apply (default: your plan's setting, else CMS for Medicare and "
        "per-code for other payers)",
    )
    au.add_argument("--json", action="store_true", help="print JSON")
    au.set_defaults(handler=audit_command)

    no = subparsers.add_parser(
        "note",
        help="your own note on a code (e.g. the wording on your EOB)",
        description="With TEXT: save your note on CODE. Without: show it.",
    )
    no.add_argument("code", metavar="CODE")
    no.add_argument("text", nargs="*", metavar="TEXT")
    no.add_argument("--clear", action="store_true", help="remove your note on CODE")
    no.set_defaults(handler=note_command)


# ---------------------------------------------------------------------------
# explain


def _wrap(text: str, indent: str, hang: str = "") -> list[str]:
    """Wrapped lines; `hang` indents continuation lines further (for "- " bullets)."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + hang) or [
        indent
    ]


def _notes_reader(args: argparse.Namespace) -> Callable[[str], str]:
    """Personal notes, only when the data file already exists: explaining a code must not
    create or require a data file."""
    from floortrack.store import StoreError, resolve_data_path

    try:
        if not resolve_data_path(getattr(args, "data", None)).exists():
            return lambda code: ""
        repo = open_repo(args)
    except StoreError as exc:
        info(f"floortrack: your notes are not shown: {exc}")
        return lambda code: ""
    return repo.note_for


def explain_command(args: argparse.Namespace) -> int:
    from floortrack.billing import catalogue

    note_for = _notes_reader(args)
    answers = []
    for code in args.codes:
        ex = catalogue.explain(code)
        note = note_for(ex.code) if ex.code else ""
        answers.append((ex, note))
    if args.json:
        docs = []
        for ex, note in answers:
            doc = ex.to_json()
            doc["your_note"] = note
            docs.append(doc)
        print_json({"codes": docs})
        return _explain_status(answers)
    blocks = [_explain_text(ex, note) for ex, note in answers]
    print("\n\n".join(blocks))
    return _explain_status(answers)


def _explain_status(answers: list[tuple[Any, str]]) -> int:
    """1 when a code given is not in the catalogue (scripts can tell, as with grep)."""
    return 0 if all(ex.found for ex, _ in answers) else 1


def _explain_text(ex: Any, note: str) -> str:
    lines = [f"{ex.code or ex.query.strip() or '(empty)'}"]
    lines += _wrap(ex.summary, "  ")
    for entry in ex.entries:
        lines.append("")
        kind = entry.kind.upper() if entry.kind in ("carc", "rarc") else entry.kind
        lines.append(f"  {entry.label} - {entry.title}  [{kind}]")
        lines += _wrap(entry.meaning, "    ")
        if entry.kind == "procedure":
            lines.append(
                "    Timed: 15-minute units; its minutes count toward the day's timed total."
                if entry.timed
                else "    Untimed: one unit per visit, however long it takes."
            )
        if entry.kind == "diagnosis" and entry.billable is False:
            lines += _wrap("Not billable: use " + ", ".join(entry.use_instead), "    ")
        if entry.typical_use:
            lines += _wrap(f"{entry.typical_use} (guidance, not a rule)", "    ")
        for pitfall in entry.pitfalls:
            lines += _wrap(f"- {pitfall}", "    ", "  ")
        if entry.next_step:
            lines += _wrap(f"Next step: {entry.next_step}", "    ")
        names = entry.source_names
        lines += _wrap(
            "Sources: " + ("; ".join(names) if names else "none (a plain description)"), "    "
        )
    for extra in ex.notes:
        lines.append("")
        lines += _wrap(extra, "  ")
    if not ex.found and ex.code:
        lines += _wrap(f"Your own note on it: floortrack note {ex.code} TEXT", "  ")
    if ex.suggestions:
        lines.append("")
        lines.append("  Closest codes in the catalogue:")
        for s in ex.suggestions:
            lines.append(f"    {s.label} - {s.title}")
    if note:
        lines.append("")
        lines += _wrap(f"Your note: {note}", "  ")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# units


def _parse_lines(texts: list[str]) -> list[SessionLine]:
    lines = []
    for text in texts:
        for part in text.split(";"):  # accept the CSV form 97110:25;97140:15 too
            if part.strip():
                try:
                    lines.append(SessionLine.parse(part))
                except ValidationError as exc:
                    raise UserError(f"{exc.message} (in '{part.strip()}')") from None
    if not lines:
        raise UserError("give at least one code, e.g. floortrack units 97110:33 97140:7")
    return lines


def units_command(args: argparse.Namespace) -> int:
    from floortrack.billing.units import calculate_units

    result = calculate_units(_parse_lines(args.lines), args.method)
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"Method: {METHOD_NAMES[result.method]}")
    print()
    rows = []
    for code, units in result.units.items():
        minutes = result.minutes.get(code)
        kind = "timed" if result.timed.get(code) else "untimed"
        shown = str(units)
        if result.max_units(code) > units:
            shown += f" (or {result.max_units(code)})"
        rows.append([code, "-" if minutes is None else str(minutes), kind, shown])
    rows.append(["total", f"{result.total_timed_minutes} timed", "", str(result.total_units)])
    print(table(rows, ["code", "minutes", "kind", "units"]))
    print()
    for note in result.notes:
        print("\n".join(_wrap(note, "")))
    return 0


# ---------------------------------------------------------------------------
# audit


def audit_command(args: argparse.Namespace) -> int:
    from floortrack.billing import audit
    from floortrack.billing.plans import UnitRule, unit_rule

    repo = open_repo(args)
    claim = repo.claims.get(args.id)
    sessions = audit.claim_sessions(claim, repo.sessions.all())
    found = {s.id for s in sessions}
    missing = [sid for sid in claim.session_ids if sid not in found]
    all_plans = repo.plans.all()
    if args.method:
        rule = UnitRule(args.method, "chosen with --method", False)
    else:
        rule = unit_rule(all_plans, claim.payer)
    method, why = rule.method, rule.reason + (" (assumed)" if rule.assumed else "")
    findings = audit.audit_claim(
        claim, sessions, plans=all_plans, rule=rule, claims=repo.claims.all()
    )
    per_day = audit.units_by_date(sessions, method)
    billed = claim.units
    coded = {ln.code: ln.coded for ln in claim.lines}
    codes = list(dict.fromkeys([*billed, *(c for r in per_day.values() for c in r.units)]))
    rows = []
    for code in codes:
        allowed = sum(r.units.get(code, 0) for r in per_day.values())
        most = sum(r.max_units(code) for r in per_day.values() if code in r.units)
        minutes = [r.minutes.get(code) for r in per_day.values() if code in r.units]
        logged = bool(minutes)
        mins = sum(m or 0 for m in minutes) if any(m is not None for m in minutes) else None
        rows.append((code, billed.get(code), allowed if logged else None, most, mins))

    if args.json:
        print_json(
            {
                "claim_id": claim.id,
                "payer": claim.payer,
                "service_dates": [d.isoformat() for d in claim.service_dates],
                "method": method,
                "method_reason": why,
                "missing_sessions": missing,
                "codes": {
                    code: {
                        "billed": b,
                        "allowed": a,
                        "max_allowed": m if a is not None else None,
                        "minutes": mins,
                    }
                    for code, b, a, m, mins in rows
                },  # fmt: skip
                "days": {d.isoformat(): r.to_json() for d, r in per_day.items()},
                "findings": [f.to_json() for f in findings],
            }
        )
        return 0

    dates = ", ".join(d.isoformat() for d in claim.service_dates)
    pos = f"  place of service {claim.place_of_service}" if claim.place_of_service else ""
    print(f"Claim {claim.id}  {claim.payer}  {dates}{pos}")
    print(f"Unit rule: {METHOD_NAMES[method]} - {why}")
    if missing:
        print(f"Linked visits no longer in your log: {', '.join(map(str, missing))}")
    if not claim.session_ids and sessions:
        print("No visits are linked to this claim: using the visits logged on its dates.")
    print()
    if rows:
        print(
            table(
                [
                    [
                        coded.get(code, code),
                        "-" if b is None else str(b),
                        "-" if a is None else (f"{a}-{m}" if m > a else str(a)),
                        "-" if mins is None else str(mins),
                    ]
                    for code, b, a, m, mins in rows
                ],
                ["code", "billed", "minutes allow", "minutes logged"],
            )
        )
        print()
    serious = [f for f in findings if f.severity != "info"]
    if not serious and not (billed and sessions):
        print("Units could not be checked: see below.")
    elif not serious:
        print("No problems found: the billed units fit the minutes you logged.")
    else:
        count = len(serious)
        print(f"{count} thing{'s' if count != 1 else ''} to look at:")
    if findings:
        print()
    for f in findings:
        print(f"[{f.severity}] {f.title}")
        print("\n".join(_wrap(f.meaning, "    ")))
        print("\n".join(_wrap(f"Ask: {f.ask}", "    ")))
        print()
    return 0


# ---------------------------------------------------------------------------
# note


def note_command(args: argparse.Namespace) -> int:
    from floortrack.billing import catalogue
    from floortrack.model import normalize_code

    code = normalize_code(args.code)
    if not code:
        raise UserError("give the code the note is about, e.g. floortrack note CO-97 'text'")
    text = " ".join(args.text).strip()
    if args.clear and text:
        raise UserError("give either TEXT or --clear, not both")
    repo = open_repo(args)
    from floortrack.actions.notes import set_note

    if args.clear:
        set_note(repo, code, "")
        info(f"Removed your note on {code}.")
        return 0
    if not text:
        note = repo.note_for(code)
        print(note if note else f"(no note on {code}: add one with floortrack note {code} TEXT)")
        return 0
    set_note(repo, code, text)
    known = catalogue.lookup(code) is not None
    info(f"Saved your note on {code}." + ("" if known else " (This code is not in the catalogue.)"))
    return 0
