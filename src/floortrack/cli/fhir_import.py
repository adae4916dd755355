"""`floortrack import FILE` for FHIR ExplanationOfBenefit files: words the import summary."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from .common import info, open_repo, print_json

MAX_LINES = 20  # per section; --json lists everything


def import_fhir_file(args: argparse.Namespace, path: Path) -> int:
    from floortrack.actions.fhir_import import import_fhir, summary_line
    from floortrack.clock import today

    repo = open_repo(args)
    summary = import_fhir(
        repo,
        path,
        dry_run=args.dry_run,
        today=today(),
        include_all=args.all,
    )
    if args.json:
        print_json(summary.to_json())
        return 0
    if summary.dry_run:
        info(f"Dry run, nothing written. {path} would give: {summary_line(summary)}.")
    else:
        info(f"Import from {path}: {summary_line(summary)}.")
    _section(
        "Updated from a newer EOB:",
        [f"claim {c.claim_number}: {'; '.join(c.changes)}" for c in summary.updated],
    )
    typed = [d for d in summary.differences if d.typed]
    _section(
        "Values you had typed that the EOB replaces:"
        if not summary.dry_run
        else "Values you had typed that the EOB would replace:",
        [
            f"claim {d.claim_number}: {d.field.replace('_', ' ')} {d.before} -> {d.after}"
            for d in typed
        ],
    )
    _section(
        "New visits from the EOB (codes without minutes):"
        if not summary.dry_run
        else "Visits the EOB shows that your log lacks (the import adds them):",
        [
            f"{v.date.isoformat()}  {v.clinic}  {' '.join(v.codes)}  (claim {v.claim_number})"
            for v in summary.new_visits
        ],
    )
    _section(
        "Needs attention:",
        [
            f"claim {a.claim_number}: {a.title.rstrip('.')}. {a.ask}"
            for a in summary.attention
            if a.severity != "info"
        ],
    )
    _section(
        "Reason codes on these EOBs:",
        [text for text in summary.reason_codes.values()],
    )
    _section(
        "Notes:",
        [
            *(
                f"claim {a.claim_number}: {a.title}"
                for a in summary.attention
                if a.severity == "info"
            ),
            *summary.notes,
        ],
    )
    return 0


def _section(title: str, lines: Iterable[str]) -> None:
    rows = list(lines)
    if not rows:
        return
    info(title)
    for row in rows[:MAX_LINES]:
        info(f"  {row}")
    if len(rows) > MAX_LINES:
        info(f"  ... and {len(rows) - MAX_LINES} more (--json lists them all)")
