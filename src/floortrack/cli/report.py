"""`floortrack report [--from D] [--to D] [--claim ID] --format md|html|pdf --out FILE`."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from floortrack.model import parse_date

from .common import UserError, info, open_repo, parse_or_exit, positive_id
from .progress import progress

if TYPE_CHECKING:
    from floortrack.model import Claim, DiaryEntry, Session

# A PDF of the whole history can run to thousands of pages (ten years: minutes to write), so
# without --from, --claim or --all it covers this many months up to --to (or today).
PDF_MONTHS = 12
FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "pdf": "PDF"}


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="write a visit and claim packet (Markdown, HTML or PDF)",
        description="Write a packet a clinic's billing office or an insurer can act on: "
        "visits with codes, minutes and units; claims with amounts, status history and "
        "denial codes explained; bill-check findings; and a diary summary. With --claim, "
        "the packet is about that claim and its visits.",
    )
    since = report.add_mutually_exclusive_group()
    since.add_argument(
        "--from",
        dest="date_from",
        metavar="D",
        help="first day (YYYY-MM-DD; default: the first record, for a PDF the last "
        f"{PDF_MONTHS} months)",
    )
    since.add_argument(
        "--all",
        action="store_true",
        help=f"from the first record, for a PDF too (else it covers the last {PDF_MONTHS} months)",
    )
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
    from floortrack.reports import ReportError, ReportRequest, build_packet
    from floortrack.reports.render import render
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
    day = today()
    what = f"Writing the {FORMAT_NAMES[args.format]} packet"
    with progress(what) as shown:
        shown.note("Reading your records...")
        sessions, claims, diary = repo.sessions.all(), repo.claims.all(), repo.diary.all()
        if args.format == "pdf" and start is None and args.claim is None and not args.all:
            start, notice = _bounded_start(end or day, sessions, claims, diary)
            if notice:
                shown.say(notice)
        request = ReportRequest(day, start, end, args.claim)
        shown.note(f"{what}: putting it together...")
        try:
            doc = build_packet(
                request,
                sessions,
                claims,
                repo.plans.all(),
                diary,
                auths=repo.auths.all(),
                calls=repo.calls.all(),
            )
            payload = render(
                doc,
                args.format,
                args.paper,
                lambda done, total, page: shown.update(done, total, f"page {page:,}"),
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


def _months_before(end: date, months: int) -> date:
    """The first day of the `months` months that end on `end`: for 12 months to 2026-03-10,
    2025-03-11 (a day a short month lacks becomes its last day)."""
    import calendar

    year, index = divmod(end.year * 12 + end.month - 1 - months, 12)
    last = calendar.monthrange(year, index + 1)[1]
    return date(year, index + 1, min(end.day, last)) + timedelta(days=1)


def _bounded_start(
    end: date, sessions: list[Session], claims: list[Claim], diary: list[DiaryEntry]
) -> tuple[date | None, str]:
    """The start of a PDF given no --from, and the line that says so: the last PDF_MONTHS
    months when there are records before them (else None: the history is that short)."""
    start = _months_before(end, PDF_MONTHS)
    first = min(
        [
            *(s.date for s in sessions),
            *(c.first_service for c in claims),
            *(e.date for e in diary),
        ],
        default=None,
    )
    if first is None or first >= start:
        return None, ""
    return start, (
        f"The PDF covers the last {PDF_MONTHS} months, {start.isoformat()} to "
        f"{end.isoformat()}; your records go back to {first.isoformat()}. For more give "
        "--from D (and --to D), or --all for the whole history."
    )
