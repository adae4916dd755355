"""The shell: modes, help, palette, theme memory, external changes, first paint."""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import date
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable

from floortrack.model import Session, SessionLine
from floortrack.store import open_repository
from floortrack.tui.help import HelpScreen
from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.screens.codes import CodesScreen
from floortrack.tui.screens.overview import OverviewScreen
from floortrack.tui.screens.progress import ProgressScreen
from floortrack.tui.screens.sessions import SessionsScreen

SIZE = (130, 40)


async def test_number_keys_switch_between_the_five_screens(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        expected = {
            "2": CodesScreen,
            "3": ClaimsScreen,
            "4": OverviewScreen,
            "5": ProgressScreen,
            "1": SessionsScreen,
        }
        for key, screen_type in expected.items():
            # A focused Input takes digits as text (by design), so leave it first.
            demo_app.screen.set_focus(None)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(demo_app.screen, screen_type), key


async def test_help_lists_every_key_of_the_screen(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        help_screen = demo_app.screen
        keys = [key for key, _ in help_screen.screen_keys]
        for key in ("n", "e", "d", "/", "u", "q", "1", "5", "?", "]"):
            assert key in keys, key
        text = help_screen.text
        assert "Add a new session" in text and "Filter" in text
        assert "2026-01-01..2026-03-31" in text  # the screen's own HELP is included
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(demo_app.screen, SessionsScreen)


async def test_palette_offers_the_command_table(demo_app, loaded, wait_until):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = [c.title for c in demo_app.get_system_commands(demo_app.screen)]
        for title in ("New session", "Switch to Codes", "Toggle dark/light", "Theme", "Quit"):
            assert title in titles, title
        assert titles.count("Quit") == 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(demo_app.screen, CommandPalette)
        palette = demo_app.screen
        await pilot.press(*"switch to claims")
        commands = palette.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0, "the palette's matches")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ClaimsScreen), "Claims")


async def test_q_quits(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not demo_app.is_running


async def test_theme_is_remembered_in_the_config_file(repo, make_app, loaded, settle, data_file):
    repo.sessions.add(Session(date(2026, 3, 2), lines=(SessionLine("97110", 25),)))
    health_data = data_file.read_bytes()
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.theme = "nord"
        config = Path(os.environ["FLOORTRACK_CONFIG"])
        for _ in range(100):
            if config.exists():
                break
            await pilot.pause(0.05)
        await settle(pilot)
    # A small JSON file for the user alone; the health-data file is not written for it.
    assert json.loads(config.read_text()) == {"theme": "nord"}
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert data_file.read_bytes() == health_data
    assert open_repository(data_file).get_setting("theme") is None
    again = make_app(open_repository(data_file))
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"


async def test_demo_mode_does_not_save_the_theme(repo, make_app, loaded, settle, data_file):
    app = make_app(repo, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert open_repository(data_file).get_setting("theme") is None
    assert not Path(os.environ["FLOORTRACK_CONFIG"]).exists()


async def test_a_change_by_another_process_shows_up(
    demo_repo, make_app, loaded, wait_until, data_file
):
    app = make_app(demo_repo, poll_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        other = open_repository(data_file)  # e.g. the CLI in another terminal
        other.sessions.add(
            Session(date(2026, 3, 14), "From the CLI", "treatment", (SessionLine("97530", 20),))
        )
        table = app.screen.query_one(DataTable)
        await wait_until(
            pilot,
            lambda: table.row_count and str(table.get_row_at(0)[1]) == "From the CLI",
            "the new visit at the top of Sessions",
        )


async def test_first_paint_does_not_wait_for_the_data(demo_repo, make_app, wait_until):
    """Sessions is on screen, saying it is loading, while the store thread is still stuck
    reading the visits (a slow disk); the visits then appear without a key press. No read
    happens on the UI thread."""
    reading, release, gave_up = threading.Event(), threading.Event(), threading.Event()
    readers: list[str] = []
    newest = demo_repo.sessions.newest

    def slow_newest(count: int, key: str = "date") -> list[Session]:
        readers.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            reading.set()
            if not release.wait(5):  # bounded: a broken app must fail this test, not hang it
                gave_up.set()
        return newest(count, key)

    demo_repo.sessions.newest = slow_newest
    app = make_app(demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await wait_until(pilot, reading.is_set, "the store thread to start reading")
            await pilot.pause()
            assert not gave_up.is_set(), "the screen only appeared once the read was over"
            assert isinstance(app.screen, SessionsScreen)
            assert not app.data.loaded and app.data.sessions == []
            status = str(app.screen.query_one("#sessions-status").render())
            assert status == "Loading your visits…"
            assert app.screen.query_one(DataTable).row_count == 0
        finally:
            release.set()
        await wait_until(pilot, lambda: app.data.loaded, "the data to arrive")
        await pilot.pause()
        status = str(app.screen.query_one("#sessions-status").render())
        assert status.startswith(f"{len(demo_repo.sessions)} visits")
        assert app.screen.query_one(DataTable).row_count > 0
    assert readers and all(name.startswith("floortrack-store") for name in readers), readers


async def test_the_mode_bar_is_clickable(demo_app, loaded, wait_until):
    from floortrack.tui.widgets.modebar import ModeBar

    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = ModeBar.build("sessions").plain
        await pilot.click(ModeBar, offset=(text.index("3 Claims") + 2, 0))
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ClaimsScreen), "Claims")


async def test_an_unreadable_file_on_reload_is_reported_not_a_crash(
    demo_repo, make_app, loaded, wait_until, data_file
):
    app = make_app(demo_repo, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        data_file.write_bytes(b"{ this is not json")  # another program broke the file
        await wait_until(pilot, lambda: app._notifications, "a notification")
        messages = [n.message for n in app._notifications]
        assert any("cannot be read" in m for m in messages), messages
        assert app.is_running
        assert app.screen.query_one(DataTable).row_count == len(app.data.sessions) > 0


async def test_quitting_waits_for_a_save_in_progress(
    demo_repo, make_app, loaded, wait_until, data_file
):
    import time

    app = make_app(demo_repo)
    writing = threading.Event()

    def slow_add(repo):
        writing.set()
        time.sleep(0.4)  # a slow disk (part of the scenario, not a wait)
        return repo.sessions.add(Session(date(2026, 3, 14), "Slow disk", "treatment"))

    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        # Exit cancels workers; the write itself must still finish before the app is gone.
        app.run_worker(app.data.save(slow_add))
        await wait_until(pilot, writing.is_set, "the save to start")
        app.exit()
    assert any(s.provider == "Slow disk" for s in open_repository(data_file).sessions.all())
