"""Read an insurer's claim data: FHIR R4 ExplanationOfBenefit as plain JSON (docs/IMPORT.md).

The APIs of the CMS Patient Access rule (Medicare's Blue Button 2.0, Medicare Advantage,
Medicaid, exchange plans) give a patient their claims as ExplanationOfBenefit resources in
the CARIN Blue Button profiles. A patient's app saves them as one resource, a Bundle (a
searchset page) or NDJSON (one resource a line). This reader takes all three.

It is tolerant of what real files hold and strict about their shape:

- unknown fields, extensions and placeholders ("IGNORED_FIELD" in dates) are passed over;
  codes that are not procedure codes, modifiers of the wrong shape and Medicare's own reason
  codes are left out (and counted), never an error;
- a claim that is not a therapy visit by its type (pharmacy, inpatient, skilled nursing,
  hospice, home health, equipment, dental, vision) is skipped with its reason; so is one whose
  values floortrack cannot hold (e.g. 666 units on a line);
- a wrong type where FHIR says what it must be (an amount that is text, `item` that is not a
  list), broken JSON, or a file that is not FHIR raises `FhirError`: one line saying which
  resource and which field. Nothing is half read: the caller imports all of it or none.

No FHIR model library: the JSON is read with orjson and walked by hand. Which claims are
therapy by their codes, and what the EOB's numbers mean, is decided above this layer
(actions/fhir_import.py, billing/).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import orjson

from floortrack.model import (
    MODIFIER_RE,
    PROCEDURE_RE,
    RARC_RE,
    REASON_RE,
    Claim,
    ClaimLine,
    ValidationError,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")

# Adjudication categories (FHIR's adjudication code system and the CARIN BB codes) -> field.
_AMOUNT_SLICES: dict[str, str] = {
    "submitted": "billed",
    "eligible": "allowed",
    "benefit": "paid",
    "deductible": "deductible",
    "coinsurance": "coinsurance",
    "copay": "copay",
    "memberliability": "patient_owes",
    "noncovered": "not_covered",
    "paidtoprovider": "paid_to_provider",
    "paidtopatient": "paid_to_patient",
}
_REASON_SLICES = frozenset({"denialreason", "adjustmentreason"})
_THERAPY_MODIFIERS = frozenset({"GP", "GO", "GN"})

# Why a claim is skipped: key -> the words a summary uses for it.
SKIP_REASONS: dict[str, str] = {
    "pharmacy": "pharmacy (Part D)",
    "inpatient": "inpatient",
    "snf": "skilled nursing",
    "hospice": "hospice",
    "home_health": "home health",
    "dme": "medical equipment (DME)",
    "oral": "dental",
    "vision": "vision",
    "no_code": "without a procedure code",
    "error": "entered in error",
    "values": "with values floortrack cannot hold",
    "not_therapy": "without a therapy code",
    "older": "older than the version already imported",
}
NOT_THERAPY_TYPES = frozenset(
    {"pharmacy", "inpatient", "snf", "hospice", "home_health", "dme", "oral", "vision"}
)

# Medicare's (Blue Button) claim types, and CARIN profile names, to our kinds.
_BLUE_BUTTON_TYPES: dict[str, str] = {
    "CARRIER": "professional",
    "OUTPATIENT": "outpatient",
    "INPATIENT": "inpatient",
    "SNF": "snf",
    "HOSPICE": "hospice",
    "HHA": "home_health",
    "DME": "dme",
    "PDE": "pharmacy",
}
_PROFILE_HINTS: tuple[tuple[str, str], ...] = (
    ("inpatient", "inpatient"),
    ("outpatient", "outpatient"),
    ("pharmacy", "pharmacy"),
    ("oral", "oral"),
    ("professional", "professional"),
)
_CLAIM_TYPES: dict[str, str] = {
    "professional": "professional",
    "institutional": "institutional",
    "pharmacy": "pharmacy",
    "oral": "oral",
    "vision": "vision",
}
_PAYER_NAMES = {"CMS": "Medicare"}  # Blue Button names the insurer by its identifier only


class FhirError(ValidationError):
    """A FHIR file floortrack cannot read: the message names the resource and the field."""


class _Skip(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class EobClaim:
    """One ExplanationOfBenefit mapped to a floortrack claim (not yet saved).

    `claim` holds only what the EOB says (no history, visits or payments); `line_dates`
    runs parallel to `claim.lines` (the day each line was done)."""

    where: str  # "resource 3 (ExplanationOfBenefit/abc)": for messages
    resource_id: str
    claim: Claim
    line_dates: tuple[date, ...]
    clinic: str
    kind: str  # "professional" or "outpatient"
    status_on: date | None  # when the EOB says the status was reached (None: not said)
    updated: str  # meta.lastUpdated in UTC ("2026-03-20T15:00:00Z"), "" if absent or a placeholder
    digest: str  # a digest of what the EOB says, to tell versions apart
    therapy_modifier: bool  # a line carries GP, GO or GN (a therapy plan of care)
    payer_reasons: tuple[str, ...] = ()  # the payer's own reason codes (not CARC/RARC)
    remarks: tuple[str, ...] = ()  # what was left out or looks odd, in plain words

    @property
    def version(self) -> str:
        return f"{self.updated} {self.digest}".strip()


@dataclass(frozen=True)
class Skipped:
    where: str
    reason: str  # a SKIP_REASONS key
    claim_number: str = ""
    detail: str = ""


@dataclass
class FhirBatch:
    """Everything read from one file."""

    claims: list[EobClaim] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    other_resources: dict[str, int] = field(default_factory=dict)  # Patient: 1, Coverage: 2


# ---------------------------------------------------------------------------
# Recognising and splitting a file


def looks_like_fhir(raw: bytes) -> bool:
    """True if `raw` is FHIR JSON (a resource, a Bundle, or NDJSON), by its content."""
    head = raw.lstrip()[:1]
    if head != b"{":
        return False
    first = raw.lstrip().split(b"\n", 1)[0]
    for candidate in (first, raw):
        try:
            doc = orjson.loads(candidate)
        except orjson.JSONDecodeError:
            continue
        return isinstance(doc, dict) and isinstance(doc.get("resourceType"), str)
    return False


def read_fhir_file(path: Path, today: date) -> FhirBatch:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FhirError(f"{path} does not exist", "file") from None
    except IsADirectoryError:
        raise FhirError(f"{path} is a folder: give the .json or .ndjson file", "file") from None
    except OSError as exc:
        raise FhirError(f"{path} cannot be read ({exc.strerror})", "file") from None
    return read_fhir(raw, today)


def read_fhir(raw: bytes, today: date) -> FhirBatch:
    """Read FHIR JSON bytes. Raises FhirError on the first thing that is wrong."""
    batch = FhirBatch()
    for where, resource in _resources(raw):
        _take(resource, where, batch, today)
    return batch


def _resources(raw: bytes) -> Iterator[tuple[str, Any]]:
    text = raw.lstrip()
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:].lstrip()
    if not text.startswith(b"{"):
        raise FhirError("the file is not FHIR JSON (it does not start with '{')", "file")
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as whole_error:
        lines = [line for line in text.split(b"\n") if line.strip()]
        if len(lines) < 2:
            raise FhirError(
                f"the file is not valid JSON ({str(whole_error).splitlines()[0]})", "file"
            ) from None
        yield from _ndjson(lines)
        return
    yield from _top(doc)


def _ndjson(lines: list[bytes]) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(lines, start=1):
        try:
            resource = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FhirError(
                f"line {number} is not valid JSON ({str(exc).splitlines()[0]})", "file"
            ) from None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            raise FhirError(f"line {number} is not a FHIR resource (no resourceType)", "file")
        yield from _entries(resource, f"line {number}")


def _top(doc: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("resourceType"), str):
        raise FhirError("the file is not FHIR (its JSON has no resourceType)", "file")
    kind = doc["resourceType"]
    if kind == "OperationOutcome":
        issue = doc.get("issue")
        issues: list[Any] = issue if isinstance(issue, list) else []
        said = "; ".join(
            str(i.get("diagnostics") or i.get("code") or "") for i in issues if isinstance(i, dict)
        )
        raise FhirError(
            "the file is an error message from the insurer's server, not claims"
            + (f" ({said})" if said else ""),
            "file",
        )
    if kind not in ("Bundle", "ExplanationOfBenefit"):
        raise FhirError(
            f"the file holds a FHIR {kind}, not ExplanationOfBenefit claims", "resourceType"
        )
    yield from _entries(doc, "resource 1")


def _entries(resource: dict[str, Any], where: str) -> Iterator[tuple[str, Any]]:
    if resource.get("resourceType") != "Bundle":
        yield where, resource
        return
    entries = resource.get("entry", [])
    if not isinstance(entries, list):
        raise FhirError(f"{where} (Bundle): entry must be a list", "entry")
    prefix = "" if where == "resource 1" else f"{where}, "
    for number, entry in enumerate(entries, start=1):
        label = f"{prefix}entry {number}"
        if not isinstance(entry, dict):
            raise FhirError(f"{label}: an entry must be an object", f"entry[{number - 1}]")
        inner = entry.get("resource")
        if not isinstance(inner, dict) or not isinstance(inner.get("resourceType"), str):
            raise FhirError(f"{label}: has no resource", f"entry[{number - 1}].resource")
        yield from _entries(inner, label)


# ---------------------------------------------------------------------------
# One resource


def _take(resource: dict[str, Any], where: str, batch: FhirBatch, today: date) -> None:
    kind = resource["resourceType"]
    if kind != "ExplanationOfBenefit":
        batch.other_resources[kind] = batch.other_resources.get(kind, 0) + 1
        return
    rid = resource.get("id")
    label = f"{where} (ExplanationOfBenefit/{rid})" if isinstance(rid, str) else where
    reader = _Reader(label)
    try:
        batch.claims.append(reader.claim(resource, today))
    except _Skip as skip:
        batch.skipped.append(Skipped(label, skip.reason, reader.claim_number, skip.detail))


class _Reader:
    """Walks one EOB, keeping the path of the field it is on for error messages."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.claim_number = ""
        self.remarks: list[str] = []
        self.payer_reasons: list[str] = []

    def fail(self, path: str, problem: str) -> FhirError:
        return FhirError(f"{self.where}, {path}: {problem}", path)

    # -- typed access ------------------------------------------------------------------
    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(path, f"must be an object, not {_kind(value)}")
        return value

    def lst(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list, not {_kind(value)}")
        return value

    def text(self, value: Any, path: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(path, f"must be text, not {_kind(value)}")
        return value.strip()

    def number(self, value: Any, path: str) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(path, f"must be a number, not {_kind(value)}")
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)

    def money(self, value: Any, path: str) -> Decimal | None:
        money = self.obj(value, path)
        amount = self.number(money.get("value"), f"{path}.value")
        if amount is None:
            return None
        currency = money.get("currency")
        if currency not in (None, "USD"):
            raise _Skip("values", f"{path} is in {currency}, not US dollars")
        if amount < 0:
            raise _Skip("values", f"{path} is below zero (a reversal)")
        if amount >= Decimal("10000000"):
            raise _Skip("values", f"{path} is too large for a therapy bill")
        return amount.quantize(CENT, ROUND_HALF_UP)

    def day(self, value: Any, path: str, required: bool = False) -> date | None:
        """A FHIR date or dateTime; placeholders such as "IGNORED_FIELD" read as absent."""
        text = self.text(value, path)
        match = _DATE.match(text)
        if not match:
            if text and required:
                raise self.fail(path, f"'{text}' is not a date (YYYY-MM-DD)")
            return None
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            if required:
                raise self.fail(path, f"'{text}' is not a date") from None
            return None

    def codes(self, concept: Any, path: str) -> list[tuple[str, str, str]]:
        """(system, code, display) of each coding in a CodeableConcept."""
        fast = _codes_fast(concept)
        if fast is not None:
            return fast
        found = []
        concept = self.obj(concept, path)
        for i, coding in enumerate(self.lst(concept.get("coding"), f"{path}.coding")):
            where = f"{path}.coding[{i}]"
            coding = self.obj(coding, where)
            found.append(
                (
                    self.text(coding.get("system"), f"{where}.system"),
                    self.text(coding.get("code"), f"{where}.code"),
                    self.text(coding.get("display"), f"{where}.display"),
                )
            )
        return found

    # -- the claim -----------------------------------------------------------------------
    def claim(self, eob: dict[str, Any], today: date) -> EobClaim:
        self.claim_number = self._claim_number(eob)
        status = self.text(eob.get("status"), "status")
        if status == "entered-in-error":
            raise _Skip("error")
        kind = self._kind(eob)
        if kind in NOT_THERAPY_TYPES:
            raise _Skip(kind)
        contained = self._contained(eob)
        payer = self._party(eob.get("insurer"), "insurer", contained)
        payer = _PAYER_NAMES.get(payer, payer) or "Unknown insurer"
        clinic = self._clinic(eob, contained)
        billable = self.obj(eob.get("billablePeriod"), "billablePeriod")
        fallback_day = self.day(billable.get("start"), "billablePeriod.start")

        lines: list[ClaimLine] = []
        line_dates: list[date] = []
        totals: dict[str, Decimal] = {}
        reasons: list[str] = []
        therapy_modifier = False
        items = self.lst(eob.get("item"), "item")
        for i, item in enumerate(items):
            path = f"item[{i}]"
            item = self.obj(item, path)
            line = self._line(item, path, fallback_day, reasons)
            if line is None:
                continue
            claim_line, day, amounts = line
            therapy_modifier |= bool(_THERAPY_MODIFIERS & set(claim_line.modifiers))
            lines.append(claim_line)
            line_dates.append(day)
            for name, amount in amounts.items():
                totals[name] = totals.get(name, ZERO) + amount
        if not lines:
            raise _Skip("no_code")

        header = self._amounts(eob.get("total"), "total", reasons)
        self._amounts(eob.get("adjudication"), "adjudication", reasons)
        payment = self.obj(eob.get("payment"), "payment")
        paid_total = self.money(payment.get("amount"), "payment.amount")

        def total(name: str) -> Decimal | None:
            return header.get(name, totals.get(name))

        paid = total("paid")
        if paid is None and paid_total is not None:
            paid = paid_total
        elif paid is not None and paid_total is not None and paid_total != paid:
            self.remarks.append(
                f"the EOB's payment (${paid_total:,.2f}) differs from what its lines say the "
                f"plan paid (${paid:,.2f}); the lines' figure is kept"
            )
        if paid is None and ("paid_to_provider" in totals or "paid_to_patient" in totals):
            paid = totals.get("paid_to_provider", ZERO) + totals.get("paid_to_patient", ZERO)
        shares = [total(n) for n in ("deductible", "coinsurance", "copay")]
        patient_owes = total("patient_owes")
        if patient_owes is None and any(s is not None for s in shares):
            patient_owes = sum((s for s in shares if s is not None), ZERO)
        billed = total("billed")
        if billed is None:
            self.remarks.append("the EOB gives no billed amount (recorded as $0.00)")
        outcome = self.text(eob.get("outcome"), "outcome")
        claim_status = _status(status, outcome, paid, total("allowed"), lines, reasons)
        try:
            claim = Claim(
                service_dates=tuple(sorted(set(line_dates))),
                payer=payer,
                billed=billed if billed is not None else ZERO,
                claim_number=self.claim_number,
                status=claim_status,
                lines=tuple(lines),
                allowed=total("allowed"),
                paid=paid,
                patient_owes=patient_owes,
                deductible=shares[0],
                coinsurance=shares[1],
                copay=shares[2],
                not_covered=total("not_covered"),
                reason_codes=tuple(dict.fromkeys(reasons)),
            )
        except ValidationError as exc:
            raise _Skip("values", exc.message) from None
        meta = self.obj(eob.get("meta"), "meta")
        updated = _instant(self.text(meta.get("lastUpdated"), "meta.lastUpdated"))
        status_on = (
            self.day(payment.get("date"), "payment.date")
            or self.day(eob.get("created"), "created")
            or self.day(updated, "meta.lastUpdated")
        )
        if status_on is not None and status_on > today:
            status_on = today
        return EobClaim(
            where=self.where,
            resource_id=str(eob.get("id") or ""),
            claim=claim,
            line_dates=tuple(line_dates),
            clinic=clinic,
            kind=kind,
            status_on=status_on,
            updated=updated,
            digest=_digest(claim, clinic),
            therapy_modifier=therapy_modifier,
            payer_reasons=tuple(dict.fromkeys(self.payer_reasons)),
            remarks=tuple(dict.fromkeys(self.remarks)),
        )

    def _claim_number(self, eob: dict[str, Any]) -> str:
        first_value = ""
        for i, ident in enumerate(self.lst(eob.get("identifier"), "identifier")):
            path = f"identifier[{i}]"
            ident = self.obj(ident, path)
            value = self.text(ident.get("value"), f"{path}.value")
            types = {code for _, code, _ in self.codes(ident.get("type"), f"{path}.type")}
            if value and "uc" in types:  # CARIN's unique claim identifier
                return value
            first_value = first_value or value
        return first_value or self.text(eob.get("id"), "id")

    def _kind(self, eob: dict[str, Any]) -> str:
        codes = self.codes(eob.get("type"), "type")
        for system, code, _ in codes:
            if "bluebutton" in system and code.upper() in _BLUE_BUTTON_TYPES:
                return _BLUE_BUTTON_TYPES[code.upper()]
        meta = self.obj(eob.get("meta"), "meta")
        profiles = " ".join(
            self.text(p, f"meta.profile[{i}]").lower()
            for i, p in enumerate(self.lst(meta.get("profile"), "meta.profile"))
        )
        for hint, kind in _PROFILE_HINTS:
            if f"explanationofbenefit-{hint}" in profiles:
                return kind
        for _, code, _ in codes:
            if code.lower() in _CLAIM_TYPES:
                kind = _CLAIM_TYPES[code.lower()]
                if kind == "institutional":
                    sub = {c.lower() for _, c, _ in self.codes(eob.get("subType"), "subType")}
                    return "inpatient" if "inpatient" in sub else "outpatient"
                return kind
        return "professional"

    def _contained(self, eob: dict[str, Any]) -> dict[str, str]:
        """Names of contained resources by their local reference ("#org-1" -> "Bloom PT")."""
        names: dict[str, str] = {}
        for i, res in enumerate(self.lst(eob.get("contained"), "contained")):
            res = self.obj(res, f"contained[{i}]")
            rid = res.get("id")
            name = _name_of(res)
            if isinstance(rid, str) and name:
                names[f"#{rid}"] = name
        return names

    def _party(self, value: Any, path: str, contained: dict[str, str]) -> str:
        ref = self.obj(value, path)
        display = self.text(ref.get("display"), f"{path}.display")
        if display:
            return display
        reference = self.text(ref.get("reference"), f"{path}.reference")
        if reference in contained:
            return contained[reference]
        ident = self.obj(ref.get("identifier"), f"{path}.identifier")
        return self.text(ident.get("value"), f"{path}.identifier.value")

    def _clinic(self, eob: dict[str, Any], contained: dict[str, str]) -> str:
        provider = self._party(eob.get("provider"), "provider", contained)
        ref = self.obj(eob.get("provider"), "provider")
        named = bool(ref.get("display")) or ref.get("reference") in contained
        if named:
            return provider
        for i, member in enumerate(self.lst(eob.get("careTeam"), "careTeam")):
            path = f"careTeam[{i}]"
            member = self.obj(member, path)
            roles = {c for _, c, _ in self.codes(member.get("role"), f"{path}.role")}
            if roles & {"primary", "performing", "rendering"}:
                name = self._party(member.get("provider"), f"{path}.provider", contained)
                if name and not name.isdigit():
                    return name
        return f"NPI {provider}" if provider.isdigit() else provider

    def _line(
        self, item: dict[str, Any], path: str, fallback: date | None, reasons: list[str]
    ) -> tuple[ClaimLine, date, dict[str, Decimal]] | None:
        code = ""
        for system, value, _ in self.codes(
            item.get("productOrService"), f"{path}.productOrService"
        ):
            if PROCEDURE_RE.match(value.upper()):
                code = value.upper()
                break
            if value and "ndc" not in system:
                self.remarks.append(f"code {value} left out (not a procedure code)")
        amounts = self._amounts(item.get("adjudication"), f"{path}.adjudication", reasons)
        if not code:
            return None
        modifiers: list[str] = []
        for i, concept in enumerate(self.lst(item.get("modifier"), f"{path}.modifier")):
            for _, value, _ in self.codes(concept, f"{path}.modifier[{i}]")[:1]:
                if MODIFIER_RE.match(value.upper()) and len(modifiers) < 4:
                    modifiers.append(value.upper())
                elif value:
                    self.remarks.append(
                        f"modifier {value} on {code} left out (a modifier is two letters or digits)"
                    )
        quantity = self.obj(item.get("quantity"), f"{path}.quantity")
        units = self.number(quantity.get("value"), f"{path}.quantity.value")
        units_int = 1 if units is None else int(units.quantize(Decimal(1), ROUND_HALF_UP))
        day = self.day(item.get("servicedDate"), f"{path}.servicedDate", required=True)
        if day is None:
            period = self.obj(item.get("servicedPeriod"), f"{path}.servicedPeriod")
            day = self.day(period.get("start"), f"{path}.servicedPeriod.start", required=True)
        day = day or fallback
        if day is None:
            raise self.fail(f"{path}.servicedDate", "a line needs a service date")
        try:
            line = ClaimLine(
                code,
                units_int,
                amounts.get("billed"),
                amounts.get("allowed"),
                amounts.get("paid"),
                tuple(modifiers),
            )
        except ValidationError as exc:
            raise _Skip("values", f"{path}: {exc.message}") from None
        return line, day, amounts

    def _amounts(self, value: Any, path: str, reasons: list[str]) -> dict[str, Decimal]:
        """Amounts by field from a list of adjudication (or total) entries; reason codes
        found on the way are added to `reasons`."""
        found: dict[str, Decimal] = {}
        for i, entry in enumerate(self.lst(value, path)):
            where = f"{path}[{i}]"
            entry = self.obj(entry, where)
            categories = {
                c.lower() for _, c, _ in self.codes(entry.get("category"), f"{where}.category")
            }
            if "reason" in entry:
                self._reason(entry.get("reason"), f"{where}.reason", reasons)
            if categories & _REASON_SLICES:
                continue
            amount = self.money(entry.get("amount"), f"{where}.amount")
            if amount is None:
                continue
            for category in categories:
                name = _AMOUNT_SLICES.get(category)
                if name is not None:
                    found[name] = found.get(name, ZERO) + amount
        return found

    def _reason(self, concept: Any, path: str, reasons: list[str]) -> None:
        for system, code, display in self.codes(concept, path):
            upper = code.upper()
            lowered = system.lower()
            standard = (
                "claim-adjustment-reason" in lowered
                or "remittance-advice-remark" in lowered
                or "x12.org" in lowered
            )
            if (standard or not system) and (REASON_RE.match(upper) or RARC_RE.match(upper)):
                reasons.append(upper)
            elif code and display.upper() not in ("N/A", "NA", ""):
                self.payer_reasons.append(f"{code} ({display})")
            elif code and code not in ("0",) and not display:
                self.payer_reasons.append(code)


def _codes_fast(concept: Any) -> list[tuple[str, str, str]] | None:
    """`codes` for a well-formed concept (most of them), or None to take the checked path."""
    if concept is None:
        return []
    if type(concept) is not dict:
        return None
    coding = concept.get("coding")
    if coding is None:
        return []
    if type(coding) is not list:
        return None
    found = []
    for item in coding:
        if type(item) is not dict:
            return None
        system, code, display = (
            item.get("system", ""),
            item.get("code", ""),
            item.get("display", ""),
        )
        if type(system) is not str or type(code) is not str or type(display) is not str:
            return None
        found.append((system.strip(), code.strip(), display.strip()))
    return found


def _status(
    status: str,
    outcome: str,
    paid: Decimal | None,
    allowed: Decimal | None,
    lines: list[ClaimLine],
    reasons: list[str],
) -> str:
    """The claim status an EOB's status, outcome and payment amount say (docs/IMPORT.md)."""
    if status == "cancelled":
        return "closed"
    if outcome == "queued":
        return "in_process"
    if outcome == "partial":
        return "in_process"
    if outcome == "error":
        return "needs_info"
    if paid is None:
        return "in_process"
    if paid > 0:
        unpaid = [
            ln for ln in lines if ln.paid is not None and ln.paid == 0 and (ln.billed or 0) > 0
        ]
        return "partially_paid" if unpaid and reasons else "paid"
    if allowed is not None and allowed > 0:
        return "paid"  # processed; all of it fell to the patient's deductible or share
    return "denied"


def _instant(text: str) -> str:
    """meta.lastUpdated as a UTC instant that sorts as text ("" for a placeholder)."""
    if not _DATE.match(text):
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _digest(claim: Claim, clinic: str) -> str:
    doc = claim.to_doc()
    doc["clinic"] = clinic
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]


def _name_of(resource: dict[str, Any]) -> str:
    name = resource.get("name")
    if isinstance(name, str):
        return name.strip()
    if isinstance(name, list) and name and isinstance(name[0], dict):
        human = name[0]
        if isinstance(human.get("text"), str):
            return str(human["text"]).strip()
        given = " ".join(g for g in human.get("given", []) if isinstance(g, str))
        family = human.get("family") if isinstance(human.get("family"), str) else ""
        return f"{given} {family}".strip()
    return ""


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"text '{value[:30]}'"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"
