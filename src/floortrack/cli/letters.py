"""`floortrack claim letter ID --out FILE`: an appeal letter from the claim's own facts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import info, open_repo, positive_id

if TYPE_CHECKING:
    from floortrack.reports.letters import Letter


def register_claim(sub: Any) -> None:
    """Add `letter` under `floortrack claim` (one hook line in cli/claims.py)."""
    letter = sub.add_parser(
        "letter",
        help="write an appeal letter for a denied claim (Markdown, HTML or PDF by extension)",
        description="Write a letter from the claim's own facts: the denial codes and what they "
        "mean, the codes billed with your logged minutes and the unit rule, the authorisation "
        "on file, your calls, the deadline and what to enclose. Where the facts do not support "
        "an appeal (e.g. a claim returned as unprocessable, or filed late by the clinic) it is "
        "a request to the clinic instead. Facts not recorded yet are named in the letter.",
    )
    letter.add_argument("id", type=positive_id, help="the claim")
    letter.add_argument(
        "--out", required=True, metavar="FILE", help="FILE.md, FILE.html or FILE.pdf"
    )
    letter.add_argument("--name", default="", metavar="NAME", help="your name, to sign the letter")
    letter.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF paper size (default: letter)",
    )
    letter.add_argument(
        "--evidence",
        action="store_true",
        help="append the claim's records (visits, history, calls, diary) after the letter: "
        "one file to send",
    )
    letter.set_defaults(handler=letter_command)


def letter_command(args: argparse.Namespace) -> int:
    from floortrack.actions.letters import write_letter

    repo = open_repo(args)
    written = write_letter(
        repo,
        args.id,
        Path(args.out),
        patient_name=args.name,
        paper=args.paper,
        evidence=args.evidence,
    )
    letter = written.letter
    print(written.path)
    what = "an appeal letter" if letter.kind == "appeal" else "a request to the clinic"
    info(f"Wrote {what} for claim {args.id} to {written.path}.")
    if letter.kind != "appeal":
        info("The facts do not support an appeal to the payer: the clinic has to act.")
    for fact in letter.missing:
        how = _how(fact.key, args.id, written.letter)
        info(f"Not recorded yet: {fact.what}" + (f"; to add it: {how}" if how else ""))
    return 0


def _how(key: str, claim_id: int, letter: Letter) -> str:
    """The command that records a missing fact, for the terminal (never in the letter)."""
    hints = {
        "member_id": "floortrack plan add|edit ... --member-id ID",
        "patient_name": 'give it with --name "Your Name"',
        "claim_number": f"floortrack claim update {claim_id} --claim-number N",
        "clinic": "floortrack session edit ID --provider NAME",
        "minutes": "floortrack session add|edit ... --code CODE:MINUTES",
        "visits": "floortrack session add --date D --code CODE:MINUTES",
        "codes": f"floortrack claim update {claim_id} --units CODE:UNITS",
        "remark": f"floortrack claim update {claim_id} --denial CO-16 CODE",
        "denial_code": f"floortrack claim update {claim_id} --denial CODE",
        "visit_limit": "floortrack plan add|edit ... --visit-limit N",
    }
    return hints.get(key, "")
