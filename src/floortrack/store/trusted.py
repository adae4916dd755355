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
from typing import Any, Generic, TypeVar

import orjson

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


# So do whole parts of records: a visit's codes and minutes, a claim's lines at a clinic's
# fees, its adjustments, a status on a day. These are frozen too, so equal ones are one
# object, and so is an equal tuple of them (a visit's `lines`). Each is keyed by its
# document's JSON, the text of an amount or day included, so a shared part is exactly the
# one its own document builds. Each table holds at most PARTS_KEPT entries (then starts
# afresh): a file whose parts never repeat costs a bounded table, not one entry per record.
PARTS_KEPT = 2048
_dumps = orjson.dumps


def _compact(key: bytes) -> bytes:
    # orjson's bytes keep their whole write buffer (kilobytes for a few dozen bytes of JSON):
    # a key that stays in a table is copied to its own size.
    return bytes(memoryview(key))


K = TypeVar("K")
V = TypeVar("V")


def _remember(table: dict[K, V], key: K, value: V) -> V:
    """Keep `value` under `key`; a full table starts afresh, so it stays bounded."""
    if len(table) >= PARTS_KEPT:
        table.clear()
    table[key] = value
    return value


class _Parts(Generic[R]):
    """The shared parts of one kind (a visit's lines, a claim's adjustments, ...)."""

    def __init__(self, build: Callable[[dict[str, Any]], R]) -> None:
        self._build = build
        self._one: dict[bytes, R] = {}
        self._many: dict[bytes, tuple[R, ...]] = {}

    def of(self, docs: list[dict[str, Any]]) -> tuple[R, ...]:
        """`tuple(build(doc) for doc in docs)`, shared with every equal list and part."""
        if not docs:
            return ()
        many = self._many
        key = _dumps(docs)
        found = many.get(key)
        if found is None:
            found = _remember(many, _compact(key), tuple([self._part(doc) for doc in docs]))
        return found

    def _part(self, doc: dict[str, Any]) -> R:
        one = self._one
        key = _dumps(doc)
        found = one.get(key)
        if found is None:
            found = _remember(one, _compact(key), self._build(doc))
        return found


_CODES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _codes(values: list[str]) -> tuple[str, ...]:
    """Short codes (modifiers, denial and remark codes): one tuple for equal ones."""
    if not values:
        return ()
    key = tuple(values)
    found = _CODES.get(key)
    if found is None:
        found = _remember(_CODES, key, tuple([_intern(v) for v in values]))
    return found


def _fill(record: R, fields: dict[str, Any]) -> R:
    # Frozen dataclasses refuse setattr, so object's own is used (as their __init__ does),
    # one slot at a time (records have slots, model.py).
    for name, value in fields.items():
        _set(record, name, value)
    return record


def session_line(doc: dict[str, Any]) -> SessionLine:
    return _fill(_new(SessionLine), {"code": _intern(doc["code"]), "minutes": doc.get("minutes")})


_SESSION_LINES = _Parts(session_line)


def session(doc: dict[str, Any], id: int | None = None) -> Session:
    get = doc.get
    return _fill(
        _new(Session),
        {
            "date": _day(doc["date"]),
            "provider": _intern(get("provider", "")),
            "visit_type": _intern(get("visit_type", "treatment")),
            "lines": _SESSION_LINES.of(get("lines", ())),
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
            "modifiers": _codes(get("modifiers", ())),
        },
    )


def adjustment(doc: dict[str, Any]) -> Adjustment:
    return _fill(
        _new(Adjustment),
        {
            "group": _intern(doc["group"]),
            "reason": _intern(doc["reason"]),
            "amount": _amount(doc["amount"]),
            "code": _intern(doc.get("code", "")),
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


_CLAIM_LINES = _Parts(claim_line)
_ADJUSTMENTS = _Parts(adjustment)
_HISTORY = _Parts(status_change)
_PAYMENTS = _Parts(patient_payment)


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
            "lines": _CLAIM_LINES.of(get("lines", ())),
            "allowed": _money(get("allowed")),
            "paid": _money(get("paid")),
            "patient_owes": _money(get("patient_owes")),
            "deductible": _money(get("deductible")),
            "copay": _money(get("copay")),
            "coinsurance": _money(get("coinsurance")),
            "not_covered": _money(get("not_covered")),
            "denial_codes": _codes(get("denial_codes", ())),
            "adjustments": _ADJUSTMENTS.of(get("adjustments", ())),
            "history": _HISTORY.of(get("history", ())),
            "session_ids": tuple(get("session_ids", ())),
            "payments": _PAYMENTS.of(get("payments", ())),
            "appeals": tuple([appeal(d) for d in get("appeals", ())]),
            "note": get("note", ""),
            "reason_codes": _codes(get("reason_codes", ())),
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
