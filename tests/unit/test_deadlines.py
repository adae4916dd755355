"""Appeal and filing deadlines: windows per plan type, month ends, leap years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floortrack.billing.deadlines import (
    add_months,
    appeal_deadline,
    filing_deadline,
    sessions_without_claim,
)
from floortrack.billing.lifecycle import change_status
from floortrack.billing.plans import plan_for, plan_year
from floortrack.model import Appeal, Claim, Plan, Session, StatusChange


def denied(on: date, **kw) -> Claim:
    return Claim(
        service_dates=(date(2025, 12, 1),),
        payer="Medicare",
        billed="100",
        submitted=date(2025, 12, 2),
        status="denied",
        history=(StatusChange("denied", on),),
        **kw,
    )


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 10, 31), 4, date(2026, 2, 28)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_medicare_redetermination_is_120_days_from_the_denial() -> None:
    plan = Plan("Medicare", "medicare")
    d = appeal_deadline(denied(date(2026, 1, 10)), plan, today=date(2026, 1, 20))
    assert d is not None
    assert d.due == date(2026, 5, 10) and d.days_left == 110 and d.level == 1
    assert not d.typical


def test_leap_year_counts_february_29() -> None:
    plan = Plan("Medicare", "medicare")
    d = appeal_deadline(denied(date(2024, 1, 1)), plan, today=date(2024, 1, 1))
    assert d is not None and d.due == date(2024, 4, 30)  # 2025 would give May 1
    d = appeal_deadline(denied(date(2025, 1, 1)), plan, today=date(2025, 1, 1))
    assert d is not None and d.due == date(2025, 5, 1)


def test_commercial_is_180_days_and_a_plan_value_overrides() -> None:
    c = denied(date(2026, 2, 1))
    d = appeal_deadline(c, Plan("Medicare", "commercial"), today=date(2026, 2, 1))
    assert d is not None and d.due == date(2026, 7, 31)
    d = appeal_deadline(
        c, Plan("Medicare", "commercial", appeal_window_days=30), today=date(2026, 2, 1)
    )
    assert d is not None and d.due == date(2026, 3, 3) and "your plan" in d.source


def test_medicare_advantage_is_65_days_from_the_notice_since_2025() -> None:
    d = appeal_deadline(
        denied(date(2026, 2, 1)), Plan("Medicare", "medicare_advantage"), today=date(2026, 2, 1)
    )
    assert d is not None and not d.typical and d.due == date(2026, 4, 7)  # 65 days
    assert "422.582" in d.describe()
    before = appeal_deadline(
        denied(date(2024, 6, 1)), Plan("Medicare", "medicare_advantage"), today=date(2024, 6, 1)
    )
    assert before is not None and before.due == date(2024, 7, 31)  # 60 days before 2025


def test_second_level_after_a_lost_appeal_counts_from_the_new_denial() -> None:
    c = Claim(
        service_dates=(date(2026, 1, 5),),
        payer="Medicare",
        billed="100",
        submitted=date(2026, 1, 6),
    )
    for status, on in (
        ("denied", date(2026, 1, 20)),
        ("appealed", date(2026, 2, 1)),
        ("denied", date(2026, 3, 15)),
    ):
        c = change_status(c, status, on, today=date(2026, 4, 1))
    from dataclasses import replace

    c = replace(c, appeals=(Appeal(1, date(2026, 2, 1), "lost", date(2026, 3, 15)),))
    d = appeal_deadline(c, Plan("Medicare", "medicare"), today=date(2026, 4, 1))
    assert d is not None and d.level == 2 and d.due == date(2026, 9, 11)  # 180 days


def test_no_deadline_unless_currently_denied_and_none_for_medicare_co29() -> None:
    paid = Claim(service_dates=(date(2026, 1, 5),), payer="M", billed="1", status="paid")
    assert appeal_deadline(paid, None, today=date(2026, 2, 1)) is None
    late = denied(date(2026, 1, 10), denial_codes=("CO-29",))
    assert appeal_deadline(late, Plan("Medicare", "medicare"), today=date(2026, 2, 1)) is None


def test_filing_limit_medicare_twelve_months_commercial_typical_90_days() -> None:
    d = filing_deadline(date(2024, 2, 29), Plan("M", "medicare"), today=date(2024, 3, 1))
    assert d.due == date(2025, 2, 28) and not d.typical
    d = filing_deadline(date(2026, 1, 1), Plan("A", "commercial"), today=date(2026, 3, 1))
    assert d.due == date(2026, 4, 1) and d.typical and d.days_left == 31
    d = filing_deadline(
        date(2026, 1, 1), Plan("A", "commercial", timely_filing_days=365), today=date(2026, 3, 1)
    )
    assert d.due == date(2027, 1, 1) and not d.typical


def test_plan_year_and_payer_matching() -> None:
    plan = Plan("Blue Cross", plan_year_start_month=7)
    assert plan_year(plan, date(2026, 3, 1)) == (date(2025, 7, 1), date(2026, 6, 30))
    assert plan_year(plan, date(2026, 7, 1)) == (date(2026, 7, 1), date(2027, 6, 30))
    assert plan_year(None, date(2024, 2, 29)) == (date(2024, 1, 1), date(2024, 12, 31))
    assert plan_for("  blue cross ", [Plan("Aetna"), plan]) is plan


def test_sessions_without_claim_by_link_or_date() -> None:
    s1 = Session(date(2026, 1, 5), id=1)
    s2 = Session(date(2026, 1, 8), id=2)
    s3 = Session(date(2026, 1, 12), id=3)
    claims = [
        Claim(service_dates=(date(2026, 1, 1),), payer="A", billed="1", session_ids=(1,)),
        Claim(service_dates=(date(2026, 1, 8),), payer="A", billed="1"),
    ]
    assert sessions_without_claim([s1, s2, s3], claims) == [s3]


def test_without_a_plan_the_payer_name_decides() -> None:
    d = appeal_deadline(denied(date(2026, 1, 10)), None, today=date(2026, 1, 20))
    assert d is not None and d.due == date(2026, 5, 10)  # payer "Medicare": 120 days


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 60))
def test_add_months_lands_in_the_right_month_never_past_its_end(start: date, months: int) -> None:
    got = add_months(start, months)
    assert (got.year * 12 + got.month) - (start.year * 12 + start.month) == months
    assert got.day == start.day or (got.day < start.day and (got + timedelta(days=1)).day == 1)
