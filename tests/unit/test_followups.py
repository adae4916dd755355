"""Follow-ups that come due: call check-back dates and undecided appeals."""

from __future__ import annotations

from datetime import date

from floortrack.billing import followups
from floortrack.billing.attention import needs_attention
from floortrack.model import Appeal, Call, Claim, Plan, StatusChange

D = date


def _claim(
    cid: int = 1, status: str = "denied", appeals: tuple[Appeal, ...] = (), payer: str = "Aetna"
) -> Claim:
    history = (StatusChange("submitted", D(2026, 3, 5)), StatusChange("denied", D(2026, 3, 20)))
    if status == "appealed":
        history += (StatusChange("appealed", appeals[0].filed),)
    if status == "closed":
        history += (StatusChange("closed", D(2026, 4, 1)),)
    return Claim(
        (D(2026, 3, 2),), payer, "240.00", status=status, history=history, appeals=appeals, id=cid
    )


def _call(
    cid: int, on: date, follow_up: date | None, claim_id: int | None = 1, who: str = "Aetna"
) -> Call:
    return Call(
        who, on, "said it would be reprocessed", claim_id, "Jordan", "REF-55120", follow_up, id=cid
    )


def test_a_follow_up_is_due_on_its_day_and_not_before() -> None:
    calls = [_call(1, D(2026, 4, 1), D(2026, 4, 15))]
    assert followups.call_followups(calls, [_claim()], D(2026, 4, 14)) == []
    [due] = followups.call_followups(calls, [_claim()], D(2026, 4, 15))
    assert (due.kind, due.due, due.claim_id, due.call_id) == (
        followups.CALL_FOLLOW_UP,
        D(2026, 4, 15),
        1,
        1,
    )


def test_a_later_call_on_the_claim_answers_the_follow_up() -> None:
    calls = [_call(1, D(2026, 4, 1), D(2026, 4, 15)), _call(2, D(2026, 4, 16), None)]
    assert followups.call_followups(calls, [_claim()], D(2026, 5, 1)) == []
    early = [_call(1, D(2026, 4, 1), D(2026, 4, 15)), _call(2, D(2026, 4, 10), None)]
    assert len(followups.call_followups(early, [_claim()], D(2026, 5, 1))) == 1


def test_a_call_with_no_claim_is_answered_by_a_later_call_with_the_same_party() -> None:
    calls = [
        _call(1, D(2026, 4, 1), D(2026, 4, 15), None, "Bloom PT"),
        _call(2, D(2026, 4, 20), None, None, "bloom pt"),
    ]
    assert followups.call_followups(calls, [], D(2026, 5, 1)) == []


def test_a_closed_claim_asks_nothing() -> None:
    calls = [_call(1, D(2026, 4, 1), D(2026, 4, 15))]
    assert followups.call_followups(calls, [_claim(status="closed")], D(2026, 5, 1)) == []


def test_appeal_checks_at_30_days_then_at_the_decision_time() -> None:
    appeal = Appeal(1, D(2026, 4, 1))
    claim = _claim(status="appealed", appeals=(appeal,))
    assert followups.appeal_followups([claim], [], [], D(2026, 4, 30)) == []
    [check] = followups.appeal_followups([claim], [], [], D(2026, 5, 1))
    assert (check.kind, check.due, check.level) == (followups.APPEAL_CHECK, D(2026, 5, 1), 1)
    # a call about the claim since the 30-day mark is the check
    call = _call(1, D(2026, 5, 2), None)
    assert followups.appeal_followups([claim], [], [call], D(2026, 5, 10)) == []
    [late] = followups.appeal_followups([claim], [], [call], D(2026, 6, 1))
    assert (late.kind, late.due, late.typical) == (followups.APPEAL_LATE, D(2026, 5, 31), False)


def test_an_external_review_has_a_shorter_typical_decision_time() -> None:
    appeal = Appeal(2, D(2026, 4, 1))
    claim = _claim(status="appealed", appeals=(Appeal(1, D(2026, 3, 1), "lost"), appeal))
    [late] = followups.appeal_followups([claim], [Plan("Aetna")], [], D(2026, 5, 17))
    assert (late.due, late.typical) == (D(2026, 5, 16), True)


def test_a_decided_appeal_asks_nothing() -> None:
    claim = _claim(status="appealed", appeals=(Appeal(1, D(2026, 4, 1), "won", D(2026, 4, 20)),))
    assert followups.appeal_followups([claim], [], [], D(2026, 6, 1)) == []


def test_attention_lists_the_overdue_call_and_the_30_day_appeal_check() -> None:
    appeal = Appeal(1, D(2026, 4, 1))
    claims = [_claim(1), _claim(2, status="appealed", appeals=(appeal,))]
    calls = [_call(1, D(2026, 4, 1), D(2026, 4, 15))]
    items = needs_attention([], claims, [Plan("Aetna")], [], D(2026, 5, 5), calls=calls)
    kinds = {i.kind: i for i in items}
    follow = kinds["call_follow_up"]
    assert "REF-55120" in follow.detail and "Jordan" in follow.detail
    assert follow.due == D(2026, 4, 15) and follow.claim_id == 1
    assert kinds["appeal_check"].claim_id == 2
    # without calls passed, no call item
    assert "call_follow_up" not in {
        i.kind for i in needs_attention([], claims, [Plan("Aetna")], [], D(2026, 5, 5))
    }
