"""Snapshots of the Claims screen (wide and 80x24) and its two forms (demo data, frozen clock)."""

from __future__ import annotations

from datetime import date

from floortrack.model import Session, SessionLine

WIDE = (130, 40)
NARROW = (80, 24)


def _claims_on_the_denied_claim(loaded):
    async def run_before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        pilot.app.screen.show_claim(4)  # denied CO-97
        await pilot.pause()

    return run_before


def test_claims_screen(snap_compare, demo_app, loaded):
    assert snap_compare(
        demo_app, terminal_size=WIDE, run_before=_claims_on_the_denied_claim(loaded)
    )


def test_claims_screen_narrow(snap_compare, demo_app, loaded):
    assert snap_compare(
        demo_app, terminal_size=NARROW, run_before=_claims_on_the_denied_claim(loaded)
    )


def test_new_claim_form(snap_compare, demo_repo, make_app, loaded):
    demo_repo.sessions.add(
        Session(
            date(2026, 3, 12),
            "Harbor Pelvic Health",
            lines=(SessionLine("97110", 33), SessionLine("97140", 7)),
        )
    )
    app = make_app(demo_repo)

    async def run_before(pilot) -> None:
        await _claims_on_the_denied_claim(loaded)(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("space")  # pick the unbilled visit: dates and units fill in
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_claim_update_form(snap_compare, demo_app, loaded):
    async def run_before(pilot) -> None:
        await _claims_on_the_denied_claim(loaded)(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=WIDE, run_before=run_before)
