"""Snapshots of the payment (p) and appeal (a) forms on the Claims screen (demo data, frozen
clock, 130x40)."""

from __future__ import annotations

WIDE = (130, 40)


def _on_claim(claim_id: int, *keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        for _ in range(200):
            if app.data.loaded:
                break
            await pilot.pause(0.02)
        await pilot.press("3")
        await pilot.pause()
        app.screen.show_claim(claim_id)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_payment_form(snap_compare, demo_app):
    # Claim 3 is partially paid with $99.20 left: typing 40 shows the balance it leaves.
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_on_claim(3, "p", *"40"))


def test_appeal_form(snap_compare, demo_app):
    # Claim 4 is denied (CO-97): a new level 1 appeal, filed today, moves it to appealed.
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_on_claim(4, "a"))
