"""Claims screen: the table, the detail pane, adding a claim and moving it through statuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import Button, DataTable, Input, Select, SelectionList, Static

from floortrack.model import Claim, ClaimLine, Plan, Session, SessionLine
from floortrack.tui.dialogs.claim_form import ClaimFormDialog
from floortrack.tui.dialogs.claim_update import ClaimUpdateDialog
from floortrack.tui.dialogs.confirm import ConfirmDialog
from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.widgets.empty import EmptyState

SIZE = (130, 40)


async def open_claims(app, pilot, loaded) -> ClaimsScreen:
    await loaded(pilot)
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.screen, ClaimsScreen)
    return app.screen


def detail(screen: ClaimsScreen) -> str:
    return str(screen.query_one("#claim-detail-body", Static).render())


def statuses(screen: ClaimsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_table_and_denied_claim_explained(demo_app, demo_repo, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        table = screen.query_one(DataTable)
        assert table.row_count == len(demo_repo.claims)
        # Status is a word (with a colour), never a colour alone.
        assert "denied" in statuses(screen) and "part paid" in statuses(screen)
        first = table.get_row_at(0)
        assert str(first[2]) == "2026-03-03"  # newest service first
        assert str(first[6]) == "11 d"  # days since the visit (today is 2026-03-14)

        screen.show_claim(4)  # the claim denied CO-97
        await pilot.pause()
        text = detail(screen)
        assert "CO-97" in text and "Bundled into another service" in text
        assert "What to do:" in text
        assert "Level 1 appeal due 2026-06-06 (84 days left)" in text
        assert "Status history" in text and "denied" in text
        # The bill check (billing.audit) flags the pair payers commonly refuse together.
        assert "Bill check" in text
        assert "Manual therapy and therapeutic activities together on 2025-11-20" in text


async def test_bill_check_flags_more_units_than_minutes(repo, make_app, loaded):
    (visit,) = repo.sessions.add_many(
        [Session(date(2026, 2, 2), "Bloom PT", lines=(SessionLine("97110", 33),))]
    )
    repo.claims.add(
        Claim(
            (date(2026, 2, 2),),
            "Aetna",
            Decimal("300.00"),
            lines=(ClaimLine("97110", 3),),
            session_ids=(visit,),
        )
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_claims(app, pilot, loaded)
        text = detail(screen)
        assert "Bill check (units by the per-code rule assumed: no plan recorded" in text
        assert "PROBLEM" in text and "97110" in text


async def test_filter_finds_denied_claims(demo_app, loaded, wait_until):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        await pilot.press("slash", *"denied")
        # The filter runs once typing pauses (debounced): wait for the rows, not a time.
        await wait_until(pilot, lambda: len(statuses(screen)) == 2, "the two denied claims")
        assert statuses(screen) == ["denied", "denied"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(statuses(screen)) == 23


async def test_eob_mismatch_is_explained(repo, make_app, loaded):
    repo.claims.add(
        Claim(
            (date(2026, 2, 2),),
            "Aetna",
            Decimal("200.00"),
            status="partially_paid",
            allowed=Decimal("150.00"),
            paid=Decimal("90.00"),
            deductible=Decimal("20.00"),
            coinsurance=Decimal("30.00"),
        )
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_claims(app, pilot, loaded)
        text = detail(screen)
        assert "Does not add up" in text
        assert "$10.00" in text  # 150 allowed - 90 paid - 50 patient share is missing
        assert "Call the insurer" in text


def two_visits(repo) -> list[int]:
    return repo.sessions.add_many(
        [
            Session(
                date(2026, 3, 2),
                "Bloom PT",
                "treatment",
                (SessionLine("97110", 33), SessionLine("97140", 7)),
            ),
            Session(date(2026, 3, 9), "Bloom PT", "treatment", (SessionLine("97112", 25),)),
        ]
    )


async def test_new_claim_links_a_visit_and_prefills_units(repo, make_app, loaded, settle):
    ids = two_visits(repo)
    repo.plans.add(Plan("Medicare", "medicare"))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_claims(app, pilot, loaded)
        assert "No claims yet" in str(screen.query_one(EmptyState).render())
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClaimFormDialog)
        picker = form.query_one("#sessions", SelectionList)
        assert picker.option_count == 2  # visits no claim covers yet, newest first
        picker.highlighted = 1  # the 2026-03-02 visit
        await pilot.press("space")
        await pilot.pause()
        assert form.query_one("#service_date", Input).value == "2026-03-02"
        form.query_one("#payer", Input).value = "Medicare"
        await pilot.pause()
        # Medicare: CMS 8-minute rule, 40 minutes = 3 units, 97140 takes the leftover unit.
        assert form.query_one("#units", Input).value == "97110:2 97140:1"
        assert form.query_one("#save", Button).disabled  # no billed amount yet
        form.query_one("#billed", Input).value = "240.00"
        form.query_one("#claim_number", Input).value = "MC-77"
        await pilot.pause()
        assert not form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert statuses(app.screen) == ["submitted"]
    (claim,) = repo.claims.all()
    assert claim.session_ids == (ids[0],)
    assert claim.service_dates == (date(2026, 3, 2),)
    assert claim.units == {"97110": 2, "97140": 1}
    assert claim.billed == Decimal("240.00") and claim.claim_number == "MC-77"
    # No submission date typed: the last service date is assumed (and said), with the
    # claim's first history line, as `floortrack claim add` does.
    assert claim.submitted == date(2026, 3, 2)
    assert [(h.status, h.on) for h in claim.history] == [("submitted", date(2026, 3, 2))]


async def test_typed_date_picks_the_visit_and_commercial_units(repo, make_app, loaded):
    ids = two_visits(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#payer", Input).value = "Blue Harbor Health"
        form.query_one("#service_date", Input).value = "2026-03-02"
        await pilot.pause()
        assert form.query_one("#sessions", SelectionList).selected == [ids[0]]
        # No plan recorded for this payer: the per-code rule, where 7 minutes earn nothing.
        assert form.query_one("#units", Input).value == "97110:2"


async def test_new_claim_form_refuses_bad_input_and_saves_nothing(repo, make_app, loaded):
    two_visits(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#service_date", Input).value = "2026-13-40"
        form.query_one("#payer", Input).value = "Aetna"
        form.query_one("#billed", Input).value = "12.345"
        await pilot.pause()
        assert "is not a date" in str(form.query_one("#service_date-error", Static).render())
        assert "more than two decimals" in str(form.query_one("#billed-error", Static).render())
        assert form.query_one("#save", Button).disabled
        form.query_one("#service_date", Input).value = "2026-12-01"  # in the future
        form.query_one("#billed", Input).value = "100"
        await pilot.pause()
        assert "cannot be in the future" in str(
            form.query_one("#service_date-error", Static).render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClaimFormDialog)  # still open, with the input kept
        await pilot.press("escape")  # typed: it asks before discarding
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsScreen)
    assert len(repo.claims) == 0


async def update(app, pilot, *, status: str | None = None, **values: str) -> ClaimUpdateDialog:
    await pilot.press("e")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, ClaimUpdateDialog)
    if status is not None:
        form.query_one("#status", Select).value = status
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value
    await pilot.pause()
    return form


async def test_claim_moves_through_statuses_and_refuses_impossible_moves(
    repo, make_app, loaded, settle
):
    repo.claims.add(
        Claim((date(2026, 2, 2),), "Aetna", Decimal("200.00"), submitted=date(2026, 2, 4))
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        form = await update(app, pilot, status="denied", on="2026-02-20", denial="co97")
        assert "Bundled into another service" in str(
            form.query_one("#denial-explained", Static).render()
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert repo.claims.get(1).status == "denied"
        assert repo.claims.get(1).denial_codes == ("CO-97",)

        # From denied, "needs info" is not a possible move, so it is not even offered...
        form = await update(app, pilot)
        offered = [value for _, value in form.status_options()]
        assert "needs_info" not in offered and "appealed" in offered
        # ...and a date before the denial is refused with the reason, inline.
        form.query_one("#status", Select).value = "appealed"
        form.query_one("#on", Input).value = "2026-02-10"
        await pilot.pause()
        error = str(form.query_one("#on-error", Static).render())
        assert "cannot be dated 2026-02-10" in error and "previous change" in error
        assert form.query_one("#save", Button).disabled
        form.query_one("#on", Input).value = "2026-03-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

        form = await update(
            app,
            pilot,
            status="paid",
            on="2026-03-10",
            allowed="150.00",
            paid="120.00",
            patient_owes="30.00",
            copay="30.00",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = str(app.screen.query_one("#claim-detail-body", Static).render())
        assert "The EOB figures entered add up" in text

        # A paid claim cannot go back to submitted.
        form = await update(app, pilot)
        assert "submitted" not in [value for _, value in form.status_options()]
        await pilot.press("escape")
    claim = repo.claims.get(1)
    assert claim.status == "paid"
    assert [h.status for h in claim.history] == ["denied", "appealed", "paid"]
    assert claim.paid == Decimal("120.00") and claim.patient_owes == Decimal("30.00")


async def test_delete_asks_first(demo_app, demo_repo, loaded, settle):
    before = len(demo_repo.claims)
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(demo_app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: nothing deleted
        await pilot.pause()
        assert len(demo_repo.claims) == before
        doomed = screen._current_claim_id()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert len(demo_repo.claims) == before - 1
        assert doomed not in [c.id for c in demo_repo.claims.all()]
        assert screen.query_one(DataTable).row_count == before - 1


async def test_denial_codes_complete_from_the_catalogue(repo, make_app, loaded, settle):
    repo.claims.add(
        Claim((date(2026, 2, 2),), "Aetna", Decimal("200.00"), submitted=date(2026, 2, 4))
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        form = await update(app, pilot)
        box = form.query_one("#denial", Input)
        box.focus()
        await pilot.press(*"co-97 pr-20")
        await settle(pilot)
        await pilot.press("right")  # accept the suggestion, as in any completing field
        await pilot.pause()
        assert box.value.upper() == "CO-97 PR-204"
        explained = str(form.query_one("#denial-explained", Static).render())
        assert "PR-204 = group PR (patient responsibility)" in explained


async def test_own_note_on_a_denial_code_shows_in_the_claim(demo_app, demo_repo, loaded, settle):
    demo_repo.set_note("CO-97", "Clinic says they will resubmit with 59")
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(4)
        await settle(pilot)
        assert "Your note: Clinic says they will resubmit with 59" in detail(screen)
