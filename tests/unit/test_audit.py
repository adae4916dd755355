"""Bill audit: billed units against logged minutes, and pairs payers deny together."""

from __future__ import annotations

from floortrack.billing.audit import (
    Finding,
    audit_claim,
    is_medicare,
)
from floortrack.billing.plans import unit_rule
from floortrack.model import Claim, ClaimLine, Plan, Session, SessionLine

DAY = "2026-03-02"
DAY2 = "2026-03-05"


def session(day: str, *codes: str, id: int = 1) -> Session:
    return Session(day, lines=tuple(SessionLine.parse(c) for c in codes), id=id)


def claim(payer: str, *units: str, dates: tuple[str, ...] = (DAY,), ids=(1,)) -> Claim:
    return Claim(dates, payer, "250.00", lines=tuple(ClaimLine.parse(u) for u in units),
                 session_ids=ids)  # fmt: skip


def find(findings: list[Finding], code: str, severity: str | None = None) -> list[Finding]:
    return [f for f in findings if f.code == code and (severity is None or f.severity == severity)]


# --- Method choice --------------------------------------------------------------------


def test_unit_rule_by_plan_and_payer_name() -> None:
    assert unit_rule([], "Medicare").method == "cms"
    assert unit_rule([], "Humana Medicare Advantage").method == "cms"
    assert unit_rule([], "Aetna").method == "per-code"
    assert unit_rule([Plan("Anything", "medicare_advantage")], "Anything").method == "cms"
    assert unit_rule([Plan("Medicare-ish name", "commercial")], "Medicare-ish name").method == (
        "per-code"
    )


def test_plan_unit_method_overrides_the_default() -> None:
    plan = Plan("Aetna", plan_type="commercial", unit_method="cms")
    assert unit_rule([plan], "Aetna").method == "cms"
    assert not unit_rule([plan], "Aetna").assumed
    assert unit_rule([Plan("Aetna")], "Aetna").method == "per-code"
    assert unit_rule([], "Medicare").method == "cms"


def test_is_medicare() -> None:
    assert is_medicare("Original Medicare")
    assert not is_medicare("Blue Cross")
    assert is_medicare("Blue Cross", "medicare_advantage")


# --- Units ----------------------------------------------------------------------------


def test_overbilled_claim_is_a_problem_with_what_to_ask() -> None:
    # 40 minutes allow 3 units under CMS; the clinic billed 4
    findings = audit_claim(
        claim("Medicare", "97110:3", "97140:1"), [session(DAY, "97110:33", "97140:7")]
    )
    over = find(findings, "97110", "problem")
    assert len(over) == 1
    assert "allow 2" in over[0].title
    assert "33 minutes" in over[0].meaning
    assert "corrected claim" in over[0].ask
    assert findings[0].severity == "problem"  # most serious first


def test_matching_claim_has_no_problem() -> None:
    findings = audit_claim(
        claim("Medicare", "97110:2", "97140:1"), [session(DAY, "97110:33", "97140:7")]
    )
    assert [f for f in findings if f.severity != "info"] == []


def test_tie_either_allocation_is_accepted() -> None:
    logged = [session(DAY, "97112:20", "97110:20")]
    for units in (("97112:2", "97110:1"), ("97112:1", "97110:2")):
        assert [f for f in audit_claim(claim("Medicare", *units), logged)
                if f.severity != "info"] == []  # fmt: skip
    bad = audit_claim(claim("Medicare", "97112:2", "97110:2"), logged)
    total = find(bad, "97110+97112", "problem")
    assert total and "allow 3" in total[0].title  # the day's total caps the units


def test_cms_allocation_differs_but_total_ok_is_a_check_not_a_problem() -> None:
    # CMS Example 4: ultrasound should get 0, gait 1. Clinic swapped them.
    logged = [session(DAY, "97110:18", "97140:13", "97116:10", "97035:8")]
    findings = audit_claim(claim("Medicare", "97110:1", "97140:1", "97035:1"), logged)
    us = find(findings, "97035")
    assert us and us[0].severity == "check"
    assert "shared out differently" in us[0].meaning


def test_per_code_payer_allows_more_than_cms() -> None:
    # 10 + 10 minutes: 2 units per-code (commercial), only 1 under CMS (Medicare)
    logged = [session(DAY, "97110:10", "97116:10")]
    assert [f for f in audit_claim(claim("Aetna", "97110:1", "97116:1"), logged)
            if f.severity == "problem"] == []  # fmt: skip
    medicare = audit_claim(claim("Medicare", "97110:1", "97116:1"), logged)
    assert [f for f in medicare if f.severity == "problem"]


def test_explicit_method_overrides_payer() -> None:
    logged = [session(DAY, "97110:10", "97116:10")]
    findings = audit_claim(claim("Aetna", "97110:1", "97116:1"), logged, "cms")
    assert [f for f in findings if f.severity == "problem"]


def test_units_are_computed_per_date_then_summed() -> None:
    # 20 + 20 minutes on two days = 2 units, never 3 (minutes do not pool across days)
    logged = [session(DAY, "97110:20", id=1), session(DAY2, "97110:20", id=2)]
    ok = audit_claim(claim("Medicare", "97110:2", dates=(DAY, DAY2), ids=(1, 2)), logged)
    assert not [f for f in ok if f.severity == "problem"]
    over = audit_claim(claim("Medicare", "97110:3", dates=(DAY, DAY2), ids=(1, 2)), logged)
    assert find(over, "97110", "problem")


def test_code_billed_but_never_logged() -> None:
    findings = audit_claim(claim("Aetna", "97110:2", "97530:1"), [session(DAY, "97110:30")])
    f = find(findings, "97530")
    assert f and f[0].severity == "check" and "not in your log" in f[0].title


def test_code_logged_but_not_billed_is_info() -> None:
    findings = audit_claim(claim("Aetna", "97110:2"), [session(DAY, "97110:30", "97140:10")])
    f = find(findings, "97140")
    assert f and f[0].severity == "info" and "not billed" in f[0].title


def test_timed_code_without_minutes_cannot_be_checked() -> None:
    findings = audit_claim(claim("Medicare", "97110:4", "97140:1"),
                           [session(DAY, "97110:30", "97140")])  # fmt: skip
    missing = find(findings, "97140", "check")
    assert missing and "without minutes" in missing[0].title
    # under CMS the missing minutes could change the whole day's total: no over-billing claim
    assert not find(findings, "97110", "problem")


def test_untimed_code_billed_more_than_once_per_visit() -> None:
    findings = audit_claim(claim("Aetna", "97161:2"), [session(DAY, "97161")])
    assert find(findings, "97161", "problem")


def test_fewer_units_than_allowed_is_only_info() -> None:
    findings = audit_claim(claim("Aetna", "97110:1"), [session(DAY, "97110:40")])
    f = find(findings, "97110")
    assert f and f[0].severity == "info"


def test_no_linked_sessions_says_so() -> None:
    findings = audit_claim(claim("Aetna", "97110:2", ids=()), [])
    assert any("No visits linked" in f.title for f in findings)


def test_no_units_on_claim_says_so() -> None:
    findings = audit_claim(claim("Aetna"), [session(DAY, "97110:30")])
    assert any("No billed units" in f.title for f in findings)


def test_linked_session_outside_service_dates_is_flagged() -> None:
    findings = audit_claim(claim("Aetna", "97110:2"), [session(DAY2, "97110:30")])
    assert any("not a service date" in f.title for f in findings)


# --- Pairs ----------------------------------------------------------------------------


def test_manual_therapy_with_therapeutic_activities() -> None:
    findings = audit_claim(claim("Aetna", "97140:1", "97530:1"),
                           [session(DAY, "97140:15", "97530:15")])  # fmt: skip
    f = find(findings, "97140+97530")
    assert f and f[0].severity == "check"
    assert "59" in f[0].meaning and "59" in f[0].ask


def test_pairs_on_different_days_are_not_flagged() -> None:
    logged = [session(DAY, "97140:15", id=1), session(DAY2, "97530:15", id=2)]
    findings = audit_claim(claim("Aetna", "97140:1", "97530:1", dates=(DAY, DAY2), ids=(1, 2)),
                           logged)  # fmt: skip
    assert not find(findings, "97140+97530")


def test_evaluation_and_reevaluation_same_day() -> None:
    findings = audit_claim(claim("Aetna", "97162:1", "97164:1"), [session(DAY, "97162", "97164")])
    assert find(findings, "97162+97164", "problem")


def test_performance_test_with_evaluation() -> None:
    findings = audit_claim(claim("Aetna", "97161:1", "97750:1"),
                           [session(DAY, "97161", "97750:15")])  # fmt: skip
    assert find(findings, "97750+97161", "check")


def test_orthotic_follow_up_with_evaluation() -> None:
    findings = audit_claim(claim("Aetna", "97163:1", "97763:1"),
                           [session(DAY, "97163", "97763:15")])  # fmt: skip
    assert find(findings, "97763+97163", "check")


def test_group_with_one_on_one() -> None:
    findings = audit_claim(claim("Aetna", "97150:1", "97110:1"),
                           [session(DAY, "97150:45", "97110:15")])  # fmt: skip
    assert find(findings, "97150+97110", "check")


def test_biofeedback_add_on_alone() -> None:
    findings = audit_claim(claim("Aetna", "90913:1"), [session(DAY, "90913:15")])
    assert find(findings, "90913", "problem")


def test_pair_checks_work_without_a_log_on_a_one_day_claim() -> None:
    findings = audit_claim(claim("Aetna", "97140:1", "97530:1", ids=()), [])
    assert find(findings, "97140+97530")


# --- Medicare-only codes ----------------------------------------------------------------


def test_97014_billed_to_medicare_needs_g0283() -> None:
    findings = audit_claim(claim("Medicare", "97014:1"), [session(DAY, "97014")])
    f = find(findings, "97014", "problem")
    assert f and "G0283" in f[0].meaning and "G0283" in f[0].ask
    assert not find(audit_claim(claim("Aetna", "97014:1"), [session(DAY, "97014")]), "97014")


def test_97010_billed_to_medicare_is_bundled() -> None:
    findings = audit_claim(claim("Medicare", "97010:1", "97110:1"),
                           [session(DAY, "97010", "97110:15")])  # fmt: skip
    f = find(findings, "97010")
    assert f and "cannot be billed" in f[0].meaning
    assert not find(audit_claim(claim("Aetna", "97010:1"), [session(DAY, "97010")]), "97010")


def test_medicare_by_plan_type_even_with_a_brand_name() -> None:
    findings = audit_claim(claim("Humana Gold", "97014:1"), [session(DAY, "97014")],
                           plan_type="medicare_advantage")  # fmt: skip
    assert find(findings, "97014", "problem")


def test_findings_serialise() -> None:
    findings = audit_claim(claim("Medicare", "97110:3"), [session(DAY, "97110:20")])
    doc = findings[0].to_json()
    assert doc["severity"] == "problem" and doc["service_date"] == DAY


def test_claim_sessions_prefers_links_then_dates() -> None:
    from floortrack.billing.audit import claim_sessions

    visits = [session(DAY, "97110:30", id=1), session(DAY2, "97110:30", id=2)]
    assert [s.id for s in claim_sessions(claim("Aetna", ids=(2,)), visits)] == [2]
    assert [s.id for s in claim_sessions(claim("Aetna", ids=()), visits)] == [1]
