"""Snapshots of the claim correction form and the palette's export and restore dialogs."""

from __future__ import annotations

from textual.widgets import Input

WIDE = (130, 40)
NARROW = (80, 24)


async def _loaded(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def _until(pilot, name: str) -> None:
    for _ in range(200):
        screen = pilot.app.screen
        if type(screen).__name__ == name and screen.query("Button"):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_claim_correct_form(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("x")
        await _until(pilot, "FieldForm")
        form = pilot.app.screen
        form.query_one("#field-units", Input).value = "97110:2 97140-GP-59:1"
        form.query_one("#field-adjustment", Input).value = "CO-45:60.00 PR45"
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=NARROW, run_before=run_before)


def test_export_form(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.app.run_action("app.export_data")
        await _until(pilot, "ExportForm")
        # The suggested path names the temporary data folder: show a fixed one instead.
        pilot.app.screen.query_one("#field-path", Input).value = "~/floortrack-export.json"
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=NARROW, run_before=run_before)


def test_restore_dialog_with_no_backups(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.app.run_action("app.restore_backup")
        await _until(pilot, "RestoreDialog")
        # The folder is the test's temporary one: show a fixed path instead.
        pilot.app.screen.query_one("#restore-folder").update(
            "Folder: ~/.local/share/floortrack/backups"
        )
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=WIDE, run_before=run_before)
