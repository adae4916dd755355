"""Superbill lines (units, modifiers, charges) and the check for what insurers reject."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from floortrack.billing.superbill import build_superbill, check_diagnosis
from floortrack.model import Claim, ClaimLine, Clinic, Plan, Profile, Session, SessionLine

D = Decimal
GOOD_CLINIC = Clinic(
    "Bloom PT",
    npi="1234567893",
    tax_id="12-3456789",
    address="1 Main St",
    fees=(("97110", "70"), ("97140", "75")),
)
PATIENT = Profile("Zoë Nguyễn", date(1988, 4, 2), "12 Elm St")
PLAN = Plan("Aetna", member_id="W123", id=1)
SEPT = (date(2026, 9, 1), date(2026, 9, 30))


def visit(sid: int, day: str, *lines: SessionLine, **kw: object) -> Session:
    return Session(date.fromisoformat(day), "Bloom PT", lines=lines, id=sid, **kw)  # type: ignore[arg-type]


def bill(sessions: list[Session], claims: list[Claim] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "clinic": GOOD_CLINIC,
        "profile": PATIENT,
        "plan": PLAN,
        "diagnoses": ["N39.41"],
    }
    args.update(kw)
    return build_superbill(
        args["clinic"],
        args["profile"],
        args["plan"],
        sessions,
        claims or [],
        *SEPT,  # type: ignore[arg-type]
        args["diagnoses"],  # type: ignore[arg-type]
    )


def test_a_complete_superbill_has_no_findings_and_prices_lines_from_the_fees() -> None:
    result = bill(
        [
            visit(
                1,
                "2026-09-01",
                SessionLine("97110", 25),
                SessionLine("97140", 15),
                paid_at_desk="215",
            )
        ]
    )
    assert result.ok, result.findings
    assert [(ln.code, ln.units, ln.charge) for ln in result.lines] == [
        ("97110", 2, D("140.00")),
        ("97140", 1, D("75.00")),
    ]
    assert result.total_charged == D("215.00") and result.total_paid == D("215.00")


def test_every_problem_an_insurer_rejects_is_found() -> None:
    clinic = Clinic("Bloom PT", npi="1234567890")
    result = bill(
        [
            visit(1, "2026-09-01", SessionLine("97110")),  # timed, no minutes
            visit(2, "2026-09-08", SessionLine("97530", 30)),  # no fee, no charge
        ],
        clinic=clinic,
        profile=Profile(),
        plan=Plan("Aetna", id=1),
        diagnoses=["N39.4", "banana"],
    )
    text = " | ".join(f.message for f in result.findings)
    assert "check digit" in text
    assert "no tax ID" in text
    assert "no patient name" in text and "no date of birth" in text
    assert "no member ID" in text
    assert "N39.4 is a category, not billable" in text and "N39.41" in text
    assert "'banana' is not an ICD-10 code" in text
    assert "97110 is a timed code with no minutes" in text
    assert "no charge for 97530" in text
    assert not bill([], diagnoses=[]).ok  # no visits, no diagnosis
    assert "no diagnosis" in " ".join(f.message for f in bill([], diagnoses=[]).findings)


def test_billed_units_come_from_the_claim_and_must_fit_the_minutes() -> None:
    session = visit(1, "2026-09-01", SessionLine("97110", 25), SessionLine("97140", 15))
    claim = Claim(
        (date(2026, 9, 1),),
        "Aetna",
        D("290"),
        lines=(
            ClaimLine("97110", 3, modifiers=("GP",)),
            ClaimLine("97140", 1, modifiers=("GP", "59")),
        ),
        session_ids=(1,),
    )
    result = bill([session], [claim])
    assert [(ln.code, ln.units, ln.modifiers) for ln in result.lines] == [
        ("97110", 3, ("GP",)),
        ("97140", 1, ("GP", "59")),
    ]
    [finding] = result.findings
    assert "3 units of 97110 billed, but 25 minutes give 2" in finding.message


def test_a_visit_charge_goes_to_a_single_code_or_the_one_code_without_a_fee() -> None:
    one = bill([visit(1, "2026-09-01", SessionLine("97530", 30), charged="150")])
    assert one.ok and one.lines[0].charge == D("150.00")
    two = bill(
        [visit(1, "2026-09-01", SessionLine("97110", 25), SessionLine("97530", 15), charged="200")]
    )
    assert two.ok, two.findings
    assert [ln.charge for ln in two.lines] == [D("140.00"), D("60.00")]
    off = bill(
        [visit(1, "2026-09-01", SessionLine("97110", 25), SessionLine("97140", 15), charged="300")]
    )
    assert any("add up to $215.00" in f.message for f in off.findings)


def test_visits_at_other_clinics_or_outside_the_dates_are_left_out() -> None:
    inside = visit(1, "2026-09-01", SessionLine("97110", 25))
    other = Session(date(2026, 9, 2), "Riverside", lines=(SessionLine("97110", 25),), id=2)
    late = visit(3, "2026-10-01", SessionLine("97110", 25))
    assert [v.session_id for v in bill([inside, other, late]).visits] == [1]


def test_diagnosis_check() -> None:
    ok, finding = check_diagnosis("n39.41")
    assert ok.code == "N39.41" and finding is None and ok.title
    _, finding = check_diagnosis("R10.2")
    assert finding is not None and "R10.2" in finding.message
