"""Overview screen: what needs attention (and opening it), and totals that match the data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from textual.widgets import OptionList, Static
from tui_helpers import wait_for_busy, wait_until

from floortrack.model import Claim, PatientPayment, Session, SessionLine, StatusChange
from floortrack.tui.dialogs.appeal_form import AppealForm
from floortrack.tui.dialogs.claim_form import ClaimFormDialog
from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.screens.overview import OverviewScreen
from floortrack.tui.widgets.empty import EmptyState

SIZE = (130, 40)


def fill(repo) -> None:
    """Three claims whose figures are easy to add up by hand (today is 2026-03-14)."""
    visit = (SessionLine("97110", 30),)
    s1, s2, s3, _unbilled = repo.sessions.add_many(
        [
            Session(date(2025, 12, 1), "Bloom PT", lines=visit),
            Session(date(2026, 1, 10), "Bloom PT", lines=visit),
            Session(date(2026, 2, 2), "Bloom PT", lines=visit),
            Session(date(2026, 1, 20), "Bloom PT", lines=visit),  # no claim after 53 days
        ]
    )
    repo.claims.add_many(
        [
            Claim(  # paid, and the patient paid their copay: nothing to do
                (date(2025, 12, 1),),
                "Aetna",
                D("250.00"),
                "A-1",
                "paid",
                date(2025, 12, 2),
                allowed=D("180.00"),
                paid=D("140.00"),
                patient_owes=D("40.00"),
                copay=D("40.00"),
                history=(StatusChange("paid", date(2025, 12, 20)),),
                payments=(PatientPayment(date(2026, 1, 5), D("40.00")),),
                session_ids=(s1,),
            ),
            Claim(  # partially paid: $60 still owed
                (date(2026, 1, 10),),
                "Aetna",
                D("200.00"),
                "A-2",
                "partially_paid",
                date(2026, 1, 11),
                allowed=D("150.00"),
                paid=D("90.00"),
                patient_owes=D("60.00"),
                deductible=D("20.00"),
                coinsurance=D("40.00"),
                history=(StatusChange("partially_paid", date(2026, 2, 1)),),
                session_ids=(s2,),
            ),
            Claim(  # denied CO-97: an appeal is due
                (date(2026, 2, 2),),
                "Aetna",
                D("300.00"),
                "A-3",
                "denied",
                date(2026, 2, 3),
                denial_codes=("CO-97",),
                history=(StatusChange("denied", date(2026, 2, 20)),),
                session_ids=(s3,),
            ),
        ]
    )


async def open_overview(app, pilot, loaded) -> OverviewScreen:
    await loaded(pilot)
    await pilot.press("4")
    await pilot.pause()
    await wait_for_busy(app)
    await pilot.pause()
    assert isinstance(app.screen, OverviewScreen)
    return app.screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def row(text: str, label: str) -> list[str]:
    line = next(ln for ln in text.splitlines() if ln.startswith(label))
    return line[len(label) :].split()


async def test_totals_and_statuses_match_the_data(repo, make_app, loaded):
    fill(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        totals = text_of(screen, "#totals")
        assert row(totals, "Claims") == ["2", "3"]  # 2026, all time
        assert row(totals, "Billed") == ["$500.00", "$750.00"]
        assert row(totals, "Allowed") == ["$150.00", "$330.00"]
        assert row(totals, "Paid by plan") == ["$90.00", "$230.00"]
        assert row(totals, "You paid") == ["$0.00", "$40.00"]
        assert row(totals, "Still owed") == ["$60.00", "$60.00"]
        statuses = text_of(screen, "#by-status")
        assert "1  paid" in statuses and "1  part paid" in statuses and "1  denied" in statuses
        summary = text_of(screen, "#year-summary")
        assert "Visits" in summary and "50% (1 of 2 decided)" in summary


async def test_needs_attention_lists_only_what_needs_action(repo, make_app, loaded):
    fill(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        options = screen.query_one("#attention-list", OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Appeal claim 3" in t for t in titles)
        assert any("You owe $60.00 on claim 2" in t for t in titles)
        assert any("visit on 2026-01-20" in t for t in titles)
        assert not any("claim 1 " in t for t in titles)  # settled: nothing to do
        assert app.focused is options
        appeal = next(i for i, t in enumerate(titles) if "Appeal claim 3" in t)
        options.highlighted = appeal
        await pilot.pause()
        detail = text_of(screen, "#attention-detail-body")
        assert "Next step:" in detail and "Press enter to record the appeal once filed" in detail
        assert "floortrack" not in detail  # the TUI names keys, not shell commands

        # enter performs the step: the claim's appeal form opens over Claims
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AppealForm))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        assert app.current_mode == "claims"
        claims = app.screen
        assert isinstance(claims, ClaimsScreen)
        assert claims._current_claim_id() == 3
        assert "CO-97" in text_of(claims, "#claim-detail-body")


async def test_demo_attention_starts_with_the_urgent_item(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_overview(demo_app, pilot, loaded)
        options = screen.query_one("#attention-list", OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert first.startswith("URGENT") and "Information requested on claim 13" in first
        assert "urgent" in text_of(screen, "#attention-title")
        assert "AUTH-88124" in text_of(screen, "#limits")


async def test_empty_overview_says_what_to_do(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        empty = screen.query_one(EmptyState)
        assert empty.display
        assert "log a visit on Sessions" in str(empty.render())


async def test_an_unbilled_visit_opens_the_new_claim_form(repo, make_app, loaded):
    fill(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        options = screen.query_one("#attention-list", OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = next(i for i, t in enumerate(titles) if "2026-01-20" in t)
        await pilot.press("enter")
        # the step is "add the claim": the new-claim form opens on Claims
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimFormDialog))
        assert app.current_mode == "claims"


async def test_benefit_bars_show_the_deductible_and_visits_to_the_oop_maximum(
    repo, make_app, loaded
):
    from floortrack.model import Plan
    from floortrack.tui.widgets.benefit_bars import BenefitBars

    fill(repo)
    repo.plans.add(Plan("Aetna", deductible="100", oop_max="500", coinsurance_pct="20"))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        assert screen.query_one("#benefits-box").display
        text = str(screen.query_one(BenefitBars).render())
        # 2026 EOBs: claim 2 has $20 deductible and $40 coinsurance.
        assert "$20.00 of $100.00" in text and "$60.00 of $500.00" in text
        assert "more visits until you reach your out-of-pocket maximum" in text
        assert "computed from your" in text


async def test_no_benefit_box_without_benefit_amounts(repo, make_app, loaded):
    fill(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        assert not screen.query_one("#benefits-box").display


def unbilled(repo, n: int) -> None:
    """n visits a week apart in 2024, none with a claim: n "no claim" items, all past the
    filing limit (today is 2026-03-14)."""
    from datetime import timedelta

    repo.sessions.add_many(
        [Session(date(2024, 1, 8) + timedelta(weeks=k), "Bloom PT") for k in range(n)]
    )


def prompts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_many_items_of_a_kind_are_one_row_with_their_count(repo, make_app, loaded):
    unbilled(repo, 60)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        options = screen.query_one("#attention-list", OptionList)
        rows = prompts(options)
        # the three newest visits one by one, then one row for the other 57
        assert len(rows) == 4
        assert all("No claim for your Bloom PT visit" in r for r in rows[:3])
        assert "57 more visits with no claim (the oldest 2024-01-08" in rows[3]
        assert "60 items" in text_of(screen, "#attention-title")  # things to do, not rows
        options.highlighted = 3
        await pilot.pause()
        detail = text_of(screen, "#attention-detail-body")
        assert "Visits 1, 2, 3" in detail and "Next step, for each:" in detail
        assert "Press enter to list the first 50 here" in detail

        # enter lists the group's items in its place: 50 rows, then a row for the last 7
        await pilot.press("enter")
        await wait_until(pilot, lambda: options.option_count == 3 + 50 + 1)
        rows = prompts(options)
        assert "No claim for your Bloom PT visit on 2024-01-08" in rows[3]
        assert "7 more visits with no claim" in rows[-1]
        assert options.highlighted == 3
        assert isinstance(app.screen, OverviewScreen)  # nothing opened yet

        # enter on one of them performs its step as for any item: the new-claim form
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimFormDialog))
        assert app.current_mode == "claims"


async def test_a_few_items_of_a_kind_stay_rows_of_their_own(repo, make_app, loaded):
    unbilled(repo, 5)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(app, pilot, loaded)
        rows = prompts(screen.query_one("#attention-list", OptionList))
        assert len(rows) == 5 and not any("more visits" in r for r in rows)
