"""Claims screen: `L` writes an appeal letter for the selected claim through a save dialog."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Button, Input, Static

from floortrack.tui.dialogs.letter_dialog import LetterDialog
from floortrack.tui.screens.claims import ClaimsScreen

SIZE = (130, 40)


async def open_claims(app, pilot, loaded) -> ClaimsScreen:
    await loaded(pilot)
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.screen, ClaimsScreen)
    return app.screen


async def wait_closed(app, pilot) -> None:
    for _ in range(200):
        if not isinstance(app.screen, LetterDialog):
            return
        await pilot.pause(0.05)
    raise AssertionError("the letter dialog never closed")


async def test_write_a_letter_for_the_denied_claim(demo_app, demo_repo, loaded, tmp_path: Path):
    denied = next(c for c in demo_repo.claims.all() if "CO-97" in c.denial_codes)
    out = tmp_path / "appeal.md"
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(denied.id)
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause(0.2)
        dialog = demo_app.screen
        assert isinstance(dialog, LetterDialog)
        assert dialog.query_one("#out", Input).value.endswith(".pdf")  # a PDF by default
        dialog.query_one("#out", Input).value = str(tmp_path / "appeal.txt")
        await pilot.pause()
        assert "end the file name in .pdf, .html or .md" in str(
            dialog.query_one("#out-error", Static).render()
        )
        assert dialog.query_one("#write", Button).disabled
        dialog.query_one("#name", Input).value = "Sam Rivera"
        dialog.query_one("#out", Input).value = str(out)
        await pilot.pause()
        assert not dialog.query_one("#paper-row").display  # paper only matters for a PDF
        await pilot.press("ctrl+s")
        await wait_closed(demo_app, pilot)
        assert isinstance(demo_app.screen, ClaimsScreen)
        await pilot.pause()
        # the name and folder are offered again next time
        await pilot.press("L")
        await pilot.pause(0.2)
        again = demo_app.screen
        assert isinstance(again, LetterDialog)
        assert again.query_one("#name", Input).value == "Sam Rivera"
        assert again.query_one("#out", Input).value.startswith(str(tmp_path))
        await pilot.press("escape")
        await pilot.pause()
    text = out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert denied.claim_number in text and "CO-97" in text and "Sam Rivera" in text
    assert "Enclosure: Claim packet" in text  # the evidence follows the letter by default


async def test_a_claim_with_nothing_denied_gets_no_dialog(demo_app, demo_repo, loaded):
    paid = next(c for c in demo_repo.claims.all() if c.status == "paid" and not c.denial_codes)
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(paid.id)
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause(0.2)
        assert isinstance(demo_app.screen, ClaimsScreen)
        titles = {c.title for c in demo_app.get_system_commands(screen)}
        assert "Write appeal letter" in titles


async def test_export_the_calendar_from_the_palette(demo_app, loaded, tmp_path: Path):
    from icalendar import Calendar

    from floortrack.tui.dialogs.calendar_dialog import CalendarDialog

    out = tmp_path / "deadlines.ics"
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        command = next(
            c for c in demo_app.get_system_commands(demo_app.screen) if c.title == "Export calendar"
        )
        await command.callback()
        await pilot.pause(0.2)
        dialog = demo_app.screen
        assert isinstance(dialog, CalendarDialog)
        dialog.query_one("#out", Input).value = str(out)
        await pilot.pause()
        await pilot.click("#write")
        for _ in range(200):
            if not isinstance(demo_app.screen, CalendarDialog):
                break
            await pilot.pause(0.05)
        assert not isinstance(demo_app.screen, CalendarDialog)
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert events and all(str(e["uid"]).endswith("@floortrack.local") for e in events)
