"""`floortrack import FILE` for FHIR ExplanationOfBenefit files: prints the import summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import info, open_repo, print_json
from .progress import working

MAX_LINES = 20  # per section; --json lists everything


def import_fhir_file(args: argparse.Namespace, path: Path) -> int:
    from floortrack.actions.fhir_import import import_fhir, summary_line, summary_sections
    from floortrack.clock import today

    repo = open_repo(args)
    with working(f"Reading {path.name}" if args.dry_run else f"Importing {path.name}"):
        summary = import_fhir(repo, path, dry_run=args.dry_run, today=today(), include_all=args.all)
    if args.json:
        print_json(summary.to_json())
        return 0
    if summary.dry_run:
        info(f"Dry run, nothing written. {path} would give: {summary_line(summary)}.")
    else:
        info(f"Import from {path}: {summary_line(summary)}.")
    for heading, lines in summary_sections(summary):
        info(heading)
        for line in lines[:MAX_LINES]:
            info(f"  {line}")
        if len(lines) > MAX_LINES:
            info(f"  ... and {len(lines) - MAX_LINES} more (--json lists them all)")
    return 0
