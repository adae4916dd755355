"""`floortrack claim attach ID FILE [--kind K]` and `floortrack claim documents ID`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from floortrack.model import DOCUMENT_KINDS

from .common import info, open_repo, positive_id, print_json, table


def register_claim(sub: Any) -> None:
    """Add `attach` and `documents` under `floortrack claim` (one hook line in cli/claims.py)."""
    attach = sub.add_parser(
        "attach",
        help="keep a file with a claim (EOB, letter, plan of care): a private copy",
        description="Copy FILE into the documents folder beside your data file and list it "
        "with the claim, with its SHA-256 checksum. Backups made with --out carry it.",
    )
    attach.add_argument("id", type=positive_id, help="the claim")
    attach.add_argument("file", metavar="FILE")
    attach.add_argument("--kind", choices=DOCUMENT_KINDS, default="other")
    attach.add_argument("--note", default="", metavar="TEXT")
    attach.set_defaults(handler=attach_command)

    docs = sub.add_parser("documents", help="list the files kept with a claim")
    docs.add_argument("id", type=positive_id)
    docs.add_argument("--json", action="store_true")
    docs.add_argument(
        "--out",
        metavar="FOLDER",
        help="also write a plain copy of each into FOLDER (decrypted if your data is encrypted)",
    )
    docs.set_defaults(handler=documents_command)


def attach_command(args: argparse.Namespace) -> int:
    from floortrack.actions.documents import attach_document

    repo = open_repo(args)
    doc = attach_document(repo, args.id, Path(args.file), kind=args.kind, note=args.note)
    print(doc.id)
    info(
        f"Kept {doc.name} ({doc.kind}, {doc.size:,} bytes, sha256 {doc.sha256[:12]}…) "
        f"with claim {args.id}."
    )
    return 0


def documents_command(args: argparse.Namespace) -> int:
    from floortrack.actions.documents import claim_documents
    from floortrack.store.documents import copy_path

    repo = open_repo(args)
    found = claim_documents(repo, args.id)
    if args.out:
        from floortrack.actions.documents import write_plain_copies

        written = write_plain_copies(repo, [d for d, st in found if st == "ok"], Path(args.out))
        plain = " These copies are not encrypted." if repo.sealer is not None else ""
        info(f"Wrote {len(written)} document(s) to {args.out}.{plain}")
    if args.json:
        print_json(
            [
                {"id": d.id, **d.to_doc(), "state": st, "path": str(copy_path(repo.path, d.stored))}
                for d, st in found
            ]
        )
        return 0
    if not found:
        info(f"No documents kept with claim {args.id}. Add one: floortrack claim attach ID FILE")
        return 0
    rows = [
        [
            str(d.id),
            d.added.isoformat(),
            d.kind,
            d.name,
            f"{d.size:,}",
            st,
            str(copy_path(repo.path, d.stored)),
        ]
        for d, st in found
    ]
    print(table(rows, ["id", "added", "kind", "name", "bytes", "check", "copy"]))
    bad = [d.name for d, st in found if st != "ok"]
    if bad:
        info(f"Not as attached (missing or changed): {', '.join(bad)}")
    return 0
