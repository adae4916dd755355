"""`floortrack report [--from D] [--to D] [--claim ID] --format md|html|pdf --out FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from floortrack.model import parse_date

from .common import UserError, info, open_repo, parse_or_exit, positive_id


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="write a visit and claim packet (Markdown, HTML or PDF)",
        description="Write a packet a clinic's billing office or an insurer can act on: "
        "visits with codes, minutes and units; claims with amounts, status history and "
        "denial codes explained; bill-check findings; and a diary summary. With --claim, "
        "the packet is about that claim and its visits.",
    )
    report.add_argument("--from", dest="date_from", metavar="D", help="first day (YYYY-MM-DD)")
    report.add_argument("--to", dest="date_to", metavar="D", help="last day (default: today)")
    report.add_argument("--claim", type=positive_id, metavar="ID", help="one claim's packet")
    report.add_argument("--format", required=True, choices=("md", "html", "pdf"))
    report.add_argument("--out", required=True, metavar="FILE", help="where to write it")
    report.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF paper size (default: letter)",
    )
    report.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    from floortrack.clock import today
    from floortrack.reports import ReportError, ReportRequest, make_report
    from floortrack.store.atomic import atomic_write_bytes

    start = parse_or_exit(parse_date, args.date_from, "from") if args.date_from else None
    end = parse_or_exit(parse_date, args.date_to, "to") if args.date_to else None
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UserError(
            f"{out} is a folder: give a file name, e.g. {out / 'packet.' + args.format}"
        )
    if not out.parent.exists():
        raise UserError(f"the folder {out.parent} does not exist")
    repo = open_repo(args)
    from floortrack.store.paths import ProtectedPathError, check_output_path

    try:
        target = check_output_path(out, repo.path)
    except ProtectedPathError as exc:
        raise UserError(f"{exc}; nothing was written") from None
    request = ReportRequest(today(), start, end, args.claim)
    try:
        payload = make_report(
            request,
            args.format,
            repo.sessions.all(),
            repo.claims.all(),
            repo.plans.all(),
            repo.diary.all(),
            paper=args.paper,
            auths=repo.auths.all(),
            calls=repo.calls.all(),
        )
    except ReportError as exc:
        raise UserError(str(exc)) from None
    try:
        atomic_write_bytes(target, payload)  # a half-written packet is never left
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(out.resolve())
    info(f"Wrote the {args.format} packet to {out.resolve()}.")
    return 0
