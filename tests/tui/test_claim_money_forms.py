"""Claims screen: recording a payment (p) and an appeal or its outcome (a) from the TUI.

Demo data, today pinned to 2026-03-14: claim 3 is partially paid with $99.20 left to pay,
claim 4 is denied (CO-97, denied 2025-12-08), claim 1 is paid.
"""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Button, Input, Select, Static

from floortrack.billing import lifecycle
from floortrack.tui.dialogs.appeal_form import AppealForm
from floortrack.tui.dialogs.payment_form import PaymentForm
from floortrack.tui.screens.claims import ClaimsScreen

SIZE = (130, 40)


async def open_claim(app, pilot, loaded, claim_id: int) -> ClaimsScreen:
    await loaded(pilot)
    await pilot.press("3")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClaimsScreen)
    screen.show_claim(claim_id)
    await pilot.pause()
    return screen


def detail(screen: ClaimsScreen) -> str:
    return str(screen.query_one("#claim-detail-body", Static).render())


def balance_line(screen: ClaimsScreen) -> str:
    return next(line for line in detail(screen).splitlines() if "Balance" in line)


def shown(form, name: str) -> str:
    """The inline message under field `name` ("" when none is shown)."""
    box = form.query_one(f"#{name}-error", Static)
    return str(box.render()) if box.display else ""


async def type_into(pilot, form, name: str, text: str) -> None:
    box = form.query_one(f"#{name}", Input)
    box.value = text
    await pilot.pause()


async def test_payment_lowers_the_balance(demo_app, demo_repo, loaded, settle):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claim(demo_app, pilot, loaded, 3)
        assert balance_line(screen).split() == ["Balance", "$99.20"]
        await pilot.press("p")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, PaymentForm)
        assert form.query_one("#on", Input).value == "2026-03-14"  # today by default
        assert form.query_one("#save", Button).disabled  # no amount yet
        await pilot.press(*"40.00")
        await pilot.pause()
        assert not form.query_one("#save", Button).disabled
        assert "Balance after this payment: $59.20" in str(form.query_one("#effect").render())
        await type_into(pilot, form, "note", "card at desk")
        await pilot.click("#save")
        await settle(pilot)

        assert demo_app.screen is screen  # the form closed
        text = detail(screen)
        assert "Your payments" in text and "2026-03-14  $40.00  card at desk" in text
        assert balance_line(screen).split() == ["Balance", "$59.20"]
        stored = demo_repo.claims.get(3)
        assert stored.payments[-1].amount == Decimal("40.00")


async def test_payment_refuses_bad_input_and_saves_nothing(demo_app, demo_repo, loaded, settle):
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_claim(demo_app, pilot, loaded, 3)
        await pilot.press("p")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, PaymentForm)
        save = form.query_one("#save", Button)

        await type_into(pilot, form, "amount", "-5")
        assert shown(form, "amount") == "amount cannot be negative (-5)"
        assert save.disabled
        await type_into(pilot, form, "amount", "0")
        assert shown(form, "amount") == "a payment must be more than 0.00"
        await type_into(pilot, form, "amount", "12.345")
        assert "more than two decimals" in shown(form, "amount")

        await type_into(pilot, form, "amount", "20")
        await type_into(pilot, form, "on", "2026-03-15")
        assert shown(form, "on") == (
            "A payment date cannot be in the future (2026-03-15 is after today, 2026-03-14)"
        )
        assert shown(form, "amount") == ""
        assert save.disabled
        await pilot.press("ctrl+s")  # a save attempt with a wrong field does nothing
        await pilot.pause()
        assert demo_app.screen is form

        await pilot.press("escape")  # typed: it asks before discarding
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClaimsScreen)
        assert demo_repo.claims.get(3).payments == ()


async def test_appeal_then_outcome_won_pays_the_denied_claim(demo_app, demo_repo, loaded, settle):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claim(demo_app, pilot, loaded, 4)
        assert "Appeal deadline" in detail(screen)

        await pilot.press("a")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, AppealForm)
        assert form.query_one("#level", Input).value == "1"
        await type_into(pilot, form, "filed", "2026-03-10")
        effect = str(form.query_one("#effect").render())
        assert effect == "Saving moves the claim from denied to appealed."
        await pilot.click("#save")
        await settle(pilot)

        assert demo_app.screen is screen
        stored = demo_repo.claims.get(4)
        assert lifecycle.current_status(stored) == "appealed"
        text = detail(screen)
        assert "Appeal level 1 filed 2026-03-10: pending" in text
        assert "● 2026-03-10  appealed  level 1 appeal filed" in text

        # The decision arrives: the same form, on the pending appeal, records the outcome.
        await pilot.press("a")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, AppealForm)
        assert form.query_one("#filed", Input).value == "2026-03-10"
        form.query_one("#outcome", Select).value = "won"
        await pilot.pause()
        assert shown(form, "decided") == (
            "the date of the decision is needed when the appeal was won"
        )
        assert form.query_one("#save", Button).disabled
        await type_into(pilot, form, "decided", "2026-03-13")
        assert str(form.query_one("#effect").render()) == (
            "Saving moves the claim from appealed to paid."
        )
        await pilot.click("#save")
        await settle(pilot)

        stored = demo_repo.claims.get(4)
        assert lifecycle.current_status(stored) == "paid"
        assert [a.outcome for a in stored.appeals] == ["won"]  # level 1 updated, not added
        text = detail(screen)
        assert "Appeal level 1 filed 2026-03-10: won, decided 2026-03-13" in text
        assert "● 2026-03-13  paid  appeal won" in text


async def test_appeal_refusals_are_shown_inline_and_nothing_is_saved(
    demo_app, demo_repo, loaded, settle
):
    before = demo_repo.claims.get(4)
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_claim(demo_app, pilot, loaded, 4)
        await pilot.press("a")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, AppealForm)
        save = form.query_one("#save", Button)

        await type_into(pilot, form, "filed", "2026-04-01")
        assert shown(form, "filed") == (
            "An appeal date cannot be in the future (2026-04-01 is after today, 2026-03-14)"
        )
        assert save.disabled
        await type_into(pilot, form, "filed", "2026-03-01")
        form.query_one("#outcome", Select).value = "lost"
        await pilot.pause()
        assert "decision is needed" in shown(form, "decided")
        await type_into(pilot, form, "decided", "2026-02-01")
        assert shown(form, "decided") == (
            "the decision (2026-02-01) cannot come before the appeal was filed (2026-03-01)"
        )
        await type_into(pilot, form, "level", "9")
        assert shown(form, "level") == "appeal level must be between 1 and 5 (got 9)"
        assert save.disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert demo_repo.claims.get(4) == before


async def test_a_paid_claim_cannot_be_appealed(demo_app, demo_repo, loaded):
    before = demo_repo.claims.get(1)
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_claim(demo_app, pilot, loaded, 1)
        await pilot.press("a")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, AppealForm)
        problem = str(form.query_one("#form-error", Static).render())
        assert problem.startswith("Cannot record this appeal: a paid claim cannot be appealed")
        assert form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.screen is form
    assert demo_repo.claims.get(1) == before


async def test_a_refusal_at_save_time_keeps_the_form_open(demo_app, demo_repo, loaded, settle):
    """Another program moved the claim on after the form opened: billing refuses the appeal
    on the claim as stored, the form says why and keeps what was typed (docs/STORAGE.md, S2)."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_claim(demo_app, pilot, loaded, 4)
        await pilot.press("a")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, AppealForm)
        await type_into(pilot, form, "note", "sent by fax")
        claim = demo_repo.claims.get(4)
        demo_repo.claims.update(4, lifecycle.change_status(claim, "closed", claim.history[-1].on))
        await pilot.click("#save")
        await settle(pilot)
        assert demo_app.screen is form
        status = str(form.query_one("#form-status", Static).render())
        assert status.startswith(
            "Not saved: cannot record this appeal on claim 4: a closed claim cannot become appealed"
        )
        assert form.query_one("#note", Input).value == "sent by fax"
    assert demo_repo.claims.get(4).appeals == ()


async def test_keys_are_offered_on_the_claims_screen_only(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claim(demo_app, pilot, loaded, 4)
        keys = screen.active_bindings
        assert keys["p"].binding.action == "pay" and keys["a"].binding.action == "appeal"
        await pilot.press("1")
        await pilot.pause()
        sessions = demo_app.screen.active_bindings
        assert "a" not in sessions and "p" not in sessions
