"""A next step (billing.attention.NextStep) worded as the command to type."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from floortrack.billing.attention import NextStep


def _claim(step: NextStep) -> str:
    return str(step.claim_id) if step.claim_id is not None else "ID"


def command(step: NextStep) -> str:
    """The floortrack command that performs or records the step ("" when there is none)."""
    cid = _claim(step)
    amount = f" --amount {step.amount:.2f}" if step.amount is not None else ""
    code = step.code or "CODE"
    table = {
        "record_payment": f"floortrack claim pay {cid}{amount}",
        "hold_payment": f"floortrack audit {cid}",
        "appeal": f"floortrack explain {code}; then floortrack claim appeal {cid}",
        "record_appeal_outcome": f"floortrack claim appeal {cid} --outcome won|partial|lost",
        "watch_decision": f"floortrack claim appeal {cid} --level 2 --outcome won|lost",
        "call_payer": "",
        "call_clinic": "",
        "resubmit": f"floortrack claim update {cid} --claim-number NEW",
        "send_authorisation": "floortrack auth list",
        "request_more_visits": "floortrack auth list",
        "ask_reprocessed_eob": f"floortrack claim update {cid} --paid AMOUNT",
        "ask_refund": "",
        "ask_corrected_claim": f"floortrack audit {cid}",
        "add_claim": "floortrack claim add --service-date DATE --payer NAME --billed AMOUNT",
        "add_plan": f"floortrack plan add --payer '{step.payer or 'NAME'}' --type TYPE",
        "close_claim": f"floortrack claim update {cid} --status closed",
        "add_note": f"floortrack note {code} TEXT",
        "log_call": f"then floortrack call add --with NAME --claim {cid} --note TEXT"
        if step.claim_id is not None
        else "then floortrack call add --with NAME --note TEXT",
        "write_superbill": _superbill_command(step),
        "record_reimbursement": f"floortrack claim reimbursement {cid} --received AMOUNT",
    }
    return table[step.kind]


def worded(advice: str, step: NextStep) -> str:
    """The advice followed by the command that goes with it."""
    cmd = command(step)
    return f"{advice} ({cmd})" if cmd else advice


def _superbill_command(step: NextStep) -> str:
    parts = (step.reference or "").split("|") if step.kind == "write_superbill" else []
    clinic, start, end = parts if len(parts) == 3 else ("NAME", "D", "D")
    return (
        f'floortrack superbill --clinic "{clinic}" --from {start} --to {end} --check; then the '
        "same with --out superbill.pdf --record-claim"
    )
