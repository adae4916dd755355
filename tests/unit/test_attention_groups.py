"""The bounded attention list: many items of one kind become one group with a count and ids;
a few stay on the list one by one; fewer than the threshold are never grouped."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from floortrack.billing.attention import (
    GROUP_OVER,
    GROUP_SHOWN,
    Group,
    attention_list,
    expand,
    needs_attention,
)
from floortrack.model import Claim, Plan, Session, StatusChange

TODAY = date(2026, 6, 1)
PLAN = Plan("Aetna", "commercial", id=1)
MEDICARE = Plan("Medicare", "medicare", id=1)


def old_visits(n: int, first: date = date(2024, 1, 8)) -> list[Session]:
    """n visits a week apart, long past the filing limit (each a "high" unbilled visit)."""
    return [Session(first + timedelta(weeks=k), id=k + 1) for k in range(n)]


def owing(cid: int, day: date, owes: str) -> Claim:
    return Claim(
        (day,),
        "Aetna",
        Decimal("200.00"),
        status="paid",
        submitted=day,
        patient_owes=Decimal(owes),
        history=(StatusChange("paid", day + timedelta(days=20)),),
        id=cid,
    )


def test_below_the_threshold_every_item_stays_on_its_own() -> None:
    sessions = old_visits(GROUP_OVER)
    full = needs_attention(sessions, [], [PLAN], [], TODAY)
    assert len(full) == GROUP_OVER
    assert attention_list(sessions, [], [PLAN], [], TODAY) == full


def test_many_unbilled_visits_become_one_group_with_count_and_ids() -> None:
    sessions = old_visits(40)
    full = needs_attention(sessions, [], [PLAN], [], TODAY)
    assert len(full) == 40 and {i.kind for i in full} == {"unclaimed_session"}
    items = attention_list(sessions, [], [PLAN], [], TODAY)
    singles = [i for i in items if not isinstance(i, Group)]
    [group] = [i for i in items if isinstance(i, Group)]
    # Deadlines passed: the newest visits stay on their own, the group comes after them.
    assert [i.session_id for i in singles] == [38, 39, 40]
    assert items[-1] is group and len(items) == GROUP_SHOWN + 1
    assert group.count == 37 and group.ids == tuple(range(1, 38))
    assert group.id_field == "session_id" and group.session_id is None
    assert group.oldest == date(2024, 1, 8) and group.newest == sessions[36].date
    assert group.title.startswith("37 more visits with no claim")
    assert "the oldest 2024-01-08" in group.title and sessions[36].date.isoformat() in group.title
    assert group.severity == "high" and group.kind == "unclaimed_session"
    assert group.advice == full[0].advice and group.step.kind == "add_claim"
    assert group.step.session_id is None  # the ids name the visits; the step names none
    # Nothing is lost: the group's members are the items that are not shown one by one.
    assert [*group.members, *singles] == full
    assert sum(i.count if isinstance(i, Group) else 1 for i in items) == 40


def test_deadlines_still_to_come_keep_the_soonest_on_their_own() -> None:
    # Medicare: a year to file. Visits 2025-06-02.. are due 2026-06-02..: all within 30 days.
    sessions = [Session(date(2025, 6, 2) + timedelta(days=k), id=k + 1) for k in range(10)]
    items = attention_list(sessions, [], [MEDICARE], [], TODAY)
    assert all(i.severity == "urgent" for i in items)
    assert [i.session_id for i in items[:GROUP_SHOWN]] == [1, 2, 3]
    group = items[GROUP_SHOWN]
    assert isinstance(group, Group) and group.ids == tuple(range(4, 11))
    assert group.due == date(2026, 6, 5) and group.days_left == 4  # its most urgent item's


def test_a_group_of_balances_says_the_total_and_its_json_adds_count_and_ids() -> None:
    claims = [owing(k + 1, date(2026, 1, 5) + timedelta(days=k), "10.00") for k in range(8)]
    items = attention_list([], claims, [PLAN], [], TODAY)
    group = items[-1]
    assert isinstance(group, Group) and group.count == 5
    assert [i.claim_id for i in items[:-1]] == [6, 7, 8]  # the newest claims
    assert "In all $50.00." in group.detail and "Claims 1, 2, 3, 4, 5." in group.detail
    doc = group.to_dict()
    assert doc["count"] == 5 and doc["ids"] == [1, 2, 3, 4, 5]
    assert doc["id_field"] == "claim_id" and doc["claim_id"] is None
    assert doc["oldest"] == date(2026, 1, 5) and doc["newest"] == date(2026, 1, 9)
    assert doc["next_step"] == {"kind": "record_payment"}
    assert "members" not in doc
    single = items[0].to_dict()  # a single item's fields are as they always were
    assert "count" not in single and single["claim_id"] == 6


def test_groups_keep_the_rank_of_the_list() -> None:
    claims = [owing(k + 1, date(2026, 1, 5) + timedelta(days=k), "10.00") for k in range(8)]
    sessions = old_visits(12)
    items = attention_list(sessions, claims, [PLAN], [], TODAY)
    kinds = [i.kind for i in items]
    # "high" unbilled visits before "normal" balances, each group after its own kind
    assert kinds == ["unclaimed_session"] * 4 + ["balance_due"] * 4
    assert isinstance(items[3], Group) and isinstance(items[7], Group)


def test_expanding_a_group_lists_its_items_a_page_at_a_time() -> None:
    sessions = old_visits(80)
    [group] = [i for i in attention_list(sessions, [], [PLAN], [], TODAY) if isinstance(i, Group)]
    assert group.count == 77
    page = expand(group, by=50)
    assert [i.session_id for i in page[:50]] == list(range(1, 51))
    rest = page[50]
    assert len(page) == 51 and isinstance(rest, Group) and rest.count == 27
    assert rest.ids == tuple(range(51, 78)) and rest.oldest == sessions[50].date
    # the last few are listed one by one, not as a group of five
    last = expand(rest, by=23)
    assert len(last) == 27 and not any(isinstance(i, Group) for i in last)


def test_one_claims_items_are_those_the_whole_list_has_for_it(data_file) -> None:
    """claim_attention (a claim's own screen) gives exactly the items about that claim."""
    from floortrack.billing.attention import claim_attention
    from floortrack.demo import build_demo
    from floortrack.store import open_repository

    repo = open_repository(data_file)
    build_demo(repo, date(2026, 3, 14))
    sessions, claims = repo.sessions.all(), repo.claims.all()
    plans, auths, clinics, calls = (
        repo.plans.all(),
        repo.auths.all(),
        repo.clinics.all(),
        repo.calls.all(),
    )
    today = date(2026, 3, 14)
    found = 0
    for claim in claims:
        every = needs_attention(sessions, [claim], plans, auths, today, clinics, calls)
        mine = claim_attention(claim, sessions, plans, auths, today, clinics, calls)
        assert mine == [i for i in every if i.claim_id == claim.id]
        found += len(mine)
    assert found >= 5  # the demo has claims that need something


def test_remembered_results_never_outlive_a_change() -> None:
    """Items are kept per claim object; a changed claim, a new visit that changes the bill
    check, another day or another plan are all worked out again."""
    from dataclasses import replace

    from floortrack.model import ClaimLine, PatientPayment, SessionLine

    claim = replace(
        owing(1, date(2026, 5, 4), "10.00"), session_ids=(1,), lines=(ClaimLine("97110", 4),)
    )
    [item] = needs_attention([], [claim], [PLAN], [], TODAY)
    assert item.kind == "balance_due"
    assert needs_attention([], [claim], [PLAN], [], TODAY) == [item]  # the same, again
    paid = replace(claim, payments=(PatientPayment(date(2026, 5, 20), Decimal("10.00")),))
    assert needs_attention([], [paid], [PLAN], [], TODAY) == []
    # the visit it bills allows 2 units, not 4: the bill check now says to hold the payment
    visit = Session(date(2026, 5, 4), id=1, lines=(SessionLine("97110", 25),))
    kinds = sorted(i.kind for i in needs_attention([visit], [claim], [PLAN], [], TODAY))
    assert kinds == ["audit", "balance_held"]
    assert needs_attention([], [claim], [PLAN], [], TODAY) == [item]
    # another plan type for the payer: the same denied claim gets that plan's deadline
    denied = Claim(
        (date(2026, 3, 2),),
        "Aetna",
        Decimal("200.00"),
        status="denied",
        submitted=date(2026, 3, 2),
        history=(StatusChange("denied", date(2026, 4, 1)),),
        id=2,
    )
    [commercial] = needs_attention([], [denied], [PLAN], [], TODAY)
    [medicare] = needs_attention([], [denied], [Plan("Aetna", "medicare", id=1)], [], TODAY)
    assert commercial.due == date(2026, 9, 28) and medicare.due == date(2026, 7, 30)
    # another day: days left counted from it
    [later] = needs_attention([], [denied], [PLAN], [], date(2026, 9, 1))
    assert later.days_left == 27 and commercial.days_left == 119


def test_summary_figures_follow_a_changed_claim() -> None:
    from dataclasses import replace

    from floortrack.billing.summary import year_summary
    from floortrack.model import PatientPayment

    claim = owing(1, date(2026, 1, 5), "10.00")
    assert year_summary(2026, [], [claim]).still_owed == Decimal("10.00")
    paid = replace(claim, payments=(PatientPayment(date(2026, 2, 1), Decimal("10.00")),))
    assert year_summary(2026, [], [paid]).still_owed == Decimal("0.00")
    assert year_summary(2026, [], [claim]).still_owed == Decimal("10.00")
