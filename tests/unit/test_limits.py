"""Visit counting toward plans and authorisations, and the Medicare KX threshold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from floortrack.billing.limits import (
    auth_usage,
    kx_progress,
    renewed,
    sessions_for_payer,
    visit_limit,
)
from floortrack.model import Authorization, Claim, Plan, Session


def visits(*days: date) -> list[Session]:
    return [Session(d, id=i + 1) for i, d in enumerate(days)]


def test_single_plan_counts_every_visit_in_its_plan_year() -> None:
    plan = Plan("Aetna", visit_limit=20, plan_year_start_month=7)
    sessions = visits(date(2026, 6, 30), date(2026, 7, 1), date(2026, 8, 3), date(2026, 9, 1))
    v = visit_limit(plan, sessions, [], [plan], today=date(2026, 9, 10))
    assert (v.year_start, v.year_end) == (date(2026, 7, 1), date(2027, 6, 30))
    assert v.used == 3 and v.remaining == 17 and not v.running_out


def test_with_two_plans_only_visits_billed_to_the_payer_count() -> None:
    a, b = Plan("Aetna", visit_limit=3), Plan("Medicare", "medicare")
    sessions = visits(date(2026, 2, 1), date(2026, 2, 8), date(2026, 2, 15))
    claims = [
        Claim(service_dates=(date(2026, 2, 1),), payer="aetna", billed="1", session_ids=(1,)),
        Claim(service_dates=(date(2026, 2, 8),), payer="Medicare", billed="1"),
    ]
    counted = sessions_for_payer("Aetna", sessions, claims, [a, b])
    assert [s.id for s in counted] == [1]  # visit 3 has no claim: unassigned with two payers
    assert visit_limit(a, sessions, claims, [a, b], date(2026, 3, 1)).used == 1


def test_authorisation_used_remaining_and_running_out() -> None:
    auth = Authorization("UHC", 6, date(2026, 3, 1), date(2026, 4, 30))
    sessions = visits(date(2026, 2, 27), *[date(2026, 3, d) for d in (2, 9, 16, 23)])
    use = auth_usage(auth, sessions, [], [], [auth], today=date(2026, 3, 24))
    assert use.used == 4 and use.remaining == 2 and use.running_out
    assert use.days_left == 37 and not use.expiring and use.active
    later = auth_usage(auth, sessions, [], [], [auth], today=date(2026, 4, 20))
    assert later.expiring and later.days_left == 10


def test_renewal_silences_the_old_authorisation() -> None:
    old = Authorization("UHC", 6, date(2026, 3, 1), date(2026, 4, 30))
    new = Authorization("uhc", 8, date(2026, 4, 25), date(2026, 6, 30))
    assert renewed(old, [old, new]) and not renewed(new, [old, new])


def test_kx_progress_counts_allowed_on_medicare_claims_of_the_year() -> None:
    plans = [Plan("Medicare", "medicare"), Plan("Aetna")]
    claims = [
        Claim(service_dates=(date(2024, 3, 1),), payer="Medicare", billed="900", allowed="1200"),
        Claim(service_dates=(date(2024, 9, 1),), payer="Medicare", billed="900", allowed="1200"),
        Claim(service_dates=(date(2024, 9, 1),), payer="Medicare", billed="900"),
        Claim(service_dates=(date(2024, 9, 1),), payer="Aetna", billed="900", allowed="800"),
        Claim(service_dates=(date(2023, 9, 1),), payer="Medicare", billed="900", allowed="800"),
    ]
    kx = kx_progress(claims, plans, 2024)
    assert kx.allowed == Decimal("2400.00") and kx.threshold == Decimal("2330")
    assert kx.over and kx.missing_allowed == 1 and not kx.typical
    assert "2024" in kx.label
    assert kx_progress(claims, plans, 2026).typical
    unknown = kx_progress(claims, plans, 2031)
    assert unknown.threshold is None and "no KX threshold known for 2031" in unknown.label
