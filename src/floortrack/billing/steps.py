"""What needs the patient's attention, as data: an item and the one next step it asks for.

`billing/attention.py` and the other rules that raise items (out-of-network, follow-ups)
build these; each front end words a `NextStep` in its own way (the CLI as a command, the app
as a key), so no text here names either (docs/ARCHITECTURE.md, "Next steps as data")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
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

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> NextStep:
        """The step `to_dict` gave, also as JSON (the amount a string): a result kept by
        actions/attention.py. Raises KeyError, TypeError or ValueError for anything else."""
        amount = doc.get("amount")
        return cls(
            kind=_text(doc["kind"]),
            claim_id=_whole(doc.get("claim_id")),
            session_id=_whole(doc.get("session_id")),
            auth_id=_whole(doc.get("auth_id")),
            plan_id=_whole(doc.get("plan_id")),
            code=_maybe_text(doc.get("code")),
            amount=None if amount is None else Decimal(_text(amount)),
            payer=_maybe_text(doc.get("payer")),
            reference=_maybe_text(doc.get("reference")),
        )


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

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Item:
        """The item `to_dict` gave (a Group's when the dict has `count`), also as JSON."""
        if "count" in doc:
            return Group.from_dict(doc)
        return cls(**_item_fields(doc))


def _item_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": _text(doc["kind"]),
        "title": _text(doc["title"]),
        "detail": _text(doc["detail"]),
        "advice": _text(doc["advice"]),
        "step": NextStep.from_dict(doc["next_step"]),
        "severity": _severity(doc["severity"]),
        "due": _day(doc.get("due")),
        "days_left": _whole(doc.get("days_left")),
        "claim_id": _whole(doc.get("claim_id")),
        "session_id": _whole(doc.get("session_id")),
        "auth_id": _whole(doc.get("auth_id")),
        "plan_id": _whole(doc.get("plan_id")),
    }


@dataclass(frozen=True)
class Group(Item):
    """Many items of one kind and severity as one: their count, their records' ids and the
    oldest and newest record dates. `step` is the kind of step each of them asks for, with
    no record named (`ids` name them); `due`/`days_left` are its most urgent item's.
    `members` are the items themselves, in rank order (billing/attention.py makes groups)."""

    count: int = 0
    ids: tuple[int, ...] = ()
    id_field: str = ""  # which record the ids are: "claim_id", "session_id", ...
    oldest: date | None = None
    newest: date | None = None
    members: tuple[Item, ...] = field(default=(), repr=False, compare=False)
    member_dates: tuple[date | None, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """An item's fields (the record ids empty), plus count, ids, id_field, oldest and
        newest; the members are not repeated."""
        doc = {f.name: getattr(self, f.name) for f in fields(Item) if f.name != "step"}
        doc["next_step"] = self.step.to_dict()
        doc.update(
            count=self.count,
            ids=list(self.ids),
            id_field=self.id_field,
            oldest=self.oldest,
            newest=self.newest,
        )
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Group:
        """The group `to_dict` gave, without its members (which it does not hold)."""
        ids = doc["ids"]
        if not isinstance(ids, list):
            raise TypeError("ids must be a list")
        return cls(
            **_item_fields(doc),
            count=_whole(doc["count"]) or 0,
            ids=tuple(_whole(i) or 0 for i in ids),
            id_field=_text(doc["id_field"]),
            oldest=_day(doc.get("oldest")),
            newest=_day(doc.get("newest")),
        )


# Reading a dict back: each value must have the type to_dict gave it (a kept result that
# does not is not used).


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _whole(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(_text(value))


def _severity(value: Any) -> str:
    if value not in SEVERITIES:
        raise ValueError(f"unknown severity {value!r}")
    return str(value)
