"""The calls and documents kept with a claim, as the Claims screen's detail shows them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from floortrack.billing.followups import calls_for_claim
from floortrack.model import Call, ClaimDocument
from floortrack.tui.format import fmt_date

DOCUMENT_KINDS = {"eob": "EOB", "letter": "letter", "plan_of_care": "plan of care", "other": "file"}


def evidence_text(claim_id: int, calls: Sequence[Call], documents: Sequence[ClaimDocument]) -> Text:
    """Empty when the claim has neither (so claims without any look as before)."""
    text = Text()
    mine = calls_for_claim(calls, claim_id)
    if mine:
        text.append("\nCalls", style="bold")
        text.append("  (c log a call)\n", style="dim")
        for call in mine:
            who = call.with_whom + (f" · {call.rep}" if call.rep else "")
            text.append(f"  {fmt_date(call.on)}  {who}")
            if call.reference:
                text.append(f"  ref {call.reference}", style="dim")
            text.append(f"\n    {call.note}\n")
            if call.follow_up:
                text.append(f"    follow up by {fmt_date(call.follow_up)}\n", style="dim")
    docs = sorted(
        (d for d in documents if d.claim_id == claim_id), key=lambda d: (d.added, d.id or 0)
    )
    if docs:
        text.append("\nDocuments", style="bold")
        text.append("  (o open)\n", style="dim")
        for d in docs:
            text.append(f"  {fmt_date(d.added)}  {DOCUMENT_KINDS.get(d.kind, d.kind)}: {d.name}\n")
    return text
