"""Claims: correct units, billed, claim number, adjustments and a mistaken status (c);
delete with undo (d, u). Everything goes through actions/claims.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import Button, Input, Select, Static
from tui_helpers import wait_until

from floortrack.actions import claims as claim_actions
from floortrack.billing import lifecycle
from floortrack.tui.dialogs.confirm import ConfirmDialog
from floortrack.tui.dialogs.field_form import FieldForm
from floortrack.tui.screens.claims import ClaimsScreen

SIZE = (120, 35)
TODAY = date(2026, 3, 14)


def one_claim(repo):  # type: ignore[no-untyped-def]
    added = claim_actions.add_claim(
        repo,
        service_dates=[date(2026, 3, 2)],
        payer="Aetna",
        billed="240.00",
        claim_number="A-1",
        units=["97110:2"],
        today=TODAY,
    )
    return added.claim


async def open_claims(app, pilot, loaded) -> ClaimsScreen:
    await loaded(pilot)
    await pilot.press("3")
    await wait_until(pilot, lambda: isinstance(app.screen, ClaimsScreen), "Claims")
    await pilot.pause()
    return app.screen


async def test_correct_units_billed_number_and_adjustments(repo, make_app, loaded):
    claim = one_claim(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_claims(app, pilot, loaded)
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        assert form.query_one("#save", Button).disabled  # nothing changed yet
        # Meanwhile the CLI records a payment: the correction must not lose it.
        claim_actions.update_claim(repo, claim.id, {"paid": "80.00"}, today=TODAY)
        form.query_one("#field-units", Input).value = "97110:2 97140-GP-59:1"
        form.query_one("#field-billed", Input).value = "300.00"
        form.query_one("#field-claim_number", Input).value = "A-2"
        form.query_one("#field-adjustment", Input).value = "CO-45:60.00"
        await pilot.pause()
        assert not form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        saved = repo.claims.get(claim.id)
        assert [str(line) for line in saved.lines] == ["97110:2", "97140-GP-59:1"]
        assert saved.lines[1].modifiers == ("GP", "59")
        assert (saved.billed, saved.claim_number) == (Decimal("300.00"), "A-2")
        assert [(a.carc, a.amount) for a in saved.adjustments] == [("CO-45", Decimal("60.00"))]
        assert saved.paid == Decimal("80.00")  # the change made elsewhere is kept


async def test_a_bad_adjustment_is_explained_and_save_stays_off(repo, make_app, loaded):
    one_claim(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        box = form.query_one("#field-adjustment", Input)
        box.focus()
        await pilot.press(*"CO45")
        await pilot.pause()
        assert form.query_one("#save", Button).disabled
        assert "GROUP-REASON:AMOUNT" in str(form.query_one("#error-adjustment", Static).render())


async def test_undo_a_mistaken_status_through_the_correction_trail(repo, make_app, loaded):
    claim = one_claim(repo)
    claim_actions.update_claim(repo, claim.id, status="denied", on="2026-03-10", today=TODAY)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_claims(app, pilot, loaded)
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        entry = form.query_one("#field-entry", Select)
        denied_row = lifecycle.effective_history(repo.claims.get(claim.id))[-1]
        entry.value = str(denied_row.index)
        form.query_one("#field-status", Select).value = "in_process"
        form.query_one("#field-note", Input).value = "the denial was for another claim"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        saved = repo.claims.get(claim.id)
        assert lifecycle.current_status(saved) == "in_process"
        rows = lifecycle.effective_history(saved)
        assert rows[-1].corrected and rows[-1].original_status == "denied"
        assert "corrected: was denied" in str(
            screen.query_one("#claim-detail-body", Static).render()
        )


async def test_delete_a_claim_then_undo_brings_it_back(repo, make_app, loaded):
    claim = one_claim(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_until(pilot, lambda: not repo.claims.all(), "the delete")
        await pilot.press("u")
        await wait_until(pilot, lambda: repo.claims.all(), "the undo")
        back = repo.claims.get(claim.id)
        assert back.claim_number == "A-1" and back.history == claim.history


async def test_a_correction_in_the_cli_and_in_the_tui_is_stored_the_same(
    repo, make_app, loaded, tmp_path, capsys
):
    from floortrack.cli import main
    from floortrack.store import open_repository

    cli_repo = open_repository(tmp_path / "cli" / "floortrack.json")
    cli_claim = one_claim(cli_repo)
    argv = ["--data", str(cli_repo.path), "claim", "update", str(cli_claim.id)]
    argv += ["--billed", "300.00", "--claim-number", "A-2", "--units", "97110:2", "97140-GP-59:1"]
    argv += ["--adjustment", "CO-45:60.00"]
    assert main(argv) == 0, capsys.readouterr().err

    claim = one_claim(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_claims(app, pilot, loaded)
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-units", Input).value = "97110:2 97140-GP-59:1"
        form.query_one("#field-billed", Input).value = "300.00"
        form.query_one("#field-claim_number", Input).value = "A-2"
        form.query_one("#field-adjustment", Input).value = "CO-45:60.00"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
    from_cli = open_repository(cli_repo.path).claims.get(cli_claim.id).to_doc()
    from_tui = repo.claims.get(claim.id).to_doc()
    assert from_tui == from_cli
