"""What every form does the same way (tui/dialogs/base_form.py)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, Input, Static
from tui_helpers import wait_until

from floortrack.actions import diary, sessions
from floortrack.tui.dialogs.confirm import ConfirmDialog
from floortrack.tui.dialogs.diary_form import DiaryForm
from floortrack.tui.dialogs.session_form import SessionForm
from floortrack.tui.screens.progress import ProgressScreen
from floortrack.tui.screens.sessions import SessionsScreen

SIZE = (130, 40)


async def new_visit_form(app, pilot, loaded) -> SessionForm:
    await loaded(pilot)
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, SessionForm), "the visit form")
    return app.screen


async def test_whole_numbers_refuse_a_decimal_instead_of_reading_it_as_digits(
    repo, make_app, loaded
):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_visit_form(app, pilot, loaded)
        form.query(".code").first(Input).focus()
        await pilot.press(*"97110", "tab", *"2.5")
        await pilot.pause()
        assert form.query(".minutes").first(Input).value == "2.5"  # typed as is
        meaning = str(form.query(".meaning").first(Static).render())
        assert meaning == "minutes must be a whole number, not '2.5'"
        assert form.query_one("#save", Button).disabled
        form.query_one("#pain_before", Input).value = "2.5"
        await pilot.pause()
        assert "whole number" in str(form.query_one("#pain-error", Static).render())


async def test_a_timed_code_without_minutes_asks_for_them(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_visit_form(app, pilot, loaded)
        form.query(".code").first(Input).value = "97110"
        form.query(".minutes").first(Input).value = ""
        await pilot.pause()
        units = str(form.query_one("#units", Static).render())
        assert units == "97110 is timed: give its minutes, e.g. 97110:25"
        assert form.query_one("#save", Button).disabled
        form.query(".code").first(Input).value = "97161"  # an untimed evaluation
        await pilot.pause()
        assert not form.query_one("#save", Button).disabled


async def test_escape_closes_an_unchanged_form_at_once_and_asks_for_a_changed_one(
    repo, make_app, loaded
):
    visit = sessions.add_session(repo, codes=["97110:25"], date=date(2026, 3, 2))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: app.screen.selected() is not None, "the table")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionForm), "the form")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen), "no question")

        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionForm), "the form")
        form = app.screen
        form.query_one("#note", Input).value = "half typed"
        await pilot.pause()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("n")  # keep editing: nothing typed is lost
        await wait_until(pilot, lambda: app.screen is form, "the form again")
        assert form.query_one("#note", Input).value == "half typed"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen), "discarded")
    assert repo.sessions.get(visit.id).note == ""


async def test_a_day_already_in_the_diary_is_refused_by_the_action(repo, make_app, loaded):
    """Another program recorded the day after the form opened: the action refuses it and
    the form says so next to the date, keeping what was typed."""
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen), "Progress")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryForm), "the diary form")
        form = app.screen
        form.query_one("#leaks", Input).value = "1"
        await pilot.pause()
        diary.add_entry(repo, date=date(2026, 3, 14), pads=2)  # meanwhile, elsewhere
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: "already in the diary" in str(form.query_one("#date-error", Static).render()),
            "the refusal",
        )
        assert app.screen is form and form.query_one("#leaks", Input).value == "1"
    assert [(e.leaks, e.pads) for e in repo.diary.all()] == [(None, 2)]


async def test_a_save_tells_the_screens_which_records_changed(repo, make_app, loaded):
    from floortrack.tui.messages import DataChanged

    visit = sessions.add_session(repo, codes=["97110:25"], date=date(2026, 3, 2))
    seen: list[DataChanged] = []
    app = make_app(repo)

    def hook(message: object) -> None:
        if isinstance(message, DataChanged):
            seen.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: app.screen.selected() is not None, "the table")
        seen.clear()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionForm), "the form")
        app.screen.query_one("#note", Input).value = "after the visit"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(seen), "a DataChanged message")
        assert seen[0].kinds == frozenset({"sessions"})
        await wait_until(
            pilot,
            lambda: "after the visit" in str(app.screen.query_one("#detail-text").render()),
            "the detail pane to show the note",
        )
    assert repo.sessions.get(visit.id).note == "after the visit"
