"""Export, backup now, restore and Screenshot from the command palette (app actions)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, OptionList, Select
from tui_helpers import wait_until

from floortrack.actions import data_io
from floortrack.tui.dialogs.confirm import ConfirmDialog
from floortrack.tui.dialogs.data_dialogs import ExportForm, RestoreDialog

SIZE = (120, 35)


def ready(screen, kind) -> bool:
    return isinstance(screen, kind) and bool(screen.query("#form-buttons"))


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_palette_offers_the_data_commands(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = [c.title for c in demo_app.get_system_commands(demo_app.screen)]
        for title in ("Export data", "Backup now", "Restore from a backup", "Screenshot"):
            assert title in titles


async def test_export_json_then_csv_into_the_data_folder(demo_app, demo_repo, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await demo_app.run_action("app.export_data")
        await wait_until(pilot, lambda: ready(demo_app.screen, ExportForm), "the form")
        form = demo_app.screen
        target = Path(form.query_one("#field-path", Input).value)
        assert target.parent == demo_repo.path.parent and target.suffix == ".json"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: target.exists(), "the export")
        assert json.loads(target.read_text())["sessions"]
        assert any(str(target) in n for n in notes(demo_app))

        await demo_app.run_action("app.export_data")
        await wait_until(pilot, lambda: ready(demo_app.screen, ExportForm), "the form")
        form = demo_app.screen
        form.query_one("#field-format", Select).value = "csv"
        await pilot.pause()
        folder = Path(form.query_one("#field-path", Input).value)
        assert folder.suffix == ""  # the suggestion follows the format
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: (folder / "claims.csv").exists(), "the CSV export")
        assert (folder / "sessions.csv").exists()


async def test_backup_now_then_restore_it_after_a_change(demo_app, demo_repo, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        visits = len(demo_repo.sessions)
        await demo_app.run_action("app.backup_now")
        await wait_until(pilot, lambda: any("Backed up" in n for n in notes(demo_app)), "backup")
        doomed = demo_repo.sessions.all()[0].id
        demo_repo.sessions.delete(doomed)
        await demo_app.run_action("app.restore_backup")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, RestoreDialog), "the list")
        listed = demo_app.screen.query_one(OptionList)
        assert "manual" in str(listed.get_option_at_index(0).prompt)  # newest first
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ConfirmDialog), "the question")
        question = str(demo_app.screen.question)
        assert f"{visits - 1} sessions" in question and f"{visits} sessions" in question
        await pilot.press("y")
        await wait_until(pilot, lambda: len(demo_repo.sessions) == visits, "the restore")
        await wait_until(pilot, lambda: any("kept in" in n for n in notes(demo_app)), "the notice")
        kept = [b for b in data_io.list_backups(demo_repo) if b.reason == "prerestore"]
        assert kept and data_io.check_backup(kept[0].path)["sessions"] == visits - 1
        assert len(demo_app.data.sessions) == visits  # the screens show the restored data


async def test_restore_with_no_backups_says_how_to_make_one(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await app.run_action("app.restore_backup")
        await wait_until(pilot, lambda: isinstance(app.screen, RestoreDialog), "the dialog")
        assert "Backup now" in str(app.screen.query_one("#restore-intro").render())
        await pilot.press("escape")


async def test_screenshot_without_a_downloads_folder_goes_to_the_data_folder(
    demo_app, demo_repo, loaded, tmp_path
):
    home = Path.home()
    assert not (home / "Downloads").exists()  # the test HOME has none
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        [shot] = [
            c for c in demo_app.get_system_commands(demo_app.screen) if c.title == "Screenshot"
        ]
        await shot.callback()  # what the palette runs
        await pilot.pause()
        shots = list(demo_repo.path.parent.glob("*.svg"))
        assert len(shots) == 1
        assert any(str(shots[0]) in n for n in notes(demo_app))
        assert not (home / "Downloads").exists()  # nothing created for it
