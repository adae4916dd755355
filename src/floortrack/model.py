"""The records floortrack keeps, as plain immutable dataclasses, and the checks on them.

Money is `Decimal` (stored as a string such as "123.45"); dates are `date` (stored ISO).
Every check raises `ValidationError` with a message a patient understands; the field name
lets a form put the message next to the right input.

`to_doc()` gives the JSON-ready dict stored in TinyDB; `from_doc()` reads it back. Records
carry their TinyDB document id in `id` (None until saved); the id is never stored inside
the document itself.

Records have slots (no `__dict__`): the app holds ten years of them, and a slot record is
a fifth to a third smaller than one with a dictionary (a status change: 105 -> 73 bytes);
`weakref_slot` keeps them weakly referable, as the billing rules' per-record memo needs
(billing/memo.py).
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

PLAN_TYPES: tuple[str, ...] = (
    "medicare",
    "medicare_advantage",
    "medicaid",  # fee-for-service: the state's own Medicaid program
    "medicaid_managed",  # a Medicaid managed-care plan (a health plan company runs it)
    "tricare",
    "medigap",  # Medicare supplement: pays after Original Medicare
    "commercial",
    "self_pay",  # uninsured, or not using insurance for this care
    "other",
)
POS_RE = re.compile(r"^\d{2}$")  # place of service: 2 digits, e.g. 11 office, 22 outpatient
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
REASON_RE = re.compile(r"^([A-Z]?\d{1,3}|[A-Z]\d?)$")  # a CARC reason without its group: 97
ICD10_RE = re.compile(r"^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$")  # N39.3, R39.15
MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")  # GP, 59, KX


# re.ASCII everywhere: "١٢٣" (Arabic-Indic digits) is not 123 to a patient reading a bill.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_STORED_MONEY = re.compile(r"\d{1,7}\.\d{2}", re.ASCII)
# What people type for an amount: 123, 123.4, 123.45, $123.45, $1,234.56, .50 (docs/STORAGE.md,
# "Values a patient means"). A comma only groups thousands: "1,23" is refused, not $123.00.
_TYPED_MONEY = re.compile(r"\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?|\$?\.\d{1,2}", re.ASCII)
_NEGATIVE_MONEY = re.compile(r"(?:-\$?|\$-)[\d.,]+", re.ASCII)
_MANY_DECIMALS = re.compile(r"\$?[\d,]*\.\d{3,}", re.ASCII)
_TYPED_INT = re.compile(r"[+-]?\d{1,9}", re.ASCII)
# Every date a record holds lies in this window (files, imports and typing alike), so date
# arithmetic (deadlines, ages) can never overflow and 0001-01-01 is never a visit.
FIRST_DAY = date(1900, 1, 1)
ENTRY_YEARS = 20  # a visit, claim or diary day typed or imported is within 20 years of today
LAST_DAY = date(2100, 12, 31)
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


def check_reason_code(text: str, field: str = "reason_codes") -> str:
    """A reason code as a FHIR EOB gives it: a CARC without a group (97) or a RARC (N115)."""
    code = _text(text, field).strip().upper()
    if not (REASON_RE.match(code) or RARC_RE.match(code)):
        raise ValidationError(
            f"'{code}' is not a reason code: use a reason like 97 or a remark code like N115",
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
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2026-03-14", field
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            f"'{text}' is out of range: dates must be between {FIRST_DAY.isoformat()} "
            f"and {LAST_DAY.isoformat()}",
            field,
        )
    return day


def check_near_today(day: date, today: date, field: str = "date", years: int = 10) -> date:
    """A date typed or imported for an event (visit, payment, deadline) must lie within
    `years` of today: 2099 is a typo, not an authorisation (docs/STORAGE.md, "Values")."""
    try:
        low, high = today.replace(year=today.year - years), today.replace(year=today.year + years)
    except ValueError:  # 29 February
        low = today.replace(year=today.year - years, day=28)
        high = today.replace(year=today.year + years, day=28)
    if not low <= day <= high:
        raise ValidationError(
            f"{field.replace('_', ' ')} {day.isoformat()} is more than {years} years from "
            f"today ({today.isoformat()}); check the year",
            field,
        )
    return day


def check_not_future(day: date, today: date, field: str = "date", what: str = "A visit") -> date:
    if day > today:
        raise ValidationError(
            f"{what} cannot be in the future ({day.isoformat()} is after today, "
            f"{today.isoformat()})",
            field,
        )
    return day


def parse_money(value: str | Decimal | int, field: str = "amount") -> Decimal:
    """A non-negative amount with at most two decimals. Never a float.

    Text is read as people write amounts ($1,234.56); anything else (1,23, 1e2, 1_000,
    $$$5, non-ASCII digits, -0) is refused with a message rather than guessed at."""
    if type(value) is str and _STORED_MONEY.fullmatch(value):
        return Decimal(value)  # the stored form ("123.45"): already exact, the hot path
    if isinstance(value, float):  # floats cannot hold cents exactly: refuse them outright
        raise ValidationError("money must be given as text like 123.45, not a float", field)
    if isinstance(value, bool):
        raise ValidationError(f"'{value}' is not an amount: use a number like 123.45", field)
    label = field.replace("_", " ")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = str(value).strip()
        if not _TYPED_MONEY.fullmatch(text):
            if _NEGATIVE_MONEY.fullmatch(text):
                raise ValidationError(f"{label} cannot be negative ({text})", field)
            if _MANY_DECIMALS.fullmatch(text):
                raise ValidationError(
                    f"'{text}' has more than two decimals: amounts are in dollars and cents",
                    field,
                )
            raise ValidationError(
                f"'{text[:40]}' is not an amount: use a number like 123.45 or $1,234.56", field
            )
        amount = Decimal(text.replace(",", "").lstrip("$"))
    if not amount.is_finite():
        raise ValidationError(f"'{value}' is not an amount: use a number like 123.45", field)
    if amount < 0:
        raise ValidationError(f"{label} cannot be negative ({value})", field)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError(
            f"'{value}' has more than two decimals: amounts are in dollars and cents", field
        )
    if amount >= Decimal("10000000"):
        raise ValidationError(f"'{value}' is too large for a therapy bill", field)
    return abs(amount).quantize(Decimal("0.01"))  # abs: Decimal("-0") is 0.00, not -0.00


def parse_int(value: str | int, field: str, low: int, high: int, what: str | None = None) -> int:
    label = what or field.replace("_", " ")
    if isinstance(value, bool):
        raise ValidationError(f"{label} must be a whole number", field)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not _TYPED_INT.fullmatch(text):  # "2.5", "1_000", "١٢٣" are not counts
            raise ValidationError(f"{label} must be a whole number, not '{text[:40]}'", field)
        number = int(text)
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
    if "\0" in value:  # NUL ends strings in C tools, terminals and PDF writers
        raise ValidationError(f"{field} contains a NUL character", field)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # bytes that were not UTF-8 (argv's surrogate escapes)
            raise ValidationError(
                f"{field} contains bytes that are not valid text", field
            ) from None
    return value


# ---------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True, slots=True, weakref_slot=True)
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
    if not _TYPED_INT.fullmatch(text.strip()):
        raise ValidationError(f"{field} must be a whole number, not '{text.strip()[:40]}'", field)
    return int(text.strip())


@dataclass(frozen=True, slots=True, weakref_slot=True)
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
    charged: Decimal | None = None  # what the clinic charged for the visit (its bill)
    paid_at_desk: Decimal | None = None  # what the patient paid the clinic at the visit
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", parse_date(self.date))
        object.__setattr__(self, "provider", _text(self.provider, "provider").strip())
        for name in ("charged", "paid_at_desk"):
            object.__setattr__(self, name, _money_or_none(getattr(self, name), name))
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
        check_near_today(self.date, today, years=ENTRY_YEARS)
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
            "charged": _money_doc(self.charged),
            "paid_at_desk": _money_doc(self.paid_at_desk),
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
            charged=doc.get("charged"),
            paid_at_desk=doc.get("paid_at_desk"),
            id=id,
        )

    def with_id(self, id: int) -> Session:
        return replace(self, id=id)


# ---------------------------------------------------------------------------
# Claims


@dataclass(frozen=True, slots=True, weakref_slot=True)
class ClaimLine:
    """A code billed on a claim with its modifiers and units, and per-line EOB amounts."""

    code: str
    units: int = 1
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid: Decimal | None = None
    modifiers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_procedure_code(self.code, "units"))
        object.__setattr__(
            self, "units", parse_int(self.units, "units", 0, 99, f"units for {self.code}")
        )
        for name in ("billed", "allowed", "paid"):
            object.__setattr__(self, name, _money_or_none(getattr(self, name), name))
        modifiers = tuple(_text(m, "modifier").strip().upper() for m in self.modifiers)
        for modifier in modifiers:
            if not MODIFIER_RE.match(modifier):
                raise ValidationError(
                    f"'{modifier}' is not a modifier (two letters or digits, e.g. GP or 59)",
                    "units",
                )
        if len(modifiers) > 4:  # a claim line has room for four modifiers
            raise ValidationError(f"{self.code} has more than 4 modifiers", "units")
        object.__setattr__(self, "modifiers", modifiers)

    @classmethod
    def parse(cls, text: str) -> ClaimLine:
        """Read 'CODE[-MOD...]:UNITS' as an EOB prints it ('97140-GP-59:1'; no ':' = 1 unit)."""
        coded, sep, units = text.strip().partition(":")
        code, *modifiers = coded.split("-")
        return cls(code, int_or_error(units, "units") if sep else 1, modifiers=tuple(modifiers))

    @property
    def coded(self) -> str:
        """The code with its modifiers, as an EOB prints it: 97140-GP-59."""
        return "-".join((self.code, *self.modifiers))

    def __str__(self) -> str:
        return f"{self.coded}:{self.units}"

    def to_doc(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "modifiers": list(self.modifiers),
            "units": self.units,
            "billed": _money_doc(self.billed),
            "allowed": _money_doc(self.allowed),
            "paid": _money_doc(self.paid),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ClaimLine:
        return cls(
            doc["code"],
            doc.get("units", 1),
            doc.get("billed"),
            doc.get("allowed"),
            doc.get("paid"),
            tuple(doc.get("modifiers", ())),
        )


@dataclass(frozen=True, slots=True, weakref_slot=True)
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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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


FILED_BY: tuple[str, ...] = ("clinic", "patient")

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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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
    # Reason and remark codes as the insurer's FHIR EOB gives them: a CARC without its group
    # (CO/PR/OA), since FHIR carries none, or a RARC (docs/IMPORT.md, "Reason codes").
    reason_codes: tuple[str, ...] = ()
    # The EOB version last imported into this claim ("<lastUpdated> <digest>"), so importing
    # the same file again changes nothing (docs/IMPORT.md, "FHIR").
    eob_version: str = ""
    # Who sent the claim: the clinic (in network, the usual case) or the patient, with a
    # superbill, out of network; then the plan reimburses the patient (docs/BENEFITS.md,
    # "Claims you file yourself").
    filed_by: str = "clinic"
    reimbursed: Decimal | None = None  # what the plan has sent the patient so far
    reimbursed_on: date | None = None
    place_of_service: str = ""  # the 2-digit code on the claim ("11" = office), if known
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.filed_by not in FILED_BY:
            raise ValidationError(
                f"filed by must be one of {', '.join(FILED_BY)} (got '{self.filed_by}')",
                "filed_by",
            )
        object.__setattr__(self, "reimbursed", _money_or_none(self.reimbursed, "reimbursed"))
        object.__setattr__(
            self, "reimbursed_on", _date_or_none(self.reimbursed_on, "reimbursed_on")
        )
        pos = _text(self.place_of_service, "place_of_service").strip()
        if pos and not POS_RE.match(pos):
            raise ValidationError(
                f"place of service is a 2-digit code, e.g. 11 for an office (got '{pos}')",
                "place_of_service",
            )
        object.__setattr__(self, "place_of_service", pos)
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
        object.__setattr__(
            self, "reason_codes", tuple(check_reason_code(c) for c in self.reason_codes)
        )
        object.__setattr__(self, "eob_version", _text(self.eob_version, "eob_version").strip())

    def validate_for_entry(self, today: date) -> Self:
        for day in self.service_dates:
            check_not_future(day, today, "service_date", "A service date")
            check_near_today(day, today, "service_date", years=ENTRY_YEARS)
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
        """The lines as typed on the command line and in CSV: 97110:2;97140-GP-59:1."""
        if not any(line.modifiers for line in self.lines):
            return ";".join(f"{code}:{units}" for code, units in self.units.items())
        return ";".join(str(line) for line in self.lines)

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
            reason_codes=list(self.reason_codes),
            eob_version=self.eob_version,
            # "clinic" is the default and left out, so ten years of ordinary claims do not
            # carry it (from_doc fills it in).
            filed_by=None if self.filed_by == "clinic" else self.filed_by,
            reimbursed=_money_doc(self.reimbursed),
            reimbursed_on=_iso(self.reimbursed_on),
            place_of_service=self.place_of_service,
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
            reason_codes=tuple(doc.get("reason_codes", ())),
            eob_version=doc.get("eob_version", ""),
            filed_by=doc.get("filed_by") or "clinic",
            reimbursed=doc.get("reimbursed"),
            reimbursed_on=doc.get("reimbursed_on"),
            place_of_service=doc.get("place_of_service", ""),
            id=id,
        )

    def with_id(self, id: int) -> Claim:
        return replace(self, id=id)


# ---------------------------------------------------------------------------
# Plans, authorisations, diary, personal code notes


PLAN_REPORTED_FIELDS: tuple[str, ...] = (
    "reported_deductible_met",
    "reported_oop_met",
    "oon_reported_deductible_met",
    "oon_reported_oop_met",
)
PLAN_MONEY_FIELDS: tuple[str, ...] = (
    "deductible",
    "oop_max",
    "family_deductible",
    "family_oop_max",
    "copay",
    "oon_deductible",
    "oon_oop_max",
    "oon_family_deductible",
    "oon_family_oop_max",
    "oon_copay",
    *PLAN_REPORTED_FIELDS,
)


def parse_percent(value: str | Decimal | int, field: str = "percent") -> Decimal:
    """A percentage 0-100 such as 20 or 12.5 (a trailing % is accepted). Never a float."""
    if isinstance(value, float):
        raise ValidationError("a percentage must be given as text like 20, not a float", field)
    text = str(value).strip().rstrip("%").strip()
    try:
        pct = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            f"'{value}' is not a percentage: use a number like 20", field
        ) from None
    if not pct.is_finite() or not 0 <= pct <= 100:
        raise ValidationError(f"a percentage must be between 0 and 100 (got {value})", field)
    exponent = pct.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError(f"'{value}' has more than two decimals", field)
    return pct.quantize(Decimal(1)) if pct == pct.to_integral() else pct


def _percent_doc(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


@dataclass(frozen=True, slots=True, weakref_slot=True)
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
    # Plan-year cost sharing (docs/BENEFITS.md). None: not entered. In-network first, then
    # the out-of-network (oon_) terms where the plan has them; family amounts on family plans.
    deductible: Decimal | None = None
    oop_max: Decimal | None = None
    family_deductible: Decimal | None = None
    family_oop_max: Decimal | None = None
    coinsurance_pct: Decimal | None = None  # the patient's share after the deductible, 0-100
    copay: Decimal | None = None  # per visit
    oon_deductible: Decimal | None = None
    oon_oop_max: Decimal | None = None
    oon_family_deductible: Decimal | None = None
    oon_family_oop_max: Decimal | None = None
    oon_coinsurance_pct: Decimal | None = None
    oon_copay: Decimal | None = None
    oon_filing_days: int | None = None  # days to send in a claim you file yourself
    # What the insurer reports as met so far (their portal or a call), "as of" a date: it
    # includes other providers' claims that floortrack never sees.
    reported_as_of: date | None = None
    reported_deductible_met: Decimal | None = None
    reported_oop_met: Decimal | None = None
    oon_reported_deductible_met: Decimal | None = None
    oon_reported_oop_met: Decimal | None = None
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        payer = _text(self.payer, "payer").strip()
        if not payer:
            raise ValidationError("a plan needs a payer name", "payer")
        for name in PLAN_MONEY_FIELDS:
            object.__setattr__(self, name, _money_or_none(getattr(self, name), name))
        for name in ("coinsurance_pct", "oon_coinsurance_pct"):
            value = getattr(self, name)
            if value is not None and value != "":
                object.__setattr__(self, name, parse_percent(value, name))
            else:
                object.__setattr__(self, name, None)
        object.__setattr__(self, "reported_as_of", _date_or_none(self.reported_as_of, "as_of"))
        reported = any(getattr(self, n) is not None for n in PLAN_REPORTED_FIELDS)
        if reported and self.reported_as_of is None:
            raise ValidationError(
                "say when the insurer reported what is met: add --as-of YYYY-MM-DD", "as_of"
            )
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
            ("oon_filing_days", 3650),
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
            **{name: _money_doc(getattr(self, name)) for name in PLAN_MONEY_FIELDS},
            "coinsurance_pct": _percent_doc(self.coinsurance_pct),
            "oon_coinsurance_pct": _percent_doc(self.oon_coinsurance_pct),
            "oon_filing_days": self.oon_filing_days,
            "reported_as_of": _iso(self.reported_as_of),
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
            **{name: doc.get(name) for name in PLAN_MONEY_FIELDS},
            coinsurance_pct=doc.get("coinsurance_pct"),
            oon_coinsurance_pct=doc.get("oon_coinsurance_pct"),
            oon_filing_days=doc.get("oon_filing_days"),
            reported_as_of=doc.get("reported_as_of"),
            id=id,
        )

    def with_id(self, id: int) -> Plan:
        return replace(self, id=id)


@dataclass(frozen=True, slots=True, weakref_slot=True)
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

    def validate_for_entry(self, today: date) -> Self:
        check_near_today(self.start, today, "start", years=ENTRY_YEARS)
        check_near_today(self.end, today, "end", years=ENTRY_YEARS)
        return self

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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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
        check_near_today(self.date, today, years=ENTRY_YEARS)
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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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


# ---------------------------------------------------------------------------
# Clinics and the patient's profile (docs/BENEFITS.md, "Clinics")

NETWORK_STATUSES: tuple[str, ...] = ("in", "out")
NPI_RE = re.compile(r"^\d{10}$")
_EIN_RE = re.compile(r"^(\d{2})-?(\d{7})$")
POS_RE = re.compile(r"^\d{2}$")


def check_npi_shape(text: str, field: str = "npi") -> str:
    """Ten digits (spaces and dashes dropped), or "" for none. The check digit is checked
    where an NPI is entered (billing/npi.py), so a file with a wrong one still opens."""
    npi = re.sub(r"[\s-]", "", _text(text, field))
    if npi and not NPI_RE.match(npi):
        raise ValidationError(f"an NPI is 10 digits (got '{text.strip()}')", field)
    return npi


def check_tax_id(text: str, field: str = "tax_id") -> str:
    """An EIN as NN-NNNNNNN (9 digits, the dash optional when typed), or "" for none."""
    value = _text(text, field).strip()
    if not value:
        return ""
    m = _EIN_RE.match(value.replace(" ", ""))
    if not m:
        raise ValidationError(f"a tax ID (EIN) is 9 digits like 12-3456789 (got '{value}')", field)
    return f"{m.group(1)}-{m.group(2)}"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Clinic:
    """A clinic or therapist: who bills, their identifiers, network status with each payer,
    and their fee per code. Visits name their clinic by `Session.provider` (case-insensitive)."""

    name: str
    npi: str = ""
    tax_id: str = ""
    address: str = ""
    phone: str = ""
    place_of_service: str = "11"  # the superbill's place-of-service code (11: office)
    networks: tuple[tuple[str, str], ...] = ()  # (payer, "in" | "out")
    fees: tuple[tuple[str, Decimal], ...] = ()  # (code, charge)
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        name = _text(self.name, "name").strip()
        if not name:
            raise ValidationError("a clinic needs a name", "name")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "npi", check_npi_shape(self.npi))
        object.__setattr__(self, "tax_id", check_tax_id(self.tax_id))
        object.__setattr__(self, "address", _text(self.address, "address").strip())
        object.__setattr__(self, "phone", _text(self.phone, "phone").strip())
        pos = _text(self.place_of_service, "place_of_service").strip() or "11"
        if not POS_RE.match(pos):
            raise ValidationError(
                f"a place of service is a 2-digit code like 11 (got '{pos}')", "place_of_service"
            )
        object.__setattr__(self, "place_of_service", pos)
        networks: dict[str, tuple[str, str]] = {}
        for payer, status in self.networks:
            payer = _text(payer, "network").strip()
            if not payer:
                raise ValidationError("a network status needs the payer's name", "network")
            if status not in NETWORK_STATUSES:
                raise ValidationError(
                    f"network status must be 'in' or 'out' (got '{status}')", "network"
                )
            networks[payer.casefold()] = (payer, status)
        object.__setattr__(self, "networks", tuple(networks.values()))
        fees: dict[str, Decimal] = {}
        for code, amount in self.fees:
            fees[check_procedure_code(code, "fee")] = parse_money(amount, "fee")
        object.__setattr__(self, "fees", tuple(sorted(fees.items())))
        object.__setattr__(self, "note", _text(self.note, "note"))

    def network_for(self, payer: str) -> str | None:
        """'in' or 'out' with this payer, or None if not recorded."""
        wanted = payer.strip().casefold()
        return next((status for p, status in self.networks if p.casefold() == wanted), None)

    def fee_for(self, code: str) -> Decimal | None:
        return dict(self.fees).get(code)

    def to_doc(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "npi": self.npi,
            "tax_id": self.tax_id,
            "address": self.address,
            "phone": self.phone,
            "place_of_service": self.place_of_service,
            "networks": {payer: status for payer, status in self.networks},
            "fees": {code: _money_doc(amount) for code, amount in self.fees},
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Clinic:
        return cls(
            name=doc["name"],
            npi=doc.get("npi", ""),
            tax_id=doc.get("tax_id", ""),
            address=doc.get("address", ""),
            phone=doc.get("phone", ""),
            place_of_service=doc.get("place_of_service", "11"),
            networks=tuple(dict(doc.get("networks", {})).items()),
            fees=tuple(dict(doc.get("fees", {})).items()),
            note=doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> Clinic:
        return replace(self, id=id)


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Profile:
    """Who the patient is, for superbills and letters. One record (the newest is used)."""

    name: str = ""
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""
    diagnoses: tuple[str, ...] = ()  # ICD-10 codes from the referral or plan of care
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        codes = []
        for code in self.diagnoses:
            text = _text(code, "diagnosis").strip().upper()
            if not ICD10_RE.match(text):
                raise ValidationError(
                    f"'{code}' is not an ICD-10 code (like N39.41 or M62.89)", "diagnosis"
                )
            if text not in codes:
                codes.append(text)
        object.__setattr__(self, "diagnoses", tuple(codes))
        object.__setattr__(self, "name", _text(self.name, "name").strip())
        object.__setattr__(
            self, "date_of_birth", _date_or_none(self.date_of_birth, "date_of_birth")
        )
        object.__setattr__(self, "address", _text(self.address, "address").strip())
        object.__setattr__(self, "phone", _text(self.phone, "phone").strip())

    def to_doc(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "date_of_birth": _iso(self.date_of_birth),
            "address": self.address,
            "phone": self.phone,
            "diagnoses": list(self.diagnoses),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Profile:
        return cls(
            doc.get("name", ""),
            doc.get("date_of_birth"),
            doc.get("address", ""),
            doc.get("phone", ""),
            tuple(doc.get("diagnoses", ())),
            id=id,
        )

    def with_id(self, id: int) -> Profile:
        return replace(self, id=id)


# ---------------------------------------------------------------------------
# Calls and documents: the evidence a patient keeps while fighting a denial


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Call:
    """A call with the payer or the clinic: who, when, what they said, and any follow-up.

    `claim_id` ties it to a claim (its history and appeal letters cite it); a call about
    the plan in general has none. `follow_up` is the day to check back by."""

    with_whom: str
    on: date
    note: str
    claim_id: int | None = None
    rep: str = ""
    reference: str = ""
    follow_up: date | None = None
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        who = _text(self.with_whom, "with_whom").strip()
        if not who:
            raise ValidationError(
                "a call needs who it was with (the insurer or the clinic)", "with_whom"
            )
        object.__setattr__(self, "with_whom", who)
        object.__setattr__(self, "on", parse_date(self.on, "on"))
        note = _text(self.note, "note").strip()
        if not note:
            raise ValidationError("a call needs a note: what was said or agreed", "note")
        object.__setattr__(self, "note", note)
        if self.claim_id is not None and (
            not isinstance(self.claim_id, int)
            or isinstance(self.claim_id, bool)
            or self.claim_id < 1
        ):
            raise ValidationError("a claim id is a positive whole number", "claim_id")
        object.__setattr__(self, "rep", _text(self.rep, "rep").strip())
        object.__setattr__(self, "reference", _text(self.reference, "reference").strip())
        object.__setattr__(self, "follow_up", _date_or_none(self.follow_up, "follow_up"))
        if self.follow_up is not None and self.follow_up < self.on:
            raise ValidationError(
                f"the follow-up date {self.follow_up.isoformat()} is before the call "
                f"({self.on.isoformat()})",
                "follow_up",
            )

    def validate_for_entry(self, today: date) -> Self:
        check_not_future(self.on, today, "on", "A call")
        return self

    def to_doc(self) -> dict[str, Any]:
        return {
            "with_whom": self.with_whom,
            "on": self.on.isoformat(),
            "note": self.note,
            "claim_id": self.claim_id,
            "rep": self.rep,
            "reference": self.reference,
            "follow_up": _iso(self.follow_up),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Call:
        return cls(
            with_whom=doc["with_whom"],
            on=doc["on"],
            note=doc["note"],
            claim_id=doc.get("claim_id"),
            rep=doc.get("rep", ""),
            reference=doc.get("reference", ""),
            follow_up=doc.get("follow_up"),
            id=id,
        )

    def with_id(self, id: int) -> Call:
        return replace(self, id=id)


DOCUMENT_KINDS: tuple[str, ...] = ("eob", "letter", "plan_of_care", "other")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_STORED_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


@dataclass(frozen=True, slots=True, weakref_slot=True)
class ClaimDocument:
    """A file kept with a claim (an EOB, a denial letter, a plan of care), copied into the
    `documents/` folder beside the data file under `stored`, with its SHA-256 checksum."""

    claim_id: int
    kind: str
    name: str  # the file's original name, as the patient knows it
    stored: str  # the copy's file name inside documents/
    sha256: str
    size: int
    added: date
    note: str = ""
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if (
            not isinstance(self.claim_id, int)
            or isinstance(self.claim_id, bool)
            or self.claim_id < 1
        ):
            raise ValidationError("a document belongs to a claim (a positive id)", "claim_id")
        if self.kind not in DOCUMENT_KINDS:
            raise ValidationError(
                f"document kind must be one of {', '.join(DOCUMENT_KINDS)} (got '{self.kind}')",
                "kind",
            )
        name = _text(self.name, "name").strip()
        if not name:
            raise ValidationError("a document needs a file name", "name")
        object.__setattr__(self, "name", name)
        if not isinstance(self.stored, str) or not _STORED_NAME.fullmatch(self.stored):
            raise ValidationError("a stored document name must be a plain file name", "stored")
        if not isinstance(self.sha256, str) or not _SHA256.fullmatch(self.sha256):
            raise ValidationError("a document checksum must be 64 hex digits (SHA-256)", "sha256")
        if not isinstance(self.size, int) or isinstance(self.size, bool) or self.size < 0:
            raise ValidationError("a document size must be a whole number of bytes", "size")
        object.__setattr__(self, "added", parse_date(self.added, "added"))
        object.__setattr__(self, "note", _text(self.note, "note"))

    def to_doc(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "kind": self.kind,
            "name": self.name,
            "stored": self.stored,
            "sha256": self.sha256,
            "size": self.size,
            "added": self.added.isoformat(),
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> ClaimDocument:
        return cls(
            claim_id=doc["claim_id"],
            kind=doc["kind"],
            name=doc["name"],
            stored=doc["stored"],
            sha256=doc["sha256"],
            size=doc["size"],
            added=doc["added"],
            note=doc.get("note", ""),
            id=id,
        )

    def with_id(self, id: int) -> ClaimDocument:
        return replace(self, id=id)


RECORD_TYPES: dict[str, type] = {
    "sessions": Session,
    "claims": Claim,
    "plans": Plan,
    "auths": Authorization,
    "diary": DiaryEntry,
    "code_notes": CodeNote,
    "clinics": Clinic,
    "profile": Profile,
    "calls": Call,
    "documents": ClaimDocument,
}
"""TinyDB table name -> the record class stored in it."""
