"""Claims the patient files: the reimbursement to expect, and what needs doing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from floortrack.billing import oon
from floortrack.billing.attention import needs_attention
from floortrack.model import Claim, Clinic, Plan, Session, SessionLine

D = Decimal
PLAN = Plan("Aetna", oon_deductible="100", oon_coinsurance_pct="40", id=1)
CASH = Clinic("Cash Pelvic PT", networks=(("Aetna", "out"),), id=1)


def visit(sid: int, day: str, **kw: object) -> Session:
    return Session(
        date.fromisoformat(day),
        "Cash Pelvic PT",
        lines=(SessionLine("97110", 30),),
        id=sid,
        **kw,  # type: ignore[arg-type]
    )


def filed(cid: int, day: str, sid: int, **kw: object) -> Claim:
    values: dict[str, object] = {"billed": "200", "filed_by": "patient", "session_ids": (sid,)}
    values.update(kw)
    return Claim((date.fromisoformat(day),), "Aetna", id=cid, **values)  # type: ignore[arg-type]


def test_expected_is_the_plan_share_of_allowed_after_the_deductible() -> None:
    claim = filed(1, "2026-09-01", 1, allowed="150", submitted="2026-09-05")
    money = oon.reimbursement(claim, PLAN, [visit(1, "2026-09-01", paid_at_desk="200")], D("100"))
    assert money.expected == D("30.00")  # (150 - 100) x 60%
    assert money.clinic_paid == D("200.00") and money.outstanding == D("30.00")
    assert "60% of allowed after $100.00" in money.basis
    no_allowed = oon.reimbursement(filed(2, "2026-09-01", 1), PLAN, [], D("0"))
    assert no_allowed.expected == D("120.00") and "at most" in no_allowed.basis
    eob = oon.reimbursement(filed(3, "2026-09-01", 1, paid="90"), PLAN, [], None)
    assert eob.expected == D("90.00") and "EOB" in eob.basis
    unknown = oon.reimbursement(filed(4, "2026-09-01", 1), Plan("Aetna"), [], None)
    assert unknown.expected is None and "--oon-coinsurance" in unknown.basis


def test_the_deductible_left_counts_earlier_out_of_network_eobs() -> None:
    sessions = [visit(1, "2026-08-01"), visit(2, "2026-09-01")]
    first = filed(1, "2026-08-01", 1, allowed="60", deductible="60")
    second = filed(2, "2026-09-01", 2, allowed="150")
    left = oon.deductible_left_before(second, PLAN, [first, second], sessions, [CASH])
    assert left == D("40.00")


def test_a_finished_month_of_out_of_network_visits_without_a_claim_asks_for_a_superbill() -> None:
    sessions = [visit(1, "2026-09-01"), visit(2, "2026-09-08"), visit(3, "2026-10-02")]
    items = oon.oon_items(sessions, [], [PLAN], [CASH], date(2026, 10, 15))
    [item] = items  # October has not ended yet
    assert item.kind == "oon_superbill" and "September 2026" in item.title
    assert item.due == date(2026, 11, 30)  # 90 days (typical) from the first visit
    assert item.severity == "normal" and item.step.kind == "write_superbill"
    assert (item.step.reference or "").endswith("|2026-09-01|2026-09-30")
    urgent = oon.oon_items(sessions, [], [PLAN], [CASH], date(2026, 11, 10))
    assert [i.severity for i in urgent] == ["urgent", "normal"]  # Sept close, Oct fine
    late = oon.oon_items(sessions[:2], [], [PLAN], [CASH], date(2026, 12, 5))
    assert "past the filing limit" in late[0].title
    covered = [filed(1, "2026-09-01", 1, session_ids=(1, 2))]
    assert oon.oon_items(sessions[:2], covered, [PLAN], [CASH], date(2026, 10, 15)) == []
    own_limit = Plan("Aetna", oon_filing_days=365, id=1)
    [relaxed] = oon.oon_items(sessions[:2], [], [own_limit], [CASH], date(2026, 11, 10))
    assert relaxed.severity == "normal" and "(your plan)" in relaxed.detail


def test_a_filed_claim_waiting_too_long_for_its_money_is_listed() -> None:
    claim = filed(1, "2026-09-01", 1, submitted="2026-09-05", allowed="150", deductible="0")
    sessions = [visit(1, "2026-09-01")]
    assert oon.oon_items(sessions, [claim], [PLAN], [CASH], date(2026, 10, 1)) == []
    [item] = oon.oon_items(sessions, [claim], [PLAN], [CASH], date(2026, 11, 1))
    assert item.kind == "oon_reimbursement" and item.claim_id == 1
    assert "$90.00 expected" in item.detail
    paid = filed(
        1, "2026-09-01", 1, submitted="2026-09-05", allowed="150", deductible="0", reimbursed="90"
    )
    assert oon.oon_items(sessions, [paid], [PLAN], [CASH], date(2026, 11, 1)) == []


def test_needs_attention_includes_the_out_of_network_items_when_given_clinics() -> None:
    sessions = [visit(1, "2026-09-01")]
    items = needs_attention(sessions, [], [PLAN], [], date(2026, 10, 15), [CASH])
    assert any(i.kind == "oon_superbill" for i in items)
    assert not any(
        i.kind == "oon_superbill"
        for i in needs_attention(sessions, [], [PLAN], [], date(2026, 10, 15))
    )
