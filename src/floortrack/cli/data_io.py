"""`floortrack export` and `floortrack import` (actions/data_io.py does the work)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import UserError, info, open_repo, out_path


def register(subparsers: Any) -> None:
    exp = subparsers.add_parser(
        "export",
        help="write all data as JSON, or sessions/claims as CSV",
        description="JSON: everything, to stdout or --out FILE. CSV: --out FOLDER receives "
        "sessions.csv and claims.csv; without --out, --table (default sessions) goes to stdout.",
    )
    exp.add_argument("--format", choices=("json", "csv"), required=True)
    exp.add_argument("--out", type=out_path, metavar="PATH")
    exp.add_argument(
        "--table",
        choices=("sessions", "claims"),
        default="sessions",
        help="CSV to stdout: which table",
    )
    exp.set_defaults(handler=export_data)

    imp = subparsers.add_parser(
        "import",
        help="add records from a JSON export or a sessions/claims CSV (all or nothing)",
    )
    imp.add_argument("file", type=out_path, metavar="PATH")
    imp.set_defaults(handler=import_data)


def export_data(args: argparse.Namespace) -> int:
    from floortrack.actions import data_io

    repo = open_repo(args)
    if args.format == "json":
        if args.out is None:
            sys.stdout.write(data_io.json_export_bytes(repo).decode())
            return 0
        done = data_io.export_json(repo, args.out)
        info(f"Exported {_counts(done)} to {args.out}.")
        return 0
    if args.out is None:
        text = (
            data_io.sessions_csv_text(repo)
            if args.table == "sessions"
            else data_io.claims_csv_text(repo)
        )
        sys.stdout.write(text)
        return 0
    if args.out.suffix.lower() == ".csv":
        raise UserError("for CSV, --out is a folder (it receives sessions.csv and claims.csv)")
    done = data_io.export_csv(repo, args.out)
    info(f"Exported {_counts(done)} to {args.out}/")
    return 0


def _counts(done: Any) -> str:
    visits = f"{done.visits} visit{'' if done.visits == 1 else 's'}"
    return f"{visits} and {done.claims} claim{'' if done.claims == 1 else 's'}"


def import_data(args: argparse.Namespace) -> int:
    from floortrack.actions import data_io

    batch = data_io.read_import(args.file)  # a bad file is refused before the data is opened
    repo = open_repo(args)
    added = data_io.import_batch(repo, batch)
    counts = data_io.describe_counts(added) if added else ""
    info(f"Imported {counts or 'nothing (the file has no records)'} from {args.file}.")
    return 0
