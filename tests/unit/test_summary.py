"""Year summary: totals, denial rate and median days to payment as defined in summary.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from floortrack.billing.summary import year_summary
from floortrack.model import Claim, PatientPayment, Session, StatusChange


def make(day: date, history: tuple[tuple[str, date], ...], **kw) -> Claim:
    hist = tuple(StatusChange(s, d) for s, d in history)
    return Claim(
        service_dates=(day,),
        payer=kw.pop("payer", "Aetna"),
        billed=kw.pop("billed"),
        status=hist[-1].status if hist else "submitted",
        history=hist,
        **kw,
    )


def test_year_summary_figures() -> None:
    claims = [
        make(
            date(2026, 1, 5),
            (("paid", date(2026, 1, 25)),),
            billed="200.00",
            allowed="120.00",
            paid="100.00",
            patient_owes="20.00",
            payments=(PatientPayment(date(2026, 2, 1), "5.00"),),
        ),
        make(
            date(2026, 2, 2),
            (
                ("denied", date(2026, 2, 20)),
                ("appealed", date(2026, 3, 1)),
                ("paid", date(2026, 4, 3)),
            ),
            billed="150.00",
            allowed="90.00",
            paid="90.00",
        ),
        make(date(2026, 3, 2), (("denied", date(2026, 3, 30)),), billed="100.00"),
        make(date(2026, 4, 6), (), billed="80.00", payer="Medicare"),  # pending: not decided
        make(date(2025, 12, 29), (("paid", date(2026, 1, 20)),), billed="999.00"),  # other year
    ]
    sessions = [Session(date(2026, m, 3)) for m in (1, 2, 3, 4)] + [Session(date(2025, 12, 29))]
    s = year_summary(2026, sessions, claims)
    assert s.visits == 4 and s.claims == 4
    assert s.billed == Decimal("530.00") and s.allowed == Decimal("210.00")
    assert s.paid_by_plan == Decimal("190.00") and s.paid_by_patient == Decimal("5.00")
    assert s.still_owed == Decimal("15.00")
    assert (s.denied, s.decided, s.denial_rate) == (2, 3, Decimal("0.67"))
    assert s.median_days_to_payment == 40.0  # 20 and 60 days
    assert [p.payer for p in s.payers] == ["Aetna", "Medicare"]
    assert s.to_dict()["by_payer"][0]["paid"] == Decimal("190.00")


def test_empty_year_has_no_rate_or_median() -> None:
    s = year_summary(2020, [], [])
    assert s.denial_rate is None and s.median_days_to_payment is None and s.visits == 0
