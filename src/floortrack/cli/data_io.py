"""`floortrack export` and `floortrack import` (actions/data_io.py does the work)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import UserError, info, open_repo, out_path, print_json
from .progress import working


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
        help="add records from a JSON export, a sessions/claims CSV, or your insurer's FHIR "
        "claim data (all or nothing)",
        description="FHIR ExplanationOfBenefit JSON (one resource, a Bundle, or NDJSON) is "
        "recognised by its content: therapy claims are added or updated, matched by payer and "
        "claim number.",
    )
    imp.add_argument("file", type=out_path, metavar="PATH")
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be imported; write nothing"
    )
    imp.add_argument("--json", action="store_true", help="print the summary as a JSON object")
    imp.add_argument(
        "--all",
        action="store_true",
        help="FHIR: also import professional and outpatient claims without a therapy code",
    )
    imp.set_defaults(handler=import_data)


def export_data(args: argparse.Namespace) -> int:
    from floortrack.actions import data_io

    repo = open_repo(args)
    if args.format == "json":
        if args.out is None:
            with working("Exporting"):
                parts = data_io.json_export_parts(repo)
            for part in parts:  # each a whole JSON value: decoded one at a time
                sys.stdout.write(part.decode())
            return 0
        with working(f"Exporting to {args.out.name}"):
            done = data_io.export_json(repo, args.out)
        info(f"Exported {_counts(done)} to {args.out}.")
        return 0
    if args.out is None:
        with working("Exporting"):
            text = (
                data_io.sessions_csv_text(repo)
                if args.table == "sessions"
                else data_io.claims_csv_text(repo)
            )
        sys.stdout.write(text)
        return 0
    if args.out.suffix.lower() == ".csv":
        raise UserError("for CSV, --out is a folder (it receives sessions.csv and claims.csv)")
    with working(f"Exporting to {args.out.name}"):
        done = data_io.export_csv(repo, args.out)
    info(f"Exported {_counts(done)} to {args.out}/")
    return 0


def _counts(done: Any) -> str:
    visits = f"{done.visits} visit{'' if done.visits == 1 else 's'}"
    return f"{visits} and {done.claims} claim{'' if done.claims == 1 else 's'}"


def import_data(args: argparse.Namespace) -> int:
    from floortrack.actions import data_io
    from floortrack.actions.imports import import_file
    from floortrack.store.fhir import FhirError, looks_like_fhir

    if _sniff(args.file, looks_like_fhir):
        from .fhir_import import import_fhir_file

        try:
            return import_fhir_file(args, args.file)
        except FhirError as exc:
            raise UserError(f"{args.file}: {exc.message}; nothing was imported") from None
    if args.dry_run:
        with working(f"Reading {args.file.name}"):
            batch = data_io.read_import(args.file)
        in_file = batch.count()
        if args.json:
            print_json({"dry_run": True, "kind": batch.kind, "counts": in_file})
        words = ", ".join(f"{n} {kind}" for kind, n in in_file.items()) or "nothing"
        info(f"Dry run, nothing written. {args.file} would add {words}.")
        return 0
    with working(f"Reading {args.file.name}"):
        data_io.read_import(args.file)  # a bad file is refused before the data is opened
    repo = open_repo(args)
    # Under the lock: records already in the file are skipped, one-per rules hold.
    with working(f"Importing {args.file.name}"):
        outcome = import_file(repo, args.file)
    if args.json:
        added = {kind: len(ids) for kind, ids in outcome.added.items() if ids}
        print_json(
            {"dry_run": False, "kind": outcome.kind, "counts": added, "skipped": outcome.skipped}
        )
    added_counts = {kind: len(ids) for kind, ids in outcome.added.items() if ids}
    counts = data_io.describe_counts(added_counts) if added_counts else ""
    skipped = sum(outcome.skipped.values())
    if skipped and not counts:
        info(
            f"Imported nothing from {args.file}: all {skipped} records in it are already "
            "in your data."
        )
        return 0
    note = f" ({skipped} already in your data were skipped)" if skipped else ""
    info(f"Imported {counts or 'nothing (the file has no records)'} from {args.file}{note}.")
    return 0


def _sniff(path: Path, looks_like_fhir: Any) -> bool:
    """True if the file is FHIR JSON (decided by its content; unreadable files: False, so the
    usual import says what is wrong)."""
    from floortrack.store.atomic import read_regular_file
    from floortrack.store.exchange import IMPORT_LIMIT

    try:  # a regular file only, capped: a FIFO or /dev/zero must not hang or fill memory
        raw = read_regular_file(path, limit=IMPORT_LIMIT)
    except OSError:
        return False
    if raw.lstrip()[:1] != b"{":
        return False
    return bool(looks_like_fhir(raw))
