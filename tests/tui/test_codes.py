"""Codes screen: look a code up, read it in plain words, count units, keep a note."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from floortrack.tui.dialogs.code_note import CodeNoteDialog
from floortrack.tui.screens.codes import CodesScreen

SIZE = (130, 40)


def detail(app) -> str:
    return str(app.screen.query_one("#code-detail-body", Static).render())


async def open_codes(app, pilot, loaded) -> CodesScreen:
    await loaded(pilot)
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(app.screen, CodesScreen)
    return app.screen


async def search(pilot, screen: CodesScreen, text: str) -> None:
    box = screen.query_one("#code-search", Input)
    box.value = ""
    box.focus()
    await pilot.press(*text)
    await pilot.pause()


async def test_search_explains_97112_and_co97(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_codes(demo_app, pilot, loaded)
        # The search box has focus on arrival: typing searches straight away.
        assert demo_app.focused is screen.query_one("#code-search", Input)
        await pilot.press(*"97112")
        await pilot.pause()
        text = detail(demo_app)
        assert "Neuromuscular re-education" in text
        assert "timed: billed in 15-minute units" in text
        # Pelvic-floor use is guidance from secondary sources: it must say "typical".
        assert "Typical pelvic-floor use (guidance, not a rule)" in text

        await search(pilot, screen, "co-97")
        text = detail(demo_app)
        assert "Bundled into another service" in text
        assert "group CO" in text  # who pays: the group half of CO-97 explained too
        assert "What to do next" in text
        first = screen.query_one("#code-results", OptionList).get_option_at_index(0)
        assert "CARC 97" in str(first.prompt)


async def test_words_find_codes_and_unknown_codes_get_help(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_codes(demo_app, pilot, loaded)
        await search(pilot, screen, "biofeedback")
        results = screen.query_one("#code-results", OptionList)
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any(p.startswith("90912") for p in prompts)

        await search(pilot, screen, "zz999")
        assert results.option_count == 0
        assert "not in floortrack's catalogue" in detail(demo_app).lower() or (
            "does not look like a billing code" in detail(demo_app)
        )


async def test_unit_calculator_shows_both_methods_with_reasons(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_codes(demo_app, pilot, loaded)
        screen.query_one("#units-input", Input).focus()
        await pilot.press(*"97110:33 97140:7")
        await pilot.pause()
        cms = str(screen.query_one("#units-cms", Static).render())
        per_code = str(screen.query_one("#units-per-code", Static).render())
        # 40 timed minutes: 3 units under CMS (97140 gets the leftover unit), 2 per code.
        assert "3 units in all (40 timed minutes)" in cms
        assert "97140  1 unit" in cms
        assert "40 timed minutes = 3 units" in cms
        assert "2 units in all (40 timed minutes)" in per_code
        assert "97140  0 units" in per_code

        # A tie is flagged, not hidden: 7 + 7 minutes give one unit that either code may take.
        box = screen.query_one("#units-input", Input)
        box.value = "97110:7 97112:7"
        await pilot.pause()
        cms = str(screen.query_one("#units-cms", Static).render())
        assert "TIE" in cms and "clinician" in cms

        box.value = "97110:abc"
        await pilot.pause()
        hint = str(screen.query_one("#units-hint", Static).render())
        assert "whole number" in hint
        assert not screen.query_one("#units-results").display


async def test_personal_note_is_saved_and_shown(demo_app, demo_repo, loaded, settle):
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_codes(demo_app, pilot, loaded)
        await pilot.press(*"CO-97")
        await pilot.pause()
        await pilot.press("escape")  # leave the search box: e is a key again
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(demo_app.screen, CodeNoteDialog)
        await pilot.press(*"EOB said: bundled with 97140")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert demo_repo.note_for("CO-97") == "EOB said: bundled with 97140"
        assert isinstance(demo_app.screen, CodesScreen)
        text = detail(demo_app)
        assert "Your note" in text and "EOB said: bundled with 97140" in text

        # Cancelling the dialog changes nothing.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" more", "escape")  # typed: it asks; keep the note as it was
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert demo_repo.note_for("CO-97") == "EOB said: bundled with 97140"


async def test_screen_keys_work_after_leaving_the_search(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_codes(demo_app, pilot, loaded)
        await pilot.press(*"n39.3")
        await pilot.press("escape")
        assert demo_app.focused is screen.query_one("#code-results", OptionList)
        # Typing a letter on the list starts a new search with it...
        await pilot.press(*"pad")
        await pilot.pause()
        assert screen.query_one("#code-search", Input).value == "pad"
        # ...and after esc the number keys switch screens again.
        await pilot.press("escape", "3")
        await pilot.pause()
        assert demo_app.current_mode == "claims"
