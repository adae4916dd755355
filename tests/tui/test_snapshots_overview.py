"""Snapshots of the Overview screen (demo data, frozen clock)."""

from __future__ import annotations

WIDE = (130, 40)
NARROW = (80, 24)


def _overview(loaded, settle):
    async def run_before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("4")
        await settle(pilot)

    return run_before


def test_overview_screen(snap_compare, demo_app, loaded, settle):
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_overview(loaded, settle))


def test_overview_screen_narrow(snap_compare, demo_app, loaded, settle):
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_overview(loaded, settle))
