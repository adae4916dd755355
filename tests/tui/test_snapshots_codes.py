"""Snapshots of the Codes screen and the code-note dialog (demo data, frozen clock)."""

from __future__ import annotations

from textual.widgets import Input

WIDE = (130, 40)


async def _codes_with_co97_and_calculator(pilot) -> None:
    app = pilot.app
    await pilot.press("2")
    await pilot.pause()
    await pilot.press(*"CO-97")
    app.screen.query_one("#units-input", Input).value = "97110:33 97140:7"
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_codes_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_codes_with_co97_and_calculator)


def test_code_note_dialog(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await _codes_with_co97_and_calculator(pilot)
        await pilot.press("escape", "e")
        await pilot.pause()
        await pilot.press(*"The EOB said 97140 was bundled")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=WIDE, run_before=run_before)
