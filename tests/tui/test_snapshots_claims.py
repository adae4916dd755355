"""Snapshots of the Claims screen (wide and 80x24) and its two forms (demo data, frozen clock)."""

from __future__ import annotations

from datetime import date

from floortrack.model import Session, SessionLine

WIDE = (130, 40)
NARROW = (80, 24)


async def _claims_on_the_denied_claim(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:
            break
        await pilot.pause(0.02)
    await pilot.press("3")
    await pilot.pause()
    app.screen.show_claim(4)  # denied CO-97
    await pilot.pause()


def test_claims_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_claims_on_the_denied_claim)


def test_claims_screen_narrow(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_claims_on_the_denied_claim)


def test_new_claim_form(snap_compare, demo_repo, make_app):
    demo_repo.sessions.add(
        Session(
            date(2026, 3, 12),
            "Harbor Pelvic Health",
            lines=(SessionLine("97110", 33), SessionLine("97140", 7)),
        )
    )
    app = make_app(demo_repo)

    async def run_before(pilot) -> None:
        await _claims_on_the_denied_claim(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("space")  # pick the unbilled visit: dates and units fill in
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_claim_update_form(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await _claims_on_the_denied_claim(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=WIDE, run_before=run_before)
