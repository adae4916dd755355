"""EOB arithmetic: the identities, findings in plain words, balances and totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from floortrack.billing.eob import balance, breakdown, check_eob, patient_responsibility, totals
from floortrack.model import Adjustment, Claim, ClaimLine, PatientPayment

D = Decimal


def claim(**kw) -> Claim:
    base = dict(service_dates=(date(2026, 3, 2),), payer="Cigna", billed="214.50", status="paid")
    base.update(kw)
    return Claim(**base)


def test_worked_cigna_example_adds_up() -> None:
    c = claim(
        allowed="126.00",
        paid="111.00",
        patient_owes="15.00",
        copay="15.00",
        lines=(
            ClaimLine("97110", 2, "179.50", "96.65", "81.65"),
            ClaimLine("97140", 1, "35.00", "29.35", "29.35"),
        ),
        adjustments=(
            Adjustment("CO", "45", "82.85", "97110"),
            Adjustment("CO", "45", "5.65", "97140"),
            Adjustment("PR", "3", "15.00", "97110"),
        ),
    )
    assert check_eob(c) == []
    b = breakdown(c)
    assert b.contractual_adjustment == D("88.50")
    assert patient_responsibility(c) == D("15.00")


def test_partially_paid_claim_that_does_not_add_up_says_by_how_much() -> None:
    c = claim(
        billed="300.00",
        allowed="180.00",
        paid="120.00",
        deductible="20.00",
        coinsurance="24.00",
        patient_owes="44.00",
        status="partially_paid",
    )
    findings = check_eob(c)
    assert [f.check for f in findings] == ["allowed_split"]
    f = findings[0]
    assert f.difference == D("16.00")
    assert "$16.00" in f.message and "missing" in f.message
    assert "insurer" in f.ask


def test_contractual_adjustment_must_explain_billed_minus_allowed() -> None:
    c = claim(
        billed="200.00",
        allowed="120.00",
        paid="120.00",
        adjustments=(Adjustment("CO", "45", "70.00"),),
    )
    [f] = check_eob(c)
    assert f.check == "billed_allowed" and f.difference == D("10.00")
    assert "$80.00" in f.message and "$10.00 is unexplained" in f.message
    # The same gap explained by a not-covered column is accepted.
    ok = claim(
        billed="200.00",
        allowed="120.00",
        paid="120.00",
        not_covered="10.00",
        adjustments=(Adjustment("CO", "45", "70.00"),),
    )
    assert check_eob(ok) == []


def test_pr_adjustments_stand_in_for_blank_fields_without_double_counting() -> None:
    c = claim(
        billed="150.00",
        allowed="100.00",
        paid="80.00",
        deductible="20.00",
        adjustments=(Adjustment("CO", "45", "50.00"), Adjustment("PR", "1", "20.00")),
    )
    assert check_eob(c) == []
    assert patient_responsibility(c) == D("20.00")


def test_patient_owes_more_than_its_parts_is_flagged() -> None:
    c = claim(billed="200.00", allowed="100.00", paid="80.00", copay="20.00", patient_owes="35.00")
    checks = {f.check: f for f in check_eob(c)}
    assert "patient_owes" in checks
    assert checks["patient_owes"].difference == D("15.00")
    assert "before paying" in checks["patient_owes"].ask


def test_missing_numbers_are_not_mismatches() -> None:
    assert check_eob(claim(status="submitted")) == []
    assert check_eob(claim(allowed="100.00")) == []


def test_allowed_above_billed_and_line_totals() -> None:
    c = claim(billed="100.00", allowed="120.00")
    assert [f.check for f in check_eob(c)] == ["allowed_over_billed"]
    c = claim(
        billed="214.50", lines=(ClaimLine("97110", 2, "179.50"), ClaimLine("97140", 1, "30.00"))
    )
    [f] = check_eob(c)
    assert f.check == "lines" and f.difference == D("5.00")


def test_balance_and_totals() -> None:
    a = claim(patient_owes="40.00", payments=(PatientPayment(date(2026, 4, 1), "15.00"),))
    b = claim(patient_owes="10.00", payments=(PatientPayment(date(2026, 4, 1), "12.00"),))
    c = claim(status="submitted")
    assert balance(a) == D("25.00") and balance(b) == D("-2.00") and balance(c) is None
    t = totals([a, b, c])
    assert (t.owed, t.paid, t.balance, t.credit, t.unknown) == (
        D("50.00"),
        D("27.00"),
        D("25.00"),
        D("2.00"),
        1,
    )


def test_medicare_sequestration_is_taken_from_the_payment_not_the_bill() -> None:
    c = claim(
        billed="300.00",
        allowed="200.00",
        paid="156.80",
        coinsurance="40.00",
        patient_owes="40.00",
        adjustments=(
            Adjustment("CO", "45", "100.00"),
            Adjustment("CO", "253", "3.20"),
            Adjustment("PR", "2", "40.00"),
        ),
    )
    assert check_eob(c) == []


def test_unknown_patient_share_is_not_a_mismatch() -> None:
    # Sequestration recorded, coinsurance not typed yet: nothing to compare.
    c = claim(
        billed="300.00",
        allowed="200.00",
        paid="156.80",
        adjustments=(Adjustment("CO", "45", "100.00"), Adjustment("CO", "253", "3.20")),
    )
    assert check_eob(c) == []
