"""billing.claim_money: payments and appeals on a claim, as the CLI and the TUI record them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from floortrack.billing.claim_money import add_payment, pick_level, record_appeal
from floortrack.billing.lifecycle import change_status, current_status
from floortrack.model import Appeal, Claim, PatientPayment, ValidationError

TODAY = date(2026, 6, 30)


def denied() -> Claim:
    c = Claim((date(2026, 3, 2),), "Acme", "200.00", submitted=date(2026, 3, 5))
    return change_status(c, "denied", date(2026, 3, 20), today=TODAY)


def test_a_payment_is_added_and_cannot_be_in_the_future() -> None:
    c = add_payment(denied(), PatientPayment(date(2026, 4, 1), "25"), TODAY)
    assert c.patient_paid == Decimal("25.00")
    with pytest.raises(ValidationError, match="A payment date cannot be in the future") as e:
        add_payment(c, PatientPayment(date(2026, 7, 1), "5"), TODAY)
    assert e.value.field == "on"


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("won", "paid"), ("partial", "partially_paid"), ("lost", "denied"), ("withdrawn", "closed")],
)
def test_filing_moves_to_appealed_and_the_outcome_moves_on(outcome: str, status: str) -> None:
    filed = record_appeal(denied(), Appeal(1, date(2026, 4, 1)), TODAY)
    assert current_status(filed) == "appealed"
    assert filed.history[-1].note == "level 1 appeal filed"
    assert pick_level(filed) == 1  # the pending appeal is the one whose outcome comes next

    decided = record_appeal(filed, Appeal(1, date(2026, 4, 1), outcome, date(2026, 5, 2)), TODAY)
    assert current_status(decided) == status
    assert [a.outcome for a in decided.appeals] == [outcome]  # replaced, not added
    assert decided.history[-1].on == date(2026, 5, 2)
    assert pick_level(decided) == 2


def test_an_outcome_recorded_at_once_files_and_decides() -> None:
    c = record_appeal(denied(), Appeal(1, date(2026, 4, 1), "won", date(2026, 5, 2)), TODAY)
    assert [h.status for h in c.history] == ["denied", "appealed", "paid"]


def test_appeal_dates_are_checked_field_by_field() -> None:
    cases = [
        (Appeal(1, date(2026, 7, 1)), "filed", "An appeal date cannot be in the future"),
        (Appeal(1, date(2026, 4, 1), "won"), "decided", "date of the decision is needed"),
        (Appeal(1, date(2026, 4, 1), "pending", date(2026, 5, 1)), "decided", "needs an outcome"),
        (
            Appeal(1, date(2026, 4, 1), "lost", date(2026, 3, 30)),
            "decided",
            r"the decision \(2026-03-30\) cannot come before the appeal was filed",
        ),
    ]
    for appeal, field, message in cases:
        with pytest.raises(ValidationError, match=message) as e:
            record_appeal(denied(), appeal, TODAY)
        assert e.value.field == field


def test_a_paid_claim_cannot_be_appealed() -> None:
    c = record_appeal(denied(), Appeal(1, date(2026, 4, 1), "won", date(2026, 5, 2)), TODAY)
    with pytest.raises(ValidationError, match="a paid claim cannot be appealed"):
        record_appeal(c, Appeal(2, date(2026, 6, 1)), TODAY)
