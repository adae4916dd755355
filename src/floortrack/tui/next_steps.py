"""A next step (billing.attention.NextStep) worded as the key to press in the app, and what
enter on the Overview does for it (tui/screens/overview.py performs it)."""

from __future__ import annotations

from floortrack.billing.attention import Group, NextStep

# kind -> (what enter on the Overview does, in words; the Claims-screen key, if any)
WORDING: dict[str, tuple[str, str]] = {
    "record_payment": ("Press enter to record your payment", "p on Claims"),
    "hold_payment": ("Press enter to open the claim and its bill check", ""),
    "appeal": ("Press enter to record the appeal once filed", "a on Claims"),
    "record_appeal_outcome": ("Press enter to record the appeal's outcome", "a on Claims"),
    "watch_decision": ("Press enter to record the decision when it comes", "a on Claims"),
    "call_payer": ("", ""),  # worded by what it is about (see key_text)
    "call_clinic": ("", ""),
    "resubmit": ("Press enter to enter the new claim number", "e on Claims"),
    "send_authorisation": ("", ""),
    "request_more_visits": ("Authorisations are listed on the command line for now", ""),
    "ask_reprocessed_eob": ("Press enter to enter the new EOB's amounts", "e on Claims"),
    "ask_refund": ("", ""),
    "ask_corrected_claim": ("Press enter to open the claim and its bill check", ""),
    "add_claim": ("Press enter to add the claim", "n on Claims"),
    "add_plan": ("Plans are kept on the command line for now", ""),
    "close_claim": ("Press enter to record it as closed", "e on Claims"),
    "add_note": ("Press enter to write a note on the code", "e on Codes"),
    "log_call": ("Press enter to open the claim and log the call", "c on Claims"),
    "write_superbill": ("Open Clinics (c on Overview) for the month's superbill check", ""),
    "record_reimbursement": ("", ""),
}


def key_text(step: NextStep) -> str:
    """One line for a screen: "Press enter to record your payment (p on Claims)". A step
    with no form of its own (a call to make) opens what it is about."""
    action, key = WORDING[step.kind]
    if not action:
        if step.claim_id is not None:
            action = "Press enter to open the claim (its number and payer are there)"
        elif step.session_id is not None:
            action = "Press enter to open the visit"
        else:
            return "Nothing to press: this is done outside the app."
    return f"{action} ({key})." if key else f"{action}."


def claims_key(step: NextStep) -> str:
    """The key on the Claims screen for this step ("" if none): for the Claims detail pane."""
    return (
        WORDING[step.kind][1].removesuffix(" on Claims")
        if "on Claims" in WORDING[step.kind][1]
        else ""
    )


def group_key_text(group: Group, page: int) -> str:
    """The key line for a row that stands for many items (billing.attention.Group)."""
    shown = min(page, group.count)
    return (
        f"Press enter to list {'them' if shown == group.count else f'the first {shown}'} "
        "here, one row each; enter on a row then opens it."
    )
