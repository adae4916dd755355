"""The FHIR ExplanationOfBenefit reader: Medicare's Blue Button samples and our own fixtures."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from floortrack.store.fhir import FhirError, looks_like_fhir, read_fhir, read_fhir_file

TODAY = date(2026, 4, 30)
OURS = Path(__file__).parents[1] / "fixtures" / "fhir"
SHARED = Path(__file__).parents[2].parent / "shared" / "fixtures" / "fhir"

needs_shared = pytest.mark.skipif(
    not (SHARED / "bfd_v2_bundle.json").exists(),
    reason=f"the public Blue Button samples are not beside the clone ({SHARED})",
)


def _eob(name: str = "commercial_professional.json") -> dict[str, Any]:
    return json.loads((OURS / name).read_text())


def _read(doc: Any) -> Any:
    return read_fhir(json.dumps(doc).encode(), TODAY)


# -- Medicare Blue Button samples (public domain, ../shared/fixtures/fhir) -----------------


@needs_shared
def test_blue_button_carrier_claim_maps_to_a_medicare_claim_with_line_amounts() -> None:
    batch = read_fhir_file(SHARED / "bfd_v2_carrier.json", TODAY)
    [eob] = batch.claims
    claim = eob.claim
    assert (claim.payer, claim.claim_number) == ("Medicare", "9991831999")
    assert claim.service_dates == (date(1999, 10, 27),)
    [line] = claim.lines
    assert (line.coded, line.units) == ("92999-LT", 1)
    assert (line.billed, line.allowed, line.paid) == (
        Decimal("75.00"),
        Decimal("47.84"),
        Decimal("37.50"),
    )
    assert claim.coinsurance == Decimal("9.57") and claim.patient_owes == Decimal("9.57")
    assert claim.status == "paid" and eob.clinic == "Fake ORG Name"
    # Medicare's own reduction code "0" (N/A) is not a CARC: not kept as a reason code.
    assert claim.reason_codes == ()
    # The quirk: the payment total says $199.99, the lines $37.50; the lines win, and it is said.
    assert any("$199.99" in remark for remark in eob.remarks)


@needs_shared
def test_blue_button_carrier_with_several_lines_sums_them() -> None:
    [eob] = read_fhir_file(SHARED / "bfd_v2_carrier_multi.json", TODAY).claims
    assert len(eob.claim.lines) > 1
    assert eob.claim.billed == sum((ln.billed or Decimal(0) for ln in eob.claim.lines), Decimal(0))


@needs_shared
def test_blue_button_bundle_skips_claims_that_are_not_therapy_visits_with_reasons() -> None:
    batch = read_fhir_file(SHARED / "bfd_v2_bundle.json", TODAY)
    assert [e.claim.claim_number for e in batch.claims] == ["9991831999"]
    reasons = sorted(s.reason for s in batch.skipped)
    assert reasons == sorted(
        ["no_code", "dme", "home_health", "inpatient", "snf", "pharmacy", "hospice"]
    )
    assert all(s.where.startswith("entry ") for s in batch.skipped)


# -- our fixtures ---------------------------------------------------------------------------


def test_commercial_professional_claim_with_modifiers_and_a_bundled_line() -> None:
    [eob] = read_fhir_file(OURS / "commercial_professional.json", TODAY).claims
    claim = eob.claim
    assert (claim.payer, claim.claim_number, eob.clinic) == (
        "Aetna",
        "AET-2026-0001",
        "Bloom Pelvic PT",
    )
    assert claim.units_text == "97161:1;97110-GP:2;97140-GP-59:1"
    assert (claim.billed, claim.allowed, claim.paid) == (
        Decimal("390.00"),
        Decimal("210.00"),
        Decimal("168.00"),
    )
    assert claim.patient_owes == Decimal("42.00") and claim.not_covered == Decimal("70.00")
    # CARC 97 comes without a group code: kept bare, the claim is partly paid.
    assert claim.reason_codes == ("97",)
    assert claim.status == "partially_paid"
    assert eob.status_on == date(2026, 3, 18)  # payment.date
    assert eob.updated == "2026-03-20T15:00:00Z"  # lastUpdated, in UTC


def test_denial_bundle_keeps_carc_and_rarc_and_counts_other_resources() -> None:
    batch = read_fhir_file(OURS / "denial_bundle.json", TODAY)
    [eob] = batch.claims
    assert eob.claim.status == "denied"
    assert eob.claim.reason_codes == ("50", "N115")
    assert eob.where == "entry 2 (ExplanationOfBenefit/aetna-eob-2)"
    assert batch.other_resources == {"Patient": 1, "Coverage": 1}


def test_ndjson_one_resource_a_line() -> None:
    raw = (OURS / "visits.ndjson").read_bytes()
    assert looks_like_fhir(raw)
    batch = read_fhir(raw, TODAY)
    assert [e.where.split(" (")[0] for e in batch.claims] == ["line 1", "line 2"]
    deductible_only = batch.claims[1].claim
    # Nothing paid, all of the allowed amount went to the deductible: processed, not denied.
    assert deductible_only.paid == Decimal("0.00") and deductible_only.status == "paid"
    assert deductible_only.deductible == Decimal("135.00")


def test_a_corrected_version_has_a_later_update_and_another_digest() -> None:
    [first] = read_fhir_file(OURS / "commercial_professional.json", TODAY).claims
    [second] = read_fhir_file(OURS / "commercial_professional_corrected.json", TODAY).claims
    assert second.updated > first.updated and second.digest != first.digest
    assert second.claim.status == "paid" and second.claim.reason_codes == ()


def test_malformed_resource_names_the_entry_and_field() -> None:
    with pytest.raises(FhirError) as caught:
        read_fhir_file(OURS / "malformed.json", TODAY)
    assert caught.value.message == (
        "entry 2 (ExplanationOfBenefit/aetna-eob-5), item[1].quantity.value: "
        "must be a number, not text 'two'"
    )
    assert caught.value.field == "item[1].quantity.value"


def test_placeholders_and_unknown_fields_are_passed_over() -> None:
    doc = _eob()
    doc["meta"]["lastUpdated"] = "IGNORED_FIELD"
    doc["created"] = "IGNORED_FIELD"
    doc["extension"] = [{"url": "https://example.test/x", "valueString": "anything"}]
    [eob] = _read(doc).claims
    assert eob.updated == "" and eob.status_on == date(2026, 3, 18)


def test_wrong_types_are_errors_with_the_field() -> None:
    doc = _eob()
    doc["item"] = {"not": "a list"}
    with pytest.raises(
        FhirError, match=r"resource 1 \(ExplanationOfBenefit/aetna-eob-1\), item: must be a list"
    ):
        _read(doc)
    doc = _eob()
    doc["item"][0]["adjudication"][0]["amount"]["value"] = "180.00"
    with pytest.raises(
        FhirError, match=r"item\[0\]\.adjudication\[0\]\.amount\.value: must be a number"
    ):
        _read(doc)
    doc = _eob()
    doc["item"][0]["servicedDate"] = "March 2"
    with pytest.raises(FhirError, match=r"item\[0\]\.servicedDate: 'March 2' is not a date"):
        _read(doc)


def test_values_floortrack_cannot_hold_skip_that_claim_only() -> None:
    doc = _eob()
    doc["item"][1]["quantity"]["value"] = 666
    batch = _read({"resourceType": "Bundle", "entry": [{"resource": doc}]})
    assert batch.claims == []
    [skip] = batch.skipped
    assert skip.reason == "values" and "units" in skip.detail


def test_codes_and_modifiers_of_the_wrong_shape_are_left_out_and_said() -> None:
    doc = _eob()
    doc["item"][1]["modifier"].append({"coding": [{"code": "Q9999"}]})
    doc["item"].append(dict(doc["item"][0], productOrService={"coding": [{"code": "M99"}]}))
    [eob] = _read(doc).claims
    assert len(eob.claim.lines) == 3
    assert any("M99" in r for r in eob.remarks) and any("Q9999" in r for r in eob.remarks)


def test_entered_in_error_is_skipped_and_cancelled_closes() -> None:
    doc = _eob()
    doc["status"] = "entered-in-error"
    assert [s.reason for s in _read(doc).skipped] == ["error"]
    doc["status"] = "cancelled"
    assert _read(doc).claims[0].claim.status == "closed"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"format": "floortrack-export"}', "no resourceType"),
        (b'{"resourceType": "Patient", "id": "p"}', "holds a FHIR Patient"),
        (b"{not json", "not valid JSON"),
        (
            b'{"resourceType": "OperationOutcome", "issue": [{"diagnostics": "token expired"}]}',
            "error message from the insurer's server, not claims (token expired)",
        ),
        (b'{"resourceType": "ExplanationOfBenefit"}\n{"id": 1}\n', "line 2 is not a FHIR resource"),
    ],
)
def test_files_that_are_not_eob_data_say_why(raw: bytes, message: str) -> None:
    with pytest.raises(FhirError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_fhir(raw, TODAY)


def test_looks_like_fhir_tells_exports_and_csv_apart() -> None:
    assert looks_like_fhir((OURS / "denial_bundle.json").read_bytes())
    assert not looks_like_fhir(b'{"format": "floortrack-export", "version": 1}')
    assert not looks_like_fhir(b"date,provider\n2026-01-01,x\n")
