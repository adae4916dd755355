"""The rules of docs/BILLING.md that an expert audit found wrong or missing, one test each:
biofeedback units, plan types and their deadlines, rejected claims, the assumed unit rule,
modifiers, coverage rules, audit wording, and advice that agrees with the bill check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from floortrack.billing import care_plan, catalogue, deadlines, eob
from floortrack.billing.attention import needs_attention
from floortrack.billing.audit import Finding, audit_claim
from floortrack.billing.plans import (
    assumed_plan,
    session_rules,
    type_from_name,
    unit_rule,
)
from floortrack.model import (
    Adjustment,
    Appeal,
    Authorization,
    Claim,
    ClaimLine,
    Plan,
    Session,
    SessionLine,
    StatusChange,
    ValidationError,
)

DAY = date(2026, 10, 5)
TODAY = date(2026, 11, 2)


def visit(*codes: str, day: date = DAY, id: int = 1, kind: str = "treatment") -> Session:
    return Session(day, visit_type=kind, lines=tuple(SessionLine.parse(c) for c in codes), id=id)


def claim(payer: str, *units: str, history=(), day: date = DAY, cid: int = 1, **kw) -> Claim:
    hist = tuple(StatusChange(s, d) for s, d in history)
    return Claim(
        (day,),
        payer,
        kw.pop("billed", "200.00"),
        submitted=day,
        status=hist[-1].status if hist else "submitted",
        history=hist,
        lines=tuple(ClaimLine.parse(u) for u in units),
        session_ids=kw.pop("session_ids", (1,)),
        id=cid,
        **kw,
    )


def severities(findings: list[Finding], code: str) -> list[str]:
    return [f.severity for f in findings if f.code == code]


MEDICARE = [Plan("Medicare", "medicare")]


# --- Biofeedback units (the audit) ------------------------------------------------------


def test_90912_billed_twice_for_30_minutes_is_a_problem() -> None:
    # Today 30 minutes of 90912 gives "90912 x2", and that bill passes the audit.
    found = audit_claim(claim("Medicare", "90912-GP:2"), [visit("90912:30")], plans=MEDICARE)
    assert severities(found, "90912")[0] == "problem"
    assert "at most once a day" in found[0].title


def test_90912_plus_90913_for_30_minutes_passes() -> None:
    found = audit_claim(
        claim("Medicare", "90912-GP:1", "90913-GP:1"), [visit("90912:30")], plans=MEDICARE
    )
    assert [f for f in found if f.severity == "problem"] == []


def test_90912_and_90913_ten_minutes_each_allow_90912_once() -> None:
    found = audit_claim(
        claim("Medicare", "90912-GP:1", "90913-GP:1"),
        [visit("90912:10", "90913:10")],
        plans=MEDICARE,
    )
    assert "problem" in severities(found, "90913")


# --- Plan types, windows and names ------------------------------------------------------


@pytest.mark.parametrize(
    ("payer", "kind"),
    [
        ("Texas Medicaid", "medicaid"),
        ("Molina Healthcare (Medicaid)", "medicaid_managed"),
        ("TRICARE East", "tricare"),
        ("AARP Medicare Supplement (UnitedHealthcare)", "medigap"),
        ("Humana Medicare Advantage", "medicare_advantage"),
        ("Medicare", "medicare"),
        ("Self-pay", "self_pay"),
        ("Aetna PPO", None),
    ],
)
def test_plan_type_from_an_unambiguous_payer_name(payer: str, kind: str | None) -> None:
    assert type_from_name(payer) == kind


def denied_by(payer: str, on: date, *codes: str) -> Claim:
    return claim(payer, "97110:2", history=(("denied", on),), denial_codes=codes)


def test_medicaid_managed_care_appeal_is_60_days_from_the_notice() -> None:
    # Today "Molina Healthcare (Medicaid)" gets the 180-day ACA window.
    c = denied_by("Molina Healthcare (Medicaid)", date(2026, 10, 1), "CO-50")
    due = deadlines.appeal_deadline(c, None, TODAY)
    assert due is not None and due.due == date(2026, 11, 30)
    assert "438.402" in due.source and not due.typical


def test_medicaid_fee_for_service_is_at_most_90_days_and_says_so() -> None:
    c = denied_by("Texas Medicaid", date(2026, 10, 1), "CO-50")
    due = deadlines.appeal_deadline(c, None, TODAY)
    assert due is not None and due.due == date(2026, 12, 30)
    assert due.typical and "431.221" in due.source and "at most 90" in due.source


def test_tricare_reconsideration_is_90_days() -> None:
    c = denied_by("TRICARE East", date(2026, 10, 1), "CO-50")
    due = deadlines.appeal_deadline(c, Plan("TRICARE East", "tricare"), TODAY)
    assert due is not None and due.due == date(2026, 12, 30) and "199.10" in due.source


def test_an_assumed_plan_type_is_said_to_be_assumed() -> None:
    c = denied_by("Texas Medicaid", date(2026, 10, 1), "CO-50")
    [item] = needs_attention([], [c], [], [], TODAY)
    assert "Medicaid (fee-for-service) rules were assumed" in item.detail
    assert "60 days from the notice" in item.detail  # the managed-care alternative


def test_medicare_advantage_level_2_is_forwarded_by_the_plan() -> None:
    c = claim(
        "Humana Medicare Advantage",
        "97110:2",
        history=(
            ("denied", date(2026, 8, 1)),
            ("appealed", date(2026, 8, 10)),
            ("denied", date(2026, 9, 20)),
        ),
        appeals=(Appeal(1, date(2026, 8, 10), "lost", date(2026, 9, 20)),),
    )
    plan = Plan("Humana Medicare Advantage", "medicare_advantage")
    assert deadlines.appeal_deadline(c, plan, TODAY) is None  # nothing for the patient to file
    [item] = needs_attention([], [c], [plan], [], TODAY)
    assert item.kind == "appeal_forwarded" and item.step.kind == "watch_decision"
    assert "Independent Review Entity" in item.detail


def test_self_pay_gets_the_good_faith_estimate_rule() -> None:
    found = audit_claim(
        claim("Self-pay", "97110:2"), [visit("97110:30")], plans=[Plan("Self-pay", "self_pay")]
    )
    [gfe] = [f for f in found if "good-faith" in f.title]
    assert "$400" in gfe.meaning and "120" in gfe.meaning


# --- Rejected, not denied ---------------------------------------------------------------


def test_co16_with_ma130_is_resubmitted_by_the_filing_limit_not_appealed() -> None:
    c = denied_by("Medicare", date(2026, 10, 20), "CO-16", "MA130")
    assert deadlines.appeal_deadline(c, MEDICARE[0], TODAY) is None
    [item] = needs_attention([], [c], MEDICARE, [], TODAY)
    assert item.kind == "rejected_resubmit" and item.step.kind == "resubmit"
    assert item.due == date(2027, 10, 5)  # 12 months from the date of service
    assert "nothing to appeal" in item.detail


# --- The assumed unit rule --------------------------------------------------------------


def test_a_bill_right_under_the_other_rule_is_a_check_when_the_rule_is_assumed() -> None:
    # CMS Example 3 billed 2 + 1 to a commercial payer with no plan recorded.
    c = claim("Aetna", "97110:2", "97140:1")
    found = audit_claim(c, [visit("97110:33", "97140:7")])
    assert severities(found, "97140") == ["check"]
    assert needs_attention([visit("97110:33", "97140:7")], [c], [], [], TODAY) == []
    # The same bill with the per-code rule set on the plan is a problem.
    plan = Plan("Aetna", "commercial", unit_method="per-code")
    assert severities(audit_claim(c, [visit("97110:33", "97140:7")], plans=[plan]), "97140") == [
        "problem"
    ]


def test_one_unit_rule_says_why() -> None:
    assert unit_rule(MEDICARE, "Medicare").label == "CMS 8-minute rule: Original Medicare plan"
    assert unit_rule([], None).label == "per-code rule assumed: no plan recorded"
    medicaid_other = [Plan("State Medicaid", "other")]  # a Medicaid plan typed "other"
    assert unit_rule(medicaid_other, "State Medicaid").method == "cms"


def test_sessions_use_the_plan_of_the_claim_linked_to_the_visit() -> None:
    visits = [visit("97110:10", "97116:10", id=1), visit("97110:10", id=2, day=date(2026, 10, 9))]
    claims = [claim("Medicare", "97110:1", session_ids=(1,))]
    plans = [*MEDICARE, Plan("Aetna")]
    rules = session_rules(visits, claims, plans)
    assert rules[1].method == "cms" and not rules[1].assumed
    assert rules[2].assumed  # two payers known, this visit is billed to none


# --- Audit wording ----------------------------------------------------------------------


def test_all_units_on_one_code_is_one_finding() -> None:
    # CMS Example 2 (20 + 20 minutes) billed as 97112 x3
    found = audit_claim(
        claim("Medicare", "97112-GP:3"), [visit("97112:20", "97110:20")], plans=MEDICARE
    )
    unit = [f for f in found if "97112" in f.code or "97110" in f.code]
    assert len(unit) == 1 and "All 3 units" in unit[0].title


def test_a_correct_tie_split_is_not_under_billing() -> None:
    found = audit_claim(
        claim("Medicare", "97110-GP:2", "97112-GP:1"),
        [visit("97112:20", "97110:20")],
        plans=MEDICARE,
    )
    assert not any("fewer units" in f.meaning for f in found)


def test_an_office_visit_with_minutes_is_not_pooled_into_therapy_units() -> None:
    found = audit_claim(
        claim("Medicare", "99213:1", "97110-GP:1"), [visit("99213:25", "97110:10")], plans=MEDICARE
    )
    assert [f for f in found if f.severity == "problem"] == []


# --- Modifiers --------------------------------------------------------------------------


def test_medicare_therapy_line_without_gp_is_a_check() -> None:
    found = audit_claim(
        claim("Medicare", "97110-GP:2", "97140:1"), [visit("97110:33", "97140:7")], plans=MEDICARE
    )
    assert any(f.code == "97140" and "no GP" in f.title for f in found)


def test_59_on_an_edit_pair_turns_the_question_into_a_note() -> None:
    without = audit_claim(claim("Aetna", "97140:1", "97530:1"), [visit("97140:15", "97530:15")])
    with_59 = audit_claim(claim("Aetna", "97140-59:1", "97530:1"), [visit("97140:15", "97530:15")])
    assert severities(without, "97140+97530") == ["check"]
    assert severities(with_59, "97140+97530") == ["info"]


def test_cq_gz_and_ga_say_what_they_mean_for_the_patient() -> None:
    found = audit_claim(
        claim("Medicare", "97110-GP-CQ:2", "97140-GP-GZ:1", "97112-GP-GA:1"),
        [visit("97110:30", "97140:10", "97112:10")],
        plans=MEDICARE,
    )
    text = " ".join(f.meaning for f in found)
    assert "85%" in text and "generally not liable" in text and "you may be billed" in text


def test_kx_missing_above_the_threshold_is_a_check() -> None:
    earlier = claim("Medicare", "97110-GP:2", day=date(2026, 9, 1), cid=1, allowed="2500.00")
    now = claim("Medicare", "97110-GP:2", cid=2, session_ids=(2,))
    found = audit_claim(now, [visit("97110:30", id=2)], plans=MEDICARE, claims=[earlier, now])
    assert any("without KX" in f.title for f in found)


def test_place_of_service_is_two_digits() -> None:
    assert claim("Medicare", place_of_service="11").place_of_service == "11"
    with pytest.raises(ValidationError):
        claim("Medicare", place_of_service="office")
    doc = claim("Medicare", place_of_service="22").to_doc()
    assert Claim.from_doc(doc).place_of_service == "22"


# --- Coverage rules ---------------------------------------------------------------------


def test_medicare_biofeedback_names_the_failed_exercise_trial() -> None:
    found = audit_claim(claim("Medicare", "90912-GP:1"), [visit("90912:15")], plans=MEDICARE)
    assert any("N86" in f.meaning and "exercises" in f.meaning for f in found)


def test_plan_of_care_reminders_before_each_date() -> None:
    first = visit(kind="evaluation", day=date(2026, 10, 1), id=1)
    reminders = care_plan.reminders([first], date(2026, 10, 20))
    assert [r.kind for r in reminders] == ["certification"]
    assert reminders[0].due == date(2026, 10, 31)
    nine = [first] + [visit(day=date(2026, 10, 1 + i), id=i + 1) for i in range(1, 9)]
    kinds = [r.kind for r in care_plan.reminders(nine, date(2026, 10, 10))]
    assert "progress_report" in kinds
    recert = care_plan.reminders([first, visit(day=date(2026, 12, 20), id=2)], date(2026, 12, 22))
    assert [r.kind for r in recert] == ["recertification"] and recert[0].due == date(2026, 12, 30)


# --- Advice that agrees with the bill check ---------------------------------------------


def test_an_over_billed_claim_says_hold_the_payment() -> None:
    c = claim(
        "Medicare",
        "97110-GP:4",
        history=(("paid", date(2026, 10, 20)),),
        allowed="150.00",
        paid="104.00",
        coinsurance="46.00",
        patient_owes="46.00",
        adjustments=(Adjustment("CO", "45", "50.00"),),
    )
    items = needs_attention([visit("97110:40")], [c], MEDICARE, [], TODAY)
    kinds = {i.kind: i for i in items}
    assert "balance_due" not in kinds
    assert kinds["balance_held"].step.kind == "hold_payment"
    assert "Do not pay yet" in kinds["balance_held"].advice


def test_co197_uses_the_authorisation_recorded_for_that_date() -> None:
    c = denied_by("Aetna", date(2026, 10, 20), "CO-197")
    auth = Authorization("aetna", 12, date(2026, 10, 1), date(2026, 12, 31), "PA-55512", id=4)
    [item] = needs_attention([], [c], [Plan("Aetna")], [auth], TODAY)
    assert item.step.kind == "send_authorisation" and item.step.reference == "PA-55512"
    assert "PA-55512" in item.detail


def test_a_won_appeal_asks_for_the_reprocessed_eob() -> None:
    c = claim(
        "Aetna",
        "97110:2",
        history=(
            ("denied", date(2026, 8, 1)),
            ("appealed", date(2026, 8, 10)),
            ("paid", date(2026, 10, 1)),
        ),
        appeals=(Appeal(1, date(2026, 8, 10), "won", date(2026, 10, 1)),),
    )
    [item] = needs_attention([], [c], [Plan("Aetna")], [], TODAY)
    assert item.step.kind == "ask_reprocessed_eob"


def test_a_payer_name_that_does_not_match_the_plan_is_said() -> None:
    plan = Plan("Aetna PPO", visit_limit=3, id=1)
    claims = [
        claim("Aetna", "97110:2", cid=i, day=date(2026, 10, i), session_ids=(i,))
        for i in range(1, 4)
    ]
    visits = [visit("97110:30", id=i, day=date(2026, 10, i)) for i in range(1, 4)]
    items = needs_attention(visits, claims, [plan], [], TODAY)
    [mismatch] = [i for i in items if i.kind == "payer_name_mismatch"]
    assert "does not match your plan 'Aetna PPO'" in mismatch.detail
    assert mismatch.step.kind == "add_plan" and mismatch.step.payer == "Aetna"


# --- Money wording and explain ----------------------------------------------------------


def test_amounts_are_named_for_what_they_are() -> None:
    denied = claim("Aetna", billed="100.00", allowed="0.00", denial_codes=("CO-50",))
    line = eob.billed_vs_allowed(denied, denied=True)
    assert line is not None and line.label == "Not allowed (denied)"
    above = eob.billed_vs_allowed(claim("Aetna", billed="100.00", allowed="150.00"), False)
    assert above is not None and above.amount == Decimal("50.00") and "above" in above.label
    headings = dict(deadlines.code_headings(["CO-45", "PR-2", "CO-97", "N86"]))
    assert headings == {
        "Denial codes": ["CO-97"],
        "Adjustment codes (not denials)": ["CO-45", "PR-2"],
        "Remark codes": ["N86"],
    }


def test_unknown_code_lists_the_closest_codes_first() -> None:
    close = [e.code for e in catalogue.explain("97111").suggestions]
    assert close[0] == "97110" and close.index("97112") < close.index("97161")


def test_catalogue_lists_only_billable_codes_to_use_instead() -> None:
    r391 = catalogue.lookup("R39.1")
    assert r391 is not None and "R39.19" not in r391.use_instead
    assert {"R39.191", "R39.192", "R39.198"} <= set(r391.use_instead)
    m628 = catalogue.lookup("M62.8")
    assert m628 is not None and {"M62.82", "M62.84", "M62.85"} <= set(m628.use_instead)
    kx = catalogue.lookup("KX")
    assert kx is not None and "$2,480 in 2026" in kx.meaning and "2,330" not in kx.meaning
    assert catalogue.lookup("GZ") is not None and catalogue.lookup("O94") is not None
    assert "R10.2" not in catalogue.explain("CO-11").entries[0].next_step


def test_assumed_plan_for_a_plain_name_is_commercial() -> None:
    assert assumed_plan("Blue Harbor Health").plan_type == "commercial"
