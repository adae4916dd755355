"""Escape always leaves an input, so the screen keys (1-6, n, e ...) work from every screen."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Static

from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.screens.codes import CodesScreen
from floortrack.tui.screens.sessions import SessionsScreen

SIZE = (130, 40)


async def test_escape_leaves_the_unit_calculator_so_3_goes_to_claims(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        screen = demo_app.screen
        assert isinstance(screen, CodesScreen)
        calculator = screen.query_one("#units-input", Input)
        calculator.focus()
        await pilot.press(*"97110:20")
        await pilot.press("escape")
        await pilot.pause()
        assert demo_app.focused is screen.query_one("#code-results", OptionList)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(demo_app.screen, ClaimsScreen)
        assert calculator.value == "97110:20"  # the 3 was not typed into it


async def test_codes_hint_names_the_key_that_works_where_the_focus_is(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        screen = demo_app.screen
        body = screen.query_one("#code-detail-body", Static)
        await pilot.press(*"97112")
        await pilot.pause()
        # In the search box e is a letter, and the hint says so.
        assert "press esc (or ↓), then e" in str(body.render())
        await pilot.press("escape")
        await pilot.pause()
        assert "Press e to add your own note" in str(body.render())
        await pilot.press("e")
        await pilot.pause()
        from floortrack.tui.dialogs.code_note import CodeNoteDialog

        assert isinstance(demo_app.screen, CodeNoteDialog)


async def test_escape_from_the_filter_on_sessions_and_claims_then_switch(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"bloom", "escape")
        await pilot.pause()
        assert isinstance(demo_app.focused, DataTable)
        box = demo_app.screen.query_one("#sessions-filter", Input)
        assert not box.has_class("-visible") and box.value == ""  # the filter closed too
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(demo_app.screen, ClaimsScreen)
        await pilot.press("slash", *"denied", "escape")
        await pilot.pause()
        assert isinstance(demo_app.focused, DataTable)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(demo_app.screen, SessionsScreen)


async def test_from_every_screen_escape_then_a_number_switches(demo_app, loaded):
    from floortrack.tui.commands import MODE_TITLES

    modes = list(MODE_TITLES)
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for number, mode in enumerate(modes, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert demo_app.current_mode == mode
            inputs = [i for i in demo_app.screen.query(Input) if not i.disabled and i.display]
            if inputs:  # type into the screen's input, then leave it with escape
                inputs[-1].focus()
                await pilot.press("x", "escape")
                await pilot.pause()
                assert not isinstance(demo_app.focused, Input)
            following = modes[number % len(modes)]
            await pilot.press(str(modes.index(following) + 1))
            await pilot.pause()
            assert demo_app.current_mode == following
