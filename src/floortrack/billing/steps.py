"""What needs the patient's attention, as data: an item and the one next step it asks for.

`billing/attention.py` and the other rules that raise items (out-of-network, follow-ups)
build these; each front end words a `NextStep` in its own way (the CLI as a command, the app
as a key), so no text here names either (docs/ARCHITECTURE.md, "Next steps as data")."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

SEVERITIES: tuple[str, ...] = ("urgent", "high", "normal", "low")


# What a next step asks the patient to do. Front ends word each kind (cli/next_steps.py,
# tui/next_steps.py); every kind here must have a wording there.
STEP_KINDS: tuple[str, ...] = (
    "record_payment",  # pay the clinic, then record it (claim_id, amount)
    "hold_payment",  # do not pay yet: the bill check found a problem (claim_id, amount)
    "appeal",  # file an appeal, then record it (claim_id, code: a reason code to look up)
    "record_appeal_outcome",  # an appeal was filed: record its decision (claim_id)
    "watch_decision",  # the plan forwards the appeal itself: wait for the decision (claim_id)
    "call_payer",  # call the insurer (claim_id)
    "call_clinic",  # call the clinic's billing office (claim_id or session_id)
    "resubmit",  # the clinic must send a new, corrected claim (claim_id)
    "send_authorisation",  # send the recorded authorisation (claim_id, auth_id, reference)
    "request_more_visits",  # ask the clinic to request more authorised visits (auth_id/plan_id)
    "ask_reprocessed_eob",  # an appeal was won: ask for the new EOB, then enter it (claim_id)
    "ask_refund",  # paid too much (claim_id, amount)
    "ask_corrected_claim",  # the bill looks wrong (claim_id, code)
    "add_claim",  # a visit has no claim (session_id)
    "add_plan",  # record the plan so its rules are known (payer)
    "close_claim",  # nothing more can be done (claim_id)
    "add_note",  # keep a note on a code (code)
    "log_call",  # call back (payer or clinic), then log the call (claim_id, reference)
    "write_superbill",  # check and send a superbill for a month of visits (session_id, plan_id)
    "record_reimbursement",  # ask the plan about a claim you filed, record what came (claim_id)
)


@dataclass(frozen=True)
class NextStep:
    """The one thing to do next, as data: a kind (STEP_KINDS) and what it applies to."""

    kind: str
    claim_id: int | None = None
    session_id: int | None = None
    auth_id: int | None = None
    plan_id: int | None = None
    code: str | None = None  # a reason or procedure code the step is about
    amount: Decimal | None = None
    payer: str | None = None
    reference: str | None = None  # e.g. an authorisation number

    def __post_init__(self) -> None:
        if self.kind not in STEP_KINDS:
            raise ValueError(f"unknown next-step kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    detail: str
    advice: str  # what to do, in plain words (no commands, no keys)
    step: NextStep
    severity: str  # one of SEVERITIES
    due: date | None = None
    days_left: int | None = None
    claim_id: int | None = None
    session_id: int | None = None
    auth_id: int | None = None
    plan_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["next_step"] = self.step.to_dict()
        del doc["step"]
        return doc
