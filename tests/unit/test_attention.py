"""The needs-attention list: everything that needs action, nothing that does not, in order."""

from __future__ import annotations

from datetime import date

from floortrack.billing.attention import needs_attention
from floortrack.model import (
    Adjustment,
    Appeal,
    Authorization,
    Claim,
    ClaimLine,
    PatientPayment,
    Plan,
    Session,
    SessionLine,
    StatusChange,
)

TODAY = date(2026, 6, 1)
PLAN = Plan("Aetna", "commercial", id=1)


def make(cid: int, day: date, history: tuple[tuple[str, date], ...] = (), **kw) -> Claim:
    hist = tuple(StatusChange(s, d) for s, d in history)
    status = hist[-1].status if hist else "submitted"
    base = dict(
        service_dates=(day,),
        payer="Aetna",
        billed="200.00",
        submitted=day,
        status=status,
        history=hist,
        id=cid,
    )
    base.update(kw)
    return Claim(**base)


def kinds(items) -> list[tuple[str, int | None]]:
    return [(i.kind, i.claim_id or i.session_id or i.auth_id) for i in items]


def test_a_year_of_claims_names_exactly_those_needing_action() -> None:
    claims = [
        # needs nothing: paid, nothing owed, numbers add up
        make(
            1,
            date(2026, 1, 5),
            (("paid", date(2026, 2, 1)),),
            allowed="120.00",
            paid="100.00",
            copay="20.00",
            patient_owes="20.00",
            payments=(PatientPayment(date(2026, 1, 5), "20.00"),),
        ),
        # needs nothing: denied, appeal won, paid
        make(
            2,
            date(2026, 1, 12),
            (
                ("denied", date(2026, 2, 1)),
                ("appealed", date(2026, 2, 10)),
                ("paid", date(2026, 3, 20)),
            ),
            appeals=(Appeal(1, date(2026, 2, 10), "won", date(2026, 3, 20)),),
            allowed="150.00",
            paid="150.00",
            patient_owes="0.00",
            adjustments=(Adjustment("CO", "45", "50.00"),),
        ),
        # needs nothing: closed with a balance
        make(
            3,
            date(2026, 1, 19),
            (("denied", date(2026, 2, 1)), ("closed", date(2026, 2, 2))),
            patient_owes="50.00",
        ),
        # needs nothing: submitted 10 days ago
        make(4, date(2026, 5, 20), submitted=date(2026, 5, 22)),
        # appeal due soon: denied 2025-12-10 -> 180 days = 2026-06-08
        make(5, date(2025, 12, 1), (("denied", date(2025, 12, 10)),), denial_codes=("CO-97",)),
        # appeal overdue
        make(6, date(2025, 9, 1), (("denied", date(2025, 10, 1)),)),
        # pending too long
        make(7, date(2026, 3, 2), (("in_process", date(2026, 3, 10)),)),
        # information requested
        make(8, date(2026, 5, 4), (("needs_info", date(2026, 5, 20)),)),
        # partially paid, owes 44, paid nothing, numbers do not add up
        make(
            9,
            date(2026, 4, 6),
            (("partially_paid", date(2026, 5, 1)),),
            billed="300.00",
            allowed="180.00",
            paid="120.00",
            deductible="20.00",
            coinsurance="24.00",
            patient_owes="44.00",
            adjustments=(Adjustment("CO", "45", "120.00"),),
        ),
        # appealed 90 days ago, no decision
        make(
            10,
            date(2026, 1, 26),
            (("denied", date(2026, 2, 5)), ("appealed", date(2026, 3, 1))),
            appeals=(Appeal(1, date(2026, 3, 1)),),
        ),
    ]
    sessions = [
        Session(date(2026, 1, 5), id=1),
        Session(date(2026, 4, 20), id=2),
        Session(date(2026, 5, 25), id=3),
    ]
    auths = [Authorization("Aetna", 4, date(2026, 4, 1), date(2026, 6, 30), id=1)]
    items = needs_attention(sessions, claims, [PLAN], auths, TODAY)
    got = kinds(items)
    assert set(got) == {
        ("appeal_due", 5),
        ("appeal_overdue", 6),
        ("pending_too_long", 7),
        ("needs_info", 8),
        ("eob_mismatch", 9),
        ("balance_due", 9),
        ("appeal_decision_late", 10),
        ("unclaimed_session", 2),
        ("auth_running_out", 1),
    }
    # most urgent first: urgent items, soonest deadline first, overdue before all
    assert got[0] == ("appeal_overdue", 6)
    assert got[1] == ("appeal_due", 5)
    urgent = [i for i in items if i.severity == "urgent"]
    assert items[: len(urgent)] == urgent
    due = next(i for i in items if i.kind == "appeal_due")
    assert due.due == date(2026, 6, 8) and due.days_left == 7
    assert "CO-97" in due.detail and due.advice
    owed = next(i for i in items if i.kind == "balance_due")
    assert "$44.00" in owed.title and "Do not pay" in owed.advice
    assert all(i.advice and i.title for i in items)


def test_unbilled_visit_near_the_filing_limit_is_urgent() -> None:
    plan = Plan("Medicare", "medicare")
    sessions = [Session(date(2025, 6, 20), id=4)]
    [item] = needs_attention(sessions, [], [plan], [], TODAY)
    assert item.kind == "unclaimed_session" and item.severity == "urgent"
    assert item.due == date(2026, 6, 20) and item.days_left == 19


def test_medicare_timely_filing_denial_is_not_offered_an_appeal() -> None:
    plan = Plan("Medicare", "medicare")
    c = make(
        1,
        date(2025, 1, 5),
        (("denied", date(2026, 3, 1)),),
        payer="Medicare",
        denial_codes=("CO-29",),
    )
    [item] = needs_attention([], [c], [plan], [], TODAY)
    assert item.kind == "denied_not_appealable"
    assert "appeal" in item.detail and item.due is None


def test_expiring_authorisation_but_not_when_already_renewed() -> None:
    old = Authorization("Aetna", 12, date(2026, 3, 1), date(2026, 6, 10), id=1)
    [item] = needs_attention([], [], [PLAN], [old], TODAY)
    assert item.kind == "auth_expiring" and item.days_left == 9
    new = Authorization("Aetna", 12, date(2026, 6, 5), date(2026, 9, 1), id=2)
    assert needs_attention([], [], [PLAN], [old, new], TODAY) == []


def test_overpayment_asks_for_a_refund() -> None:
    c = make(
        1,
        date(2026, 1, 5),
        (("paid", date(2026, 2, 1)),),
        patient_owes="10.00",
        payments=(PatientPayment(date(2026, 1, 5), "30.00"),),
    )
    [item] = needs_attention([], [c], [PLAN], [], TODAY)
    assert item.kind == "credit_due" and "$20.00" in item.title and "refund" in item.advice


def test_partly_denied_claim_offers_an_appeal_until_the_window_closes() -> None:
    c = make(
        1, date(2026, 4, 6), (("partially_paid", date(2026, 5, 1)),), denial_codes=("CO-97", "PR-2")
    )
    [item] = needs_attention([], [c], [PLAN], [], TODAY)
    assert item.kind == "appeal_due" and "CO-97" in item.title and "PR-2" not in item.title
    assert item.due == date(2026, 10, 28)
    # routine codes only (coinsurance, contract write-off): nothing to appeal
    routine = make(
        2, date(2026, 4, 6), (("partially_paid", date(2026, 5, 1)),), denial_codes=("PR-2", "CO-45")
    )
    assert needs_attention([], [routine], [PLAN], [], TODAY) == []
    # window closed: the patient accepted it
    assert needs_attention([], [c], [PLAN], [], date(2026, 11, 1)) == []


def test_appeal_recorded_while_status_still_denied_counts_as_acted_on() -> None:
    c = make(
        1,
        date(2026, 3, 2),
        (("denied", date(2026, 4, 1)),),
        appeals=(Appeal(1, date(2026, 4, 10)),),
    )
    # no "appeal by" item; only the 30-day check that the appeal was received
    assert [i.kind for i in needs_attention([], [c], [PLAN], [], TODAY)] == ["appeal_check"]
    later = needs_attention([], [c], [PLAN], [], date(2026, 6, 20))
    assert [i.kind for i in later] == ["appeal_decision_late"]


def test_bill_audit_problems_are_listed() -> None:
    visit = Session(date(2026, 5, 4), id=1, lines=(SessionLine("97110", 25),))
    c = make(
        1,
        date(2026, 5, 4),
        (("paid", date(2026, 5, 20)),),
        session_ids=(1,),
        lines=(ClaimLine("97110", 4),),
    )  # 25 minutes allow 2 units, not 4
    items = needs_attention([visit], [c], [PLAN], [], TODAY)
    assert [i.kind for i in items] == ["audit"]
    assert "97110" in items[0].title and items[0].advice
    # more than a year after the visit the old bill is no longer listed
    assert needs_attention([visit], [c], [PLAN], [], date(2027, 5, 10)) == []


def test_overdue_unbilled_visit_is_high_not_urgent() -> None:
    [item] = needs_attention([Session(date(2026, 1, 5), id=9)], [], [PLAN], [], TODAY)
    assert item.kind == "unclaimed_session" and item.days_left < 0
    assert item.severity == "high" and "passed" in item.detail


def test_without_a_recorded_plan_the_payer_name_decides_and_says_so() -> None:
    medicare = make(1, date(2026, 3, 2), (("denied", date(2026, 4, 1)),), payer="Medicare")
    advantage = make(
        2, date(2026, 3, 2), (("denied", date(2026, 4, 1)),), payer="Humana Medicare Advantage"
    )
    commercial = make(3, date(2026, 3, 2), (("denied", date(2026, 4, 1)),), payer="Cigna")
    items = {
        i.claim_id: i for i in needs_attention([], [medicare, advantage, commercial], [], [], TODAY)
    }
    assert items[1].due == date(2026, 7, 30)  # 120 days
    assert items[2].due == date(2026, 6, 5)  # 65 days (42 CFR 422.582)
    assert items[3].due == date(2026, 9, 28)  # 180 days
    assert "Original Medicare rules were assumed" in items[1].detail
    assert "Commercial (ACA) rules were assumed" in items[3].detail


def test_a_visit_is_listed_only_when_more_than_30_days_pass_without_a_claim() -> None:
    day30 = Session(date(2026, 5, 2), id=1)
    day31 = Session(date(2026, 5, 1), id=2)
    assert [i.session_id for i in needs_attention([day30, day31], [], [PLAN], [], TODAY)] == [2]
