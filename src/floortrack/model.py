"""The records floortrack keeps, as plain immutable dataclasses, and the checks on them.

Money is `Decimal` (stored as a string such as "123.45"); dates are `date` (stored ISO).
Every check raises `ValidationError` with a message a patient understands; the field name
lets a form put the message next to the right input.

`to_doc()` gives the JSON-ready dict stored in TinyDB; `from_doc()` reads it back. Records
carry their TinyDB document id in `id` (None until saved); the id is never stored inside
the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from datetime import date as _date  # for annotations in classes that have a field named "date"
from decimal import Decimal, InvalidOperation
from typing import Any, Self

# ---------------------------------------------------------------------------
# Validation helpers


class ValidationError(ValueError):
    """A value a patient typed (or a file holds) that floortrack cannot accept."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


VISIT_TYPES: tuple[str, ...] = ("evaluation", "treatment", "re-evaluation")

CLAIM_STATUSES: tuple[str, ...] = (
    "submitted",
    "in_process",
    "needs_info",
    "paid",
    "partially_paid",
    "denied",
    "appealed",
    "closed",
)

PLAN_TYPES: tuple[str, ...] = ("medicare", "medicare_advantage", "commercial", "other")
UNIT_METHODS: tuple[str, ...] = ("cms", "per-code")
APPEAL_OUTCOMES: tuple[str, ...] = ("pending", "won", "partial", "lost", "withdrawn")
ADJUSTMENT_GROUPS: tuple[str, ...] = ("CO", "PR", "OA", "PI", "CR")

MAX_MINUTES = 480
MAX_TEXT = 20_000

# Shapes of the codes a patient meets. The catalogue (billing/catalogue.py) knows meanings;
# these only say whether a string *looks like* a code of that kind.
CPT_RE = re.compile(r"^\d{4}[0-9FTU]$")  # 97110; category II/III codes end in F/T
HCPCS_RE = re.compile(r"^[A-V]\d{4}$")  # G0283
PROCEDURE_RE = re.compile(r"^(\d{4}[0-9FTU]|[A-V]\d{4})$")
CARC_RE = re.compile(r"^(CO|PR|OA|PI|CR)-([A-Z]?\d{1,3}|[A-Z]\d?)$")  # CO-97, PR-2, CO-B7
RARC_RE = re.compile(r"^(N\d{1,4}|M\d{1,3}|MA\d{1,3})$")  # N115, M86, MA130
ICD10_RE = re.compile(r"^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$")  # N39.3, R39.15
MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")  # GP, 59, KX


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORED_MONEY = re.compile(r"\d{1,7}\.\d{2}")
_REASON = re.compile(r"[A-Z]?\d{1,3}|[A-Z]\d?")


def normalize_code(text: str) -> str:
    """Upper-case and strip a code; tolerate 'co 97' / 'CO97' for adjustment codes."""
    code = text.strip().upper().replace(" ", "-")
    m = re.match(r"^(CO|PR|OA|PI|CR)-?([A-Z]?\d{1,3}|[A-Z]\d?)$", code)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    return code


def check_procedure_code(text: str, field: str = "code") -> str:
    code = normalize_code(text)
    if not PROCEDURE_RE.match(code):
        raise ValidationError(
            f"'{text.strip()}' is not a procedure code: use 5 digits like 97110, "
            "or a letter and 4 digits like G0283",
            field,
        )
    return code


def check_denial_code(text: str, field: str = "denial") -> str:
    code = normalize_code(text)
    if not (CARC_RE.match(code) or RARC_RE.match(code)):
        raise ValidationError(
            f"'{text.strip()}' is not a denial code: use a group and reason like CO-97 or PR-2 "
            "(or a remark code like N115)",
            field,
        )
    return code


def parse_date(value: str | date, field: str = "date") -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2026-03-14", field
        ) from None


def check_not_future(day: date, today: date, field: str = "date", what: str = "A visit") -> date:
    if day > today:
        raise ValidationError(
            f"{what} cannot be in the future ({day.isoformat()} is after today, "
            f"{today.isoformat()})",
            field,
        )
    return day


def parse_money(value: str | Decimal | int, field: str = "amount") -> Decimal:
    """A non-negative amount with at most two decimals. Never a float."""
    if type(value) is str and _STORED_MONEY.fullmatch(value):
        return Decimal(value)  # the stored form ("123.45"): already exact, the hot path
    if isinstance(value, float):  # floats cannot hold cents exactly: refuse them outright
        raise ValidationError("money must be given as text like 123.45, not a float", field)
    text = str(value).strip().replace(",", "").lstrip("$")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            f"'{value}' is not an amount: use a number like 123.45", field
        ) from None
    if not amount.is_finite():
        raise ValidationError(f"'{value}' is not an amount: use a number like 123.45", field)
    if amount < 0:
        raise ValidationError(f"{field.replace('_', ' ')} cannot be negative ({value})", field)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError(
            f"'{value}' has more than two decimals: amounts are in dollars and cents", field
        )
    if amount >= Decimal("10000000"):
        raise ValidationError(f"'{value}' is too large for a therapy bill", field)
    return amount.quantize(Decimal("0.01"))


def parse_int(value: str | int, field: str, low: int, high: int, what: str | None = None) -> int:
    label = what or field.replace("_", " ")
    if isinstance(value, bool):
        raise ValidationError(f"{label} must be a whole number", field)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(f"{label} must be a whole number, not '{value}'", field) from None
    if not low <= number <= high:
        raise ValidationError(f"{label} must be between {low} and {high} (got {number})", field)
    return number


def _money_or_none(value: Any, field: str) -> Decimal | None:
    return None if value is None or value == "" else parse_money(value, field)


def _money_doc(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _date_or_none(value: Any, field: str) -> date | None:
    return None if value in (None, "") else parse_date(value, field)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text", field)
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{field} is too long (at most {MAX_TEXT} characters)", field)
    return value


# ---------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class SessionLine:
    """One billing code done at a visit, with its minutes (None for an untimed code)."""

    code: str
    minutes: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_procedure_code(self.code))
        if self.minutes is not None:
            object.__setattr__(
                self,
                "minutes",
                parse_int(self.minutes, "minutes", 1, MAX_MINUTES, f"minutes for {self.code}"),
            )

    @classmethod
    def parse(cls, text: str) -> SessionLine:
        """Read 'CODE' or 'CODE:MINUTES' as typed on the command line or in CSV."""
        code, sep, minutes = text.strip().partition(":")
        if sep and not minutes.strip():
            raise ValidationError(f"'{text}' has no minutes after the colon: use 97110:25", "code")
        return cls(code, int_or_error(minutes, "minutes") if sep else None)

    def __str__(self) -> str:
        return self.code if self.minutes is None else f"{self.code}:{self.minutes}"


def int_or_error(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValidationError(
            f"{field} must be a whole number, not '{text.strip()}'", field
        ) from None


@dataclass(frozen=True)
class Session:
    """One therapy visit."""

    date: date
    provider: str = ""
    visit_type: str = "treatment"
    lines: tuple[SessionLine, ...] = ()
    pain_before: int | None = None
    pain_after: int | None = None
    symptoms: str = ""
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", parse_date(self.date))
        object.__setattr__(self, "provider", _text(self.provider, "provider").strip())
        if self.visit_type not in VISIT_TYPES:
            raise ValidationError(
                f"visit type must be one of {', '.join(VISIT_TYPES)} (got '{self.visit_type}')",
                "visit_type",
            )
        object.__setattr__(self, "lines", tuple(self.lines))
        for name in ("pain_before", "pain_after"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, parse_int(value, name, 0, 10))
        object.__setattr__(self, "symptoms", _text(self.symptoms, "symptoms"))
        object.__setattr__(self, "note", _text(self.note, "note"))

    def validate_for_entry(self, today: _date) -> Self:
        """Checks that apply when a patient enters or edits a visit (not when reading files)."""
        check_not_future(self.date, today)
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(line.code for line in self.lines)

    @property
    def codes_text(self) -> str:
        return ";".join(str(line) for line in self.lines)

    def to_doc(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "provider": self.provider,
            "visit_type": self.visit_type,
            "lines": [{"code": ln.code, "minutes": ln.minutes} for ln in self.lines],
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "symptoms": self.symptoms,
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Session:
        return cls(
            date=doc["date"],
            provider=doc.get("provider", ""),
            visit_type=doc.get("visit_type", "treatment"),
            lines=tuple(SessionLine(ln["code"], ln.get("minutes")) for ln in doc.get("lines", ())),
            pain_before=doc.get("pain_before"),
            pain_after=doc.get("pain_after"),
            symptoms=doc.get("symptoms", ""),
            note=doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> Session:
        return replace(self, id=id)


# ---------------------------------------------------------------------------
# Claims


@dataclass(frozen=True)
class ClaimLine:
    """A code billed on a claim with its units, and per-line EOB amounts where known."""

    code: str
    units: int = 1
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_procedure_code(self.code, "units"))
        object.__setattr__(
            self, "units", parse_int(self.units, "units", 0, 99, f"units for {self.code}")
        )
        for name in ("billed", "allowed", "paid"):
            object.__setattr__(self, name, _money_or_none(getattr(self, name), name))

    @classmethod
    def parse(cls, text: str) -> ClaimLine:
        """Read 'CODE:UNITS' (or 'CODE' for one unit)."""
        code, sep, units = text.strip().partition(":")
        return cls(code, int_or_error(units, "units") if sep else 1)

    def to_doc(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "units": self.units,
            "billed": _money_doc(self.billed),
            "allowed": _money_doc(self.allowed),
            "paid": _money_doc(self.paid),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ClaimLine:
        return cls(
            doc["code"], doc.get("units", 1), doc.get("billed"), doc.get("allowed"), doc.get("paid")
        )


@dataclass(frozen=True)
class StatusChange:
    """One dated entry in a claim's history. A correction points at the entry it fixes
    (by index) instead of rewriting it, so the trail is never lost."""

    status: str
    on: date
    note: str = ""
    corrects: int | None = None

    def __post_init__(self) -> None:
        if self.status not in CLAIM_STATUSES:
            raise ValidationError(
                f"status must be one of {', '.join(CLAIM_STATUSES)} (got '{self.status}')",
                "status",
            )
        object.__setattr__(self, "on", parse_date(self.on, "on"))
        object.__setattr__(self, "note", _text(self.note, "note"))

    def to_doc(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "on": self.on.isoformat(),
            "note": self.note,
            "corrects": self.corrects,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> StatusChange:
        return cls(doc["status"], doc["on"], doc.get("note", ""), doc.get("corrects"))


@dataclass(frozen=True)
class Adjustment:
    """An EOB adjustment: who owes it (group CO/PR/OA/PI/CR), why (CARC), how much."""

    group: str
    reason: str
    amount: Decimal
    code: str = ""  # the procedure line it applies to, if the EOB says

    def __post_init__(self) -> None:
        group = self.group.strip().upper()
        if group not in ADJUSTMENT_GROUPS:
            raise ValidationError(
                f"adjustment group must be one of {', '.join(ADJUSTMENT_GROUPS)} "
                f"(got '{self.group}')",
                "adjustment",
            )
        object.__setattr__(self, "group", group)
        reason = self.reason.strip().upper()
        if not _REASON.fullmatch(reason):
            raise ValidationError(
                f"'{self.reason}' is not a reason code like 45 or 97", "adjustment"
            )
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "amount", parse_money(self.amount, "adjustment"))
        if self.code:
            object.__setattr__(self, "code", check_procedure_code(self.code, "adjustment"))

    @property
    def carc(self) -> str:
        return f"{self.group}-{self.reason}"

    @classmethod
    def parse(cls, text: str) -> Adjustment:
        """Read 'CO-45:12.50' or 'CO-45:12.50:97110'."""
        parts = text.strip().split(":")
        if len(parts) not in (2, 3):
            raise ValidationError(
                f"'{text}' is not an adjustment: use GROUP-REASON:AMOUNT like CO-45:12.50",
                "adjustment",
            )
        carc = normalize_code(parts[0])
        group, _, reason = carc.partition("-")
        amount = parse_money(parts[1], "adjustment")
        return cls(group, reason, amount, parts[2] if len(parts) == 3 else "")

    def to_doc(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "reason": self.reason,
            "amount": _money_doc(self.amount),
            "code": self.code,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Adjustment:
        return cls(doc["group"], doc["reason"], doc["amount"], doc.get("code", ""))


@dataclass(frozen=True)
class PatientPayment:
    """Money the patient paid the clinic toward a claim."""

    on: date
    amount: Decimal
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "on", parse_date(self.on, "on"))
        object.__setattr__(self, "amount", parse_money(self.amount, "amount"))
        if self.amount == 0:
            raise ValidationError("a payment must be more than 0.00", "amount")
        object.__setattr__(self, "note", _text(self.note, "note"))

    def to_doc(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "amount": _money_doc(self.amount), "note": self.note}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PatientPayment:
        return cls(doc["on"], doc["amount"], doc.get("note", ""))


@dataclass(frozen=True)
class Appeal:
    """An appeal of a denial: its level (1 = first), when filed, and how it ended."""

    level: int
    filed: date
    outcome: str = "pending"
    decided: date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", parse_int(self.level, "level", 1, 5, "appeal level"))
        object.__setattr__(self, "filed", parse_date(self.filed, "filed"))
        if self.outcome not in APPEAL_OUTCOMES:
            raise ValidationError(
                f"appeal outcome must be one of {', '.join(APPEAL_OUTCOMES)} "
                f"(got '{self.outcome}')",
                "outcome",
            )
        object.__setattr__(self, "decided", _date_or_none(self.decided, "decided"))
        object.__setattr__(self, "note", _text(self.note, "note"))

    def to_doc(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "filed": self.filed.isoformat(),
            "outcome": self.outcome,
            "decided": _iso(self.decided),
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Appeal:
        return cls(
            doc["level"],
            doc["filed"],
            doc.get("outcome", "pending"),
            doc.get("decided"),
            doc.get("note", ""),
        )


MONEY_FIELDS: tuple[str, ...] = (
    "billed",
    "allowed",
    "paid",
    "patient_owes",
    "deductible",
    "copay",
    "coinsurance",
    "not_covered",
)


@dataclass(frozen=True)
class Claim:
    """One insurance claim for one or more visits, and everything its EOB said."""

    service_dates: tuple[date, ...]
    payer: str
    billed: Decimal
    claim_number: str = ""
    status: str = "submitted"
    submitted: date | None = None
    lines: tuple[ClaimLine, ...] = ()
    allowed: Decimal | None = None
    paid: Decimal | None = None  # paid by the plan
    patient_owes: Decimal | None = None  # patient responsibility per the EOB
    deductible: Decimal | None = None
    copay: Decimal | None = None
    coinsurance: Decimal | None = None
    not_covered: Decimal | None = None
    denial_codes: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    history: tuple[StatusChange, ...] = ()
    session_ids: tuple[int, ...] = ()
    payments: tuple[PatientPayment, ...] = ()
    appeals: tuple[Appeal, ...] = ()
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        dates = tuple(sorted({parse_date(d, "service_date") for d in self.service_dates}))
        if not dates:
            raise ValidationError("a claim needs at least one service date", "service_date")
        object.__setattr__(self, "service_dates", dates)
        payer = _text(self.payer, "payer").strip()
        if not payer:
            raise ValidationError("a claim needs a payer (the insurance company)", "payer")
        object.__setattr__(self, "payer", payer)
        object.__setattr__(self, "claim_number", _text(self.claim_number, "claim_number").strip())
        if self.status not in CLAIM_STATUSES:
            raise ValidationError(
                f"status must be one of {', '.join(CLAIM_STATUSES)} (got '{self.status}')",
                "status",
            )
        object.__setattr__(self, "submitted", _date_or_none(self.submitted, "submitted"))
        object.__setattr__(self, "billed", parse_money(self.billed, "billed"))
        for name in MONEY_FIELDS[1:]:
            object.__setattr__(self, name, _money_or_none(getattr(self, name), name))
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(
            self, "denial_codes", tuple(check_denial_code(c) for c in self.denial_codes)
        )
        for name in ("adjustments", "history", "payments", "appeals"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        ids = tuple(self.session_ids)
        if any(not isinstance(i, int) or isinstance(i, bool) or i < 1 for i in ids):
            raise ValidationError("session ids must be positive whole numbers", "session")
        object.__setattr__(self, "session_ids", ids)
        object.__setattr__(self, "note", _text(self.note, "note"))

    def validate_for_entry(self, today: date) -> Self:
        for day in self.service_dates:
            check_not_future(day, today, "service_date", "A service date")
        if self.submitted is not None:
            check_not_future(self.submitted, today, "submitted", "The submission date")
        return self

    @property
    def first_service(self) -> date:
        return self.service_dates[0]

    @property
    def units(self) -> dict[str, int]:
        """Billed units per code (repeated codes summed)."""
        totals: dict[str, int] = {}
        for line in self.lines:
            totals[line.code] = totals.get(line.code, 0) + line.units
        return totals

    @property
    def units_text(self) -> str:
        return ";".join(f"{code}:{units}" for code, units in self.units.items())

    @property
    def last_change(self) -> date | None:
        return max((h.on for h in self.history), default=self.submitted)

    @property
    def patient_paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "service_dates": [d.isoformat() for d in self.service_dates],
            "payer": self.payer,
            "claim_number": self.claim_number,
            "status": self.status,
            "submitted": _iso(self.submitted),
            "lines": [ln.to_doc() for ln in self.lines],
        }
        for name in MONEY_FIELDS:
            doc[name] = _money_doc(getattr(self, name))
        doc.update(
            denial_codes=list(self.denial_codes),
            adjustments=[a.to_doc() for a in self.adjustments],
            history=[h.to_doc() for h in self.history],
            session_ids=list(self.session_ids),
            payments=[p.to_doc() for p in self.payments],
            appeals=[a.to_doc() for a in self.appeals],
            note=self.note,
        )
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Claim:
        return cls(
            service_dates=tuple(doc["service_dates"]),
            payer=doc["payer"],
            billed=doc["billed"],
            claim_number=doc.get("claim_number", ""),
            status=doc.get("status", "submitted"),
            submitted=doc.get("submitted"),
            lines=tuple(ClaimLine.from_doc(d) for d in doc.get("lines", ())),
            allowed=doc.get("allowed"),
            paid=doc.get("paid"),
            patient_owes=doc.get("patient_owes"),
            deductible=doc.get("deductible"),
            copay=doc.get("copay"),
            coinsurance=doc.get("coinsurance"),
            not_covered=doc.get("not_covered"),
            denial_codes=tuple(doc.get("denial_codes", ())),
            adjustments=tuple(Adjustment.from_doc(d) for d in doc.get("adjustments", ())),
            history=tuple(StatusChange.from_doc(d) for d in doc.get("history", ())),
            session_ids=tuple(doc.get("session_ids", ())),
            payments=tuple(PatientPayment.from_doc(d) for d in doc.get("payments", ())),
            appeals=tuple(Appeal.from_doc(d) for d in doc.get("appeals", ())),
            note=doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> Claim:
        return replace(self, id=id)


# ---------------------------------------------------------------------------
# Plans, authorisations, diary, personal code notes


@dataclass(frozen=True)
class Plan:
    """An insurance plan, matched to claims by payer name (case-insensitive).

    None for a number means "use the default for this plan type" (billing/ decides)."""

    payer: str
    plan_type: str = "commercial"
    plan_year_start_month: int = 1
    appeal_window_days: int | None = None
    timely_filing_days: int | None = None
    visit_limit: int | None = None
    unit_method: str | None = None  # None: CMS for Medicare kinds, per-code otherwise
    member_id: str = ""
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        payer = _text(self.payer, "payer").strip()
        if not payer:
            raise ValidationError("a plan needs a payer name", "payer")
        object.__setattr__(self, "payer", payer)
        if self.plan_type not in PLAN_TYPES:
            raise ValidationError(
                f"plan type must be one of {', '.join(PLAN_TYPES)} (got '{self.plan_type}')",
                "plan_type",
            )
        object.__setattr__(
            self,
            "plan_year_start_month",
            parse_int(
                self.plan_year_start_month, "plan_year_start_month", 1, 12, "plan year start month"
            ),
        )
        for name, high in (
            ("appeal_window_days", 3650),
            ("timely_filing_days", 3650),
            ("visit_limit", 1000),
        ):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, parse_int(value, name, 1, high))
        if self.unit_method is not None and self.unit_method not in UNIT_METHODS:
            raise ValidationError(
                f"unit method must be one of {', '.join(UNIT_METHODS)}", "unit_method"
            )
        object.__setattr__(self, "member_id", _text(self.member_id, "member_id").strip())
        object.__setattr__(self, "note", _text(self.note, "note"))

    def to_doc(self) -> dict[str, Any]:
        return {
            "payer": self.payer,
            "plan_type": self.plan_type,
            "plan_year_start_month": self.plan_year_start_month,
            "appeal_window_days": self.appeal_window_days,
            "timely_filing_days": self.timely_filing_days,
            "visit_limit": self.visit_limit,
            "unit_method": self.unit_method,
            "member_id": self.member_id,
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Plan:
        return cls(
            payer=doc["payer"],
            plan_type=doc.get("plan_type", "commercial"),
            plan_year_start_month=doc.get("plan_year_start_month", 1),
            appeal_window_days=doc.get("appeal_window_days"),
            timely_filing_days=doc.get("timely_filing_days"),
            visit_limit=doc.get("visit_limit"),
            unit_method=doc.get("unit_method"),
            member_id=doc.get("member_id", ""),
            note=doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> Plan:
        return replace(self, id=id)


@dataclass(frozen=True)
class Authorization:
    """A prior authorisation: so many visits with a payer between two dates."""

    payer: str
    visits: int
    start: date
    end: date
    number: str = ""
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        payer = _text(self.payer, "payer").strip()
        if not payer:
            raise ValidationError("an authorisation needs a payer name", "payer")
        object.__setattr__(self, "payer", payer)
        object.__setattr__(self, "visits", parse_int(self.visits, "visits", 1, 1000))
        object.__setattr__(self, "start", parse_date(self.start, "start"))
        object.__setattr__(self, "end", parse_date(self.end, "end"))
        if self.end < self.start:
            raise ValidationError("an authorisation cannot end before it starts", "end")
        object.__setattr__(self, "number", _text(self.number, "number").strip())
        object.__setattr__(self, "note", _text(self.note, "note"))

    def to_doc(self) -> dict[str, Any]:
        return {
            "payer": self.payer,
            "visits": self.visits,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "number": self.number,
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Authorization:
        return cls(
            doc["payer"],
            doc["visits"],
            doc["start"],
            doc["end"],
            doc.get("number", ""),
            doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> Authorization:
        return replace(self, id=id)


DIARY_COUNTS: tuple[tuple[str, int], ...] = (
    ("leaks", 100),
    ("pads", 50),
    ("urgency", 100),
    ("trips", 100),
    ("sets", 50),
)


@dataclass(frozen=True)
class DiaryEntry:
    """One day of the symptom and exercise diary. None means "not recorded that day"."""

    date: date
    leaks: int | None = None
    pads: int | None = None
    urgency: int | None = None
    trips: int | None = None
    pain: int | None = None
    sets: int | None = None
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", parse_date(self.date))
        for name, high in DIARY_COUNTS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, parse_int(value, name, 0, high))
        if self.pain is not None:
            object.__setattr__(self, "pain", parse_int(self.pain, "pain", 0, 10))
        object.__setattr__(self, "note", _text(self.note, "note"))

    def validate_for_entry(self, today: _date) -> Self:
        check_not_future(self.date, today, what="A diary day")
        return self

    def to_doc(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "leaks": self.leaks,
            "pads": self.pads,
            "urgency": self.urgency,
            "trips": self.trips,
            "pain": self.pain,
            "sets": self.sets,
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> DiaryEntry:
        return cls(
            doc["date"],
            doc.get("leaks"),
            doc.get("pads"),
            doc.get("urgency"),
            doc.get("trips"),
            doc.get("pain"),
            doc.get("sets"),
            doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> DiaryEntry:
        return replace(self, id=id)


@dataclass(frozen=True)
class CodeNote:
    """The patient's own note on a code, e.g. the wording from their EOB."""

    code: str
    text: str
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        code = normalize_code(_text(self.code, "code"))
        if not code:
            raise ValidationError("a note needs the code it is about", "code")
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "text", _text(self.text, "text"))

    def to_doc(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text}

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> CodeNote:
        return cls(doc["code"], doc.get("text", ""), id=id)

    def with_id(self, id: int) -> CodeNote:
        return replace(self, id=id)


RECORD_TYPES: dict[str, type] = {
    "sessions": Session,
    "claims": Claim,
    "plans": Plan,
    "auths": Authorization,
    "diary": DiaryEntry,
    "code_notes": CodeNote,
}
"""TinyDB table name -> the record class stored in it."""
