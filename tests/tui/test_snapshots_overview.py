"""Snapshots of the Overview screen (demo data, frozen clock)."""

from __future__ import annotations

WIDE = (130, 40)
NARROW = (80, 24)


async def _overview(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:
            break
        await pilot.pause(0.02)
    await pilot.press("4")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_overview_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_overview)


def test_overview_screen_narrow(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_overview)
