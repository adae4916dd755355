"""The model's checks, as a patient meets them: clear messages, nothing half-valid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from floortrack.model import (
    Adjustment,
    Claim,
    ClaimLine,
    Session,
    SessionLine,
    ValidationError,
    check_denial_code,
    parse_date,
    parse_money,
)
from floortrack.store.repository import compact

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "03/04/2026", "yesterday", ""])
def test_impossible_dates_are_refused_with_the_expected_format(text: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        parse_date(text)


def test_leap_day_is_a_real_date() -> None:
    assert parse_date("2028-02-29") == date(2028, 2, 29)


def test_a_visit_in_the_future_is_refused() -> None:
    with pytest.raises(ValidationError, match="future"):
        Session(date(2026, 6, 2)).validate_for_entry(TODAY)
    assert Session(TODAY).validate_for_entry(TODAY).date == TODAY


@pytest.mark.parametrize("minutes", [0, 481, -5])
def test_minutes_outside_1_to_480_are_refused(minutes: int) -> None:
    with pytest.raises(ValidationError, match="between 1 and 480"):
        SessionLine("97110", minutes)


@pytest.mark.parametrize("pain", [-1, 11])
def test_pain_outside_0_to_10_is_refused(pain: int) -> None:
    with pytest.raises(ValidationError, match="between 0 and 10") as info:
        Session(TODAY, pain_before=pain)
    assert info.value.field == "pain_before"


@pytest.mark.parametrize("code", ["9711", "971100", "ABCDE", "G028", "97-10"])
def test_malformed_procedure_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="not a procedure code"):
        SessionLine(code, 10)


def test_codes_are_normalised_and_untimed_codes_have_no_minutes() -> None:
    assert SessionLine.parse(" g0283 ") == SessionLine("G0283", None)
    assert SessionLine.parse("97110:25") == SessionLine("97110", 25)
    with pytest.raises(ValidationError, match="whole number"):
        SessionLine.parse("97110:abc")


@pytest.mark.parametrize(
    "text,expected", [("co-97", "CO-97"), ("PR 2", "PR-2"), ("CO97", "CO-97"), ("N115", "N115")]
)
def test_denial_codes_accept_common_spellings(text: str, expected: str) -> None:
    assert check_denial_code(text) == expected


@pytest.mark.parametrize("text", ["XX-97", "97", "CO-", "hello"])
def test_bad_denial_codes_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="CO-97"):
        check_denial_code(text)


@pytest.mark.parametrize(
    "text,message",
    [
        ("-1", "negative"),
        ("1.005", "two decimals"),
        ("abc", "not an amount"),
        ("NaN", "not an amount"),
    ],
)
def test_bad_money_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_money(text)


def test_money_is_decimal_and_never_float() -> None:
    assert parse_money("$1,234.5") == Decimal("1234.50")
    with pytest.raises(ValidationError, match="float"):
        parse_money(0.1)  # type: ignore[arg-type]


def test_claim_needs_dates_and_payer_and_keeps_dates_sorted() -> None:
    with pytest.raises(ValidationError, match="service date"):
        Claim((), "Aetna", "10")
    with pytest.raises(ValidationError, match="payer"):
        Claim((TODAY,), "  ", "10")
    claim = Claim(("2026-05-03", "2026-05-01", "2026-05-03"), "Aetna", "10")
    assert claim.service_dates == (date(2026, 5, 1), date(2026, 5, 3))


def test_claim_units_sum_repeated_codes() -> None:
    claim = Claim((TODAY,), "Aetna", "100", lines=(ClaimLine("97110", 2), ClaimLine("97110", 1)))
    assert claim.units == {"97110": 3}


def test_adjustment_parses_group_reason_amount_and_line() -> None:
    adj = Adjustment.parse("co-45:60.00:97110")
    assert (adj.carc, adj.amount, adj.code) == ("CO-45", Decimal("60.00"), "97110")
    with pytest.raises(ValidationError, match="GROUP-REASON:AMOUNT"):
        Adjustment.parse("CO-45")


def test_records_round_trip_through_their_stored_documents() -> None:
    session = Session(
        TODAY,
        "Bloom PT",
        "evaluation",
        (SessionLine("97161"), SessionLine("97110", 20)),
        6,
        4,
        "urgency",
        "first visit",
    )
    assert Session.from_doc(compact(session.to_doc())) == session
    claim = Claim(
        (TODAY,),
        "Aetna",
        "250",
        "A1",
        "denied",
        TODAY,
        (ClaimLine("97110", 2),),
        allowed=Decimal("0"),
        denial_codes=("CO-97",),
    )
    assert Claim.from_doc(compact(claim.to_doc())) == claim
