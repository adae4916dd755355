"""Claim status moves: what is allowed, what is refused (with a reason), and corrections."""

from __future__ import annotations

from datetime import date

import pytest

from floortrack.billing.lifecycle import (
    change_status,
    correct_status,
    current_status,
    effective_history,
    entered_dates,
    entered_on,
)
from floortrack.model import Claim, StatusChange, ValidationError

TODAY = date(2026, 6, 30)


def claim(**kw) -> Claim:
    base = dict(
        service_dates=(date(2026, 3, 2),), payer="Acme", billed="200.00", submitted=date(2026, 3, 5)
    )
    base.update(kw)
    return Claim(**base)


def move(c: Claim, *steps: tuple[str, date]) -> Claim:
    for status, on in steps:
        c = change_status(c, status, on, today=TODAY)
    return c


def test_denied_appealed_then_paid_keeps_every_step() -> None:
    c = move(
        claim(),
        ("in_process", date(2026, 3, 10)),
        ("denied", date(2026, 3, 20)),
        ("appealed", date(2026, 4, 1)),
        ("paid", date(2026, 5, 2)),
    )
    assert c.status == "paid"
    assert [h.status for h in c.history] == ["in_process", "denied", "appealed", "paid"]
    assert c.history[1].on == date(2026, 3, 20)


@pytest.mark.parametrize("outcome", ["paid", "partially_paid", "denied"])
def test_an_appeal_can_end_three_ways(outcome: str) -> None:
    c = move(claim(), ("denied", date(2026, 3, 20)), ("appealed", date(2026, 4, 1)))
    assert change_status(c, outcome, date(2026, 5, 1), today=TODAY).status == outcome


def test_denied_claim_can_be_resubmitted() -> None:
    c = move(claim(), ("denied", date(2026, 3, 20)), ("submitted", date(2026, 3, 25)))
    assert c.status == "submitted"


def test_needs_info_goes_back_to_processing() -> None:
    c = move(claim(), ("needs_info", date(2026, 3, 12)), ("in_process", date(2026, 3, 20)))
    assert c.status == "in_process"


def test_paid_cannot_go_back_to_submitted_and_says_why() -> None:
    c = move(claim(), ("paid", date(2026, 3, 20)))
    with pytest.raises(ValidationError) as err:
        change_status(c, "submitted", date(2026, 3, 21), today=TODAY)
    assert err.value.field == "status"
    assert "paid claim cannot go back to submitted" in err.value.message
    assert "correct that entry" in err.value.message


def test_only_a_denied_or_partly_paid_claim_can_be_appealed() -> None:
    with pytest.raises(ValidationError, match="cannot be appealed"):
        change_status(claim(), "appealed", date(2026, 3, 20), today=TODAY)
    c = move(claim(), ("partially_paid", date(2026, 3, 20)))
    assert change_status(c, "appealed", date(2026, 3, 22), today=TODAY).status == "appealed"


def test_closed_is_final() -> None:
    c = move(claim(), ("paid", date(2026, 3, 20)), ("closed", date(2026, 3, 21)))
    with pytest.raises(ValidationError, match="closed is final"):
        change_status(c, "appealed", date(2026, 3, 22), today=TODAY)


def test_dates_cannot_go_backwards_or_into_the_future() -> None:
    c = move(claim(), ("in_process", date(2026, 3, 10)))
    with pytest.raises(ValidationError, match="before 2026-03-10, the previous change") as err:
        change_status(c, "paid", date(2026, 3, 9), today=TODAY)
    assert err.value.field == "on"
    with pytest.raises(ValidationError, match="future"):
        change_status(c, "paid", date(2026, 7, 1), today=TODAY)
    with pytest.raises(ValidationError, match="submitted"):
        change_status(claim(), "paid", date(2026, 3, 4), today=TODAY)


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValidationError, match="status must be one of"):
        change_status(claim(), "lost", date(2026, 3, 10), today=TODAY)


def test_correction_keeps_the_original_entry_and_changes_the_status() -> None:
    c = move(claim(), ("paid", date(2026, 3, 20)))  # really it was denied
    fixed = correct_status(c, 0, "denied", date(2026, 3, 20), "EOB misread", today=TODAY)
    assert fixed.status == "denied"
    assert len(fixed.history) == 2 and fixed.history[0].status == "paid"
    assert fixed.history[1].corrects == 0
    rows = effective_history(fixed)
    assert [(r.index, r.status, r.corrected, r.original_status) for r in rows] == [
        (0, "denied", True, "paid")
    ]
    # the corrected claim now moves on from "denied"
    assert change_status(fixed, "appealed", date(2026, 4, 1), today=TODAY).status == "appealed"


def test_correction_of_a_mistaken_close_reopens_the_claim() -> None:
    c = move(claim(), ("denied", date(2026, 3, 20)), ("closed", date(2026, 3, 21)))
    fixed = correct_status(c, 1, "denied", date(2026, 3, 21), "closed by mistake", today=TODAY)
    assert current_status(fixed) == "denied" and fixed.status == "denied"


def test_correction_must_fit_between_its_neighbours() -> None:
    c = move(claim(), ("denied", date(2026, 3, 20)), ("appealed", date(2026, 4, 1)))
    with pytest.raises(ValidationError, match="entry 1"):
        correct_status(c, 0, "paid", date(2026, 3, 20), today=TODAY)
    with pytest.raises(ValidationError, match="entry 1 after it"):
        correct_status(c, 0, "denied", date(2026, 4, 5), today=TODAY)
    with pytest.raises(ValidationError, match="no entry 7"):
        correct_status(c, 7, "denied", date(2026, 3, 20), today=TODAY)


def test_a_correction_can_itself_be_corrected() -> None:
    c = move(claim(), ("paid", date(2026, 3, 20)))
    once = correct_status(c, 0, "denied", date(2026, 3, 20), today=TODAY)
    twice = correct_status(once, 0, "partially_paid", date(2026, 3, 19), today=TODAY)
    rows = effective_history(twice)
    assert len(rows) == 1 and rows[0].status == "partially_paid"
    assert rows[0].on == date(2026, 3, 19) and rows[0].original_status == "paid"
    assert len(twice.history) == 3


def test_fixing_the_submission_date_allows_earlier_changes() -> None:
    # Entered today without --submitted, but it was really sent in March.
    c = claim(submitted=date(2026, 6, 30), history=(StatusChange("submitted", date(2026, 6, 30)),))
    with pytest.raises(ValidationError, match=r"correct that first \(claim ID, entry 0"):
        change_status(c, "paid", date(2026, 4, 1), today=TODAY)
    fixed = correct_status(c, 0, "submitted", date(2026, 3, 5), today=TODAY)
    assert fixed.submitted == date(2026, 3, 5)
    assert change_status(fixed, "paid", date(2026, 4, 1), today=TODAY).status == "paid"


def test_repeating_a_status_does_not_move_when_it_was_entered() -> None:
    c = move(claim(), ("denied", date(2026, 3, 20)), ("denied", date(2026, 4, 20)))
    assert entered_on(c, "denied") == date(2026, 3, 20)
    c = move(c, ("appealed", date(2026, 4, 25)), ("denied", date(2026, 5, 1)))
    assert entered_dates(c, "denied") == [date(2026, 3, 20), date(2026, 5, 1)]
