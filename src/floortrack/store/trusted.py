"""Visits and claims built from documents that were validated already, without validating
them again (docs/STORAGE.md, "Trusted records").

Every document in the store's memory is canonical: floortrack wrote it from a validated
record (`compact(record.to_doc())`), or it was read from a file whose checksum proves that,
or it was validated and rewritten in canonical form when the file was opened
(`schema.validate_records`). Validating such a document again gives the same record, only
slower: at ten years the checks were most of the cost of every data-heavy command
(5,000 claims: 200 ms validated, about 40 ms here).

The builders fill each dataclass's fields directly; `tests/store/test_trusted.py` checks,
field for field, that they give exactly what `from_doc` gives, for every kind of value, so a
field added to model.py without a line here fails the tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from floortrack.model import (
    Adjustment,
    Appeal,
    Claim,
    ClaimLine,
    PatientPayment,
    Session,
    SessionLine,
    StatusChange,
)

R = TypeVar("R")
_new = object.__new__
_set = object.__setattr__


# Amounts, days and short texts repeat across ten years of records ("0.00", a clinic's fee,
# a payer's name, "97110"): each is made once and shared (all are immutable). At 20,000
# visits and claims this saves about a third of the records' memory.
_AMOUNTS: dict[str, Decimal] = {}
_DAYS: dict[str, date] = {}
_intern = sys.intern


def _amount(text: str) -> Decimal:
    amount = _AMOUNTS.get(text)
    if amount is None:
        amount = _AMOUNTS[text] = Decimal(text)
    return amount


def _day(text: str) -> date:
    day = _DAYS.get(text)
    if day is None:
        day = _DAYS[text] = date.fromisoformat(text)
    return day


def _money(value: str | None) -> Decimal | None:
    return None if value is None else _amount(value)


def _day_or_none(value: str | None) -> date | None:
    return None if value is None else _day(value)


def _fill(record: R, fields: dict[str, Any]) -> R:
    # Frozen dataclasses refuse setattr, so object's own is used (as their __init__ does).
    # One attribute at a time, in field order: the instance keeps Python's compact shared-key
    # layout. Filling `__dict__` at once made a full dict per record: 40% more memory.
    for name, value in fields.items():
        _set(record, name, value)
    return record


def session_line(doc: dict[str, Any]) -> SessionLine:
    return _fill(_new(SessionLine), {"code": _intern(doc["code"]), "minutes": doc.get("minutes")})


def session(doc: dict[str, Any], id: int | None = None) -> Session:
    get = doc.get
    return _fill(
        _new(Session),
        {
            "date": _day(doc["date"]),
            "provider": _intern(get("provider", "")),
            "visit_type": _intern(get("visit_type", "treatment")),
            "lines": tuple([session_line(line) for line in get("lines", ())]),
            "pain_before": get("pain_before"),
            "pain_after": get("pain_after"),
            "symptoms": get("symptoms", ""),
            "note": get("note", ""),
            "charged": _money(get("charged")),
            "paid_at_desk": _money(get("paid_at_desk")),
            "id": id,
        },
    )


def claim_line(doc: dict[str, Any]) -> ClaimLine:
    get = doc.get
    return _fill(
        _new(ClaimLine),
        {
            "code": _intern(doc["code"]),
            "units": get("units", 1),
            "billed": _money(get("billed")),
            "allowed": _money(get("allowed")),
            "paid": _money(get("paid")),
            "modifiers": tuple(get("modifiers", ())),
        },
    )


def adjustment(doc: dict[str, Any]) -> Adjustment:
    return _fill(
        _new(Adjustment),
        {
            "group": _intern(doc["group"]),
            "reason": _intern(doc["reason"]),
            "amount": _amount(doc["amount"]),
            "code": doc.get("code", ""),
        },
    )


def status_change(doc: dict[str, Any]) -> StatusChange:
    get = doc.get
    return _fill(
        _new(StatusChange),
        {
            "status": _intern(doc["status"]),
            "on": _day(doc["on"]),
            "note": get("note", ""),
            "corrects": get("corrects"),
        },
    )


def patient_payment(doc: dict[str, Any]) -> PatientPayment:
    return _fill(
        _new(PatientPayment),
        {"on": _day(doc["on"]), "amount": _amount(doc["amount"]), "note": doc.get("note", "")},
    )


def appeal(doc: dict[str, Any]) -> Appeal:
    get = doc.get
    return _fill(
        _new(Appeal),
        {
            "level": doc["level"],
            "filed": _day(doc["filed"]),
            "outcome": get("outcome", "pending"),
            "decided": _day_or_none(get("decided")),
            "note": get("note", ""),
        },
    )


def claim(doc: dict[str, Any], id: int | None = None) -> Claim:
    get = doc.get
    return _fill(
        _new(Claim),
        {
            "service_dates": tuple([_day(d) for d in doc["service_dates"]]),
            "payer": _intern(doc["payer"]),
            "billed": _amount(doc["billed"]),
            "claim_number": get("claim_number", ""),
            "status": _intern(get("status", "submitted")),
            "submitted": _day_or_none(get("submitted")),
            "lines": tuple([claim_line(d) for d in get("lines", ())]),
            "allowed": _money(get("allowed")),
            "paid": _money(get("paid")),
            "patient_owes": _money(get("patient_owes")),
            "deductible": _money(get("deductible")),
            "copay": _money(get("copay")),
            "coinsurance": _money(get("coinsurance")),
            "not_covered": _money(get("not_covered")),
            "denial_codes": tuple(get("denial_codes", ())),
            "adjustments": tuple([adjustment(d) for d in get("adjustments", ())]),
            "history": tuple([status_change(d) for d in get("history", ())]),
            "session_ids": tuple(get("session_ids", ())),
            "payments": tuple([patient_payment(d) for d in get("payments", ())]),
            "appeals": tuple([appeal(d) for d in get("appeals", ())]),
            "note": get("note", ""),
            "reason_codes": tuple(get("reason_codes", ())),
            "eob_version": get("eob_version", ""),
            "filed_by": get("filed_by") or "clinic",
            "reimbursed": _money(get("reimbursed")),
            "reimbursed_on": _day_or_none(get("reimbursed_on")),
            "place_of_service": get("place_of_service", ""),
            "id": id,
        },
    )


# Record type -> its trusted builder; other kinds are small tables, built by from_doc.
BUILDERS: dict[type, Callable[[dict[str, Any], int | None], Any]] = {
    Session: session,
    Claim: claim,
}
