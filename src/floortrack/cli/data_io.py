"""`floortrack export` and `floortrack import`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
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
    from floortrack.clock import today
    from floortrack.store.exchange import claims_csv, export_json, sessions_csv, write_file

    repo = open_repo(args)
    if args.format == "json":
        payload = export_json(repo.export_tables(), today())
        if args.out is None:
            sys.stdout.write(payload.decode())
        else:
            _write(write_file, args.out, payload, repo.path)
            info(
                f"Exported {len(repo.sessions)} visits and {len(repo.claims)} claims to {args.out}."
            )
        return 0
    sessions = sorted(repo.sessions.all(), key=lambda s: (s.date, s.id or 0))
    claims = sorted(repo.claims.all(), key=lambda c: (c.first_service, c.id or 0))
    if args.out is None:
        sys.stdout.write(sessions_csv(sessions) if args.table == "sessions" else claims_csv(claims))
        return 0
    if args.out.suffix.lower() == ".csv":
        raise UserError("for CSV, --out is a folder (it receives sessions.csv and claims.csv)")
    _write(write_file, args.out / "sessions.csv", sessions_csv(sessions).encode(), repo.path)
    _write(write_file, args.out / "claims.csv", claims_csv(claims).encode(), repo.path)
    info(f"Exported {len(sessions)} visits and {len(claims)} claims to {args.out}/")
    return 0


def _write(write_file: Any, path: Path, payload: bytes, data_path: Path) -> None:
    from floortrack.store.paths import ProtectedPathError

    try:
        write_file(path, payload, data_path)
    except ProtectedPathError as exc:
        raise UserError(f"{exc}; nothing was written") from None
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def import_data(args: argparse.Namespace) -> int:
    from floortrack.actions.imports import import_file

    repo = open_repo(args)
    outcome = import_file(repo, args.file)
    counts = ", ".join(f"{len(ids)} {kind}" for kind, ids in outcome.added.items() if ids)
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
