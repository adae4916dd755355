"""Snapshots of the payment (p) and appeal (a) forms on the Claims screen (demo data, frozen
clock, 130x40)."""

from __future__ import annotations

WIDE = (130, 40)


def _on_claim(loaded, claim_id: int, *keys: str):
    async def run_before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        pilot.app.screen.show_claim(claim_id)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_payment_form(snap_compare, demo_app, loaded):
    # Claim 3 is partially paid with $99.20 left: typing 40 shows the balance it leaves.
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_on_claim(loaded, 3, "p", *"40"))


def test_appeal_form(snap_compare, demo_app, loaded):
    # Claim 4 is denied (CO-97): a new level 1 appeal, filed today, moves it to appealed.
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_on_claim(loaded, 4, "a"))
