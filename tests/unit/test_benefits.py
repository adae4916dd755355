"""Deductible and out-of-pocket met, visits used and the next visit's estimate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from floortrack.billing import benefits
from floortrack.model import Claim, Plan, Session, SessionLine, ValidationError

D = Decimal
TODAY = date(2026, 9, 15)


def visit(
    sid: int, day: str, provider: str = "Bloom PT", codes: tuple[str, ...] = ("97110", "97140")
) -> Session:
    return Session(
        date=date.fromisoformat(day),
        provider=provider,
        lines=tuple(SessionLine(c, 20) for c in codes),
        id=sid,
    )


def eob_claim(
    cid: int,
    day: str,
    sid: int,
    allowed: str,
    deductible: str = "0",
    coins: str = "0",
    payer: str = "Aetna",
) -> Claim:
    return Claim(
        service_dates=(date.fromisoformat(day),),
        payer=payer,
        billed=D("240"),
        status="paid",
        allowed=D(allowed),
        deductible=D(deductible),
        coinsurance=D(coins),
        session_ids=(sid,),
        id=cid,
    )


JULY_PLAN = Plan(
    "Aetna", plan_year_start_month=7, deductible="1000", oop_max="3000", coinsurance_pct="20"
)


def test_a_plan_year_starting_in_july_counts_only_its_own_claims() -> None:
    sessions = [visit(1, "2026-06-20"), visit(2, "2026-07-06"), visit(3, "2026-08-03")]
    claims = [
        eob_claim(1, "2026-06-20", 1, "150", deductible="150"),  # previous plan year
        eob_claim(2, "2026-07-06", 2, "120", deductible="120"),
        eob_claim(3, "2026-08-03", 3, "130", deductible="130"),
    ]
    years = benefits.benefits([JULY_PLAN], sessions, claims, TODAY)
    current, previous = years
    assert (current.start, current.end) == (date(2026, 7, 1), date(2027, 6, 30))
    assert current.deductible_met == D("250.00")
    assert current.oop_met == D("250.00")
    assert current.visits_used == 2
    assert (previous.start, previous.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert previous.deductible_met == D("150.00")
    assert previous.estimate is None  # a past year has no "next visit"


def test_the_estimate_runs_the_allowed_range_through_the_deductible_then_coinsurance() -> None:
    sessions = [visit(1, "2026-07-06"), visit(2, "2026-07-13"), visit(3, "2026-09-01")]
    claims = [
        eob_claim(1, "2026-07-06", 1, "110", deductible="110"),
        eob_claim(2, "2026-07-13", 2, "140", deductible="140"),
    ]
    [year] = benefits.benefits([JULY_PLAN], sessions, claims, TODAY)
    # 750 of the deductible left: the whole allowed amount is the patient's.
    assert year.estimate == benefits.Estimate(D("110.00"), D("140.00"))
    assert "97110+97140 at Bloom PT" in year.basis
    assert "computed from your 2 EOBs" in year.basis

    met = Plan(
        "Aetna", plan_year_start_month=7, deductible="100", oop_max="3000", coinsurance_pct="20"
    )
    [after] = benefits.benefits([met], sessions, claims, TODAY)
    assert after.deductible_met == D("100.00")
    assert after.estimate == benefits.Estimate(D("22.00"), D("28.00"))  # 20% of 110..140
    assert after.visits_to_oop is not None and after.visits_to_oop > 50


def test_the_insurer_reported_figure_is_shown_with_later_eobs_added() -> None:
    plan = Plan(
        "Aetna",
        plan_year_start_month=7,
        deductible="1000",
        oop_max="3000",
        coinsurance_pct="20",
        reported_deductible_met="600",
        reported_oop_met="650",
        reported_as_of="2026-07-31",
    )
    sessions = [visit(1, "2026-07-06"), visit(2, "2026-08-03")]
    claims = [
        eob_claim(1, "2026-07-06", 1, "120", deductible="120"),  # already in the report
        eob_claim(2, "2026-08-03", 2, "130", deductible="130"),  # after it: added
    ]
    [year] = benefits.benefits([plan], sessions, claims, TODAY)
    assert year.reported
    assert year.deductible_met == D("730.00")
    assert year.oop_met == D("780.00")
    assert year.eob_deductible == D("250.00")
    assert "what your insurer reported" in year.basis and "2026-07-31" in year.basis


def test_a_report_from_another_plan_year_is_not_used() -> None:
    plan = Plan(
        "Aetna",
        plan_year_start_month=7,
        deductible="1000",
        reported_deductible_met="900",
        reported_as_of="2026-05-01",
    )
    [year] = benefits.benefits([plan], [visit(1, "2026-08-03")], [], TODAY)
    assert not year.reported and year.deductible_met == D("0.00")


def test_no_history_means_no_estimate_and_says_why() -> None:
    [year] = benefits.benefits([JULY_PLAN], [visit(1, "2026-08-03")], [], TODAY)
    assert year.estimate is None
    assert "no EOB with an allowed amount yet" in year.basis
    [empty] = benefits.benefits([JULY_PLAN], [], [], TODAY)
    assert empty.estimate is None and "no visits in network logged" in empty.basis


def test_without_cost_sharing_the_range_is_what_was_owed_before() -> None:
    plan = Plan("Aetna")
    sessions = [visit(1, "2026-08-03"), visit(2, "2026-08-10")]
    claims = [
        eob_claim(1, "2026-08-03", 1, "120", coins="24"),
        eob_claim(2, "2026-08-10", 2, "100", coins="20"),
    ]
    [year] = benefits.benefits([plan], sessions, claims, TODAY)
    assert year.estimate == benefits.Estimate(D("20.00"), D("24.00"))
    assert "not entered" in year.basis


def test_out_of_network_claims_count_against_the_out_of_network_terms() -> None:
    plan = Plan(
        "Aetna",
        deductible="500",
        coinsurance_pct="10",
        oon_deductible="2000",
        oon_coinsurance_pct="40",
    )
    sessions = [visit(1, "2026-08-03"), visit(2, "2026-08-10", provider="Cash Pelvic PT")]
    claims = [
        eob_claim(1, "2026-08-03", 1, "120", deductible="120"),
        eob_claim(2, "2026-08-10", 2, "90", deductible="90"),
    ]
    network_of = lambda c: "out" if c.id == 2 else "in"  # noqa: E731
    years = benefits.benefits([plan], sessions, claims, TODAY, network_of=network_of)
    by_net = {y.network: y for y in years}
    assert by_net["in"].deductible_met == D("120.00")
    assert by_net["out"].deductible_met == D("90.00")
    assert by_net["out"].deductible == D("2000.00")


def test_patient_cost_never_exceeds_what_is_left_of_the_oop_maximum() -> None:
    terms = benefits.terms_for(Plan("X", deductible="0", coinsurance_pct="50", copay="10"), "in")
    assert benefits.patient_cost(D("100"), terms, D("0"), None) == D("55.00")
    assert benefits.patient_cost(D("100"), terms, D("0"), D("12.00")) == D("12.00")
    assert benefits.visits_until_oop(D("100"), terms, D("0"), D("0")) == 0
    assert benefits.visits_until_oop(D("100"), terms, D("0"), D("110")) == 2


def test_plan_benefit_values_are_checked() -> None:
    with pytest.raises(ValidationError, match="between 0 and 100"):
        Plan("X", coinsurance_pct="120")
    with pytest.raises(ValidationError, match="as-of"):
        Plan("X", reported_deductible_met="100")
    with pytest.raises(ValidationError):
        Plan("X", deductible="-5")
    plan = Plan(
        "X",
        coinsurance_pct="12.5%",
        oop_max="4000",
        reported_oop_met="10",
        reported_as_of="2026-01-02",
    )
    assert Plan.from_doc(plan.to_doc()) == plan
    assert plan.coinsurance_pct == D("12.5")


def test_reported_amounts_are_capped_at_the_limits() -> None:
    plan = Plan(
        "X",
        deductible="500",
        oop_max="1000",
        reported_deductible_met="700",
        reported_oop_met="1200",
        reported_as_of="2026-03-01",
    )
    [year] = benefits.benefits([plan], [], [], TODAY)
    assert year.deductible_met == D("500.00") and year.oop_met == D("1000.00")
    assert year.deductible_left == D("0.00") and year.oop_left == D("0.00")


def test_a_clinic_out_of_network_with_the_payer_makes_its_claims_out_of_network() -> None:
    from floortrack.model import Clinic

    sessions = [visit(1, "2026-08-03"), visit(2, "2026-08-10", provider="cash pelvic pt")]
    claims = [
        eob_claim(1, "2026-08-03", 1, "120", deductible="120"),
        eob_claim(2, "2026-08-10", 2, "90", deductible="90"),
    ]
    clinics = [Clinic("Cash Pelvic PT", networks=(("aetna", "out"),)), Clinic("Bloom PT")]
    network_of = benefits.network_by_clinic(sessions, clinics)
    assert [network_of(c) for c in claims] == ["in", "out"]


def test_the_next_visit_in_network_is_estimated_from_in_network_visits_only() -> None:
    from floortrack.model import Clinic

    plan = Plan("Aetna", deductible="0", coinsurance_pct="20")
    sessions = [visit(1, "2026-08-03"), visit(2, "2026-08-10", provider="Cash PT")]
    claims = [eob_claim(1, "2026-08-03", 1, "100")]
    clinics = [Clinic("Cash PT", networks=(("Aetna", "out"),))]
    [year] = benefits.benefits(
        [plan],
        sessions,
        claims,
        TODAY,
        network_of=benefits.network_by_clinic(sessions, clinics),
        visit_network=benefits.visit_network_by_clinic(clinics),
    )
    assert year.network == "in" and "at Bloom PT" in year.basis  # not the newer cash visit
    assert year.estimate == benefits.Estimate(D("20.00"), D("20.00"))


def test_out_of_network_the_charge_above_the_allowed_amount_is_added() -> None:
    plan = Plan("Aetna", oon_deductible="0", oon_coinsurance_pct="40")
    sessions = [
        visit(1, "2026-08-03"),
        Session(
            date=date(2026, 8, 10),
            provider="Bloom PT",
            lines=(SessionLine("97110", 20), SessionLine("97140", 20)),
            charged="215",
            id=2,
        ),
    ]
    claims = [eob_claim(1, "2026-08-03", 1, "180")]
    years = benefits.benefits(
        [plan],
        sessions,
        claims,
        TODAY,
        network_of=lambda c: "out",
        visit_network=lambda s, p: "out",
    )
    oon = next(y for y in years if y.network == "out")
    assert oon.estimate == benefits.Estimate(D("107.00"), D("107.00"))  # 72 + (215 - 180)
    assert "charged $215.00" in oon.basis
