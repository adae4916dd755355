"""Sessions screen behaviour, driven like a user would with Pilot."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Button, DataTable, Input, Static

from floortrack.model import Session, SessionLine, ValidationError
from floortrack.store import StoreWriteError
from floortrack.tui.dialogs.confirm import ConfirmDialog
from floortrack.tui.dialogs.session_form import SessionForm
from floortrack.tui.screens.sessions import SessionsScreen, session_filter
from floortrack.tui.widgets.empty import EmptyState

SIZE = (130, 40)


def table_dates(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_newest_first_with_units_and_detail(demo_app, demo_repo, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        dates = table_dates(demo_app)
        assert dates == sorted(dates, reverse=True)
        assert len(dates) == len(demo_repo.sessions)
        newest = max(demo_repo.sessions.all(), key=lambda s: s.date)
        row = demo_app.screen.query_one(DataTable).get_row_at(0)
        assert row[3].startswith(newest.lines[0].code + "·")  # codes with minutes
        detail = str(demo_app.screen.query_one("#detail-text", Static).render())
        assert "Units by the per-code rule assumed" in detail  # the demo plan is commercial
        assert "Therapeutic exercise" in detail or "re-education" in detail


async def test_add_a_session_through_the_form(demo_app, demo_repo, loaded, settle):
    before = len(demo_repo.sessions)
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        form = demo_app.screen
        assert isinstance(form, SessionForm)
        assert form.query_one("#date", Input).value == "2026-03-14"  # today by default
        assert form.focused is form.query_one("#date", Input)  # the form opens on Date
        form.query(".code").first(Input).focus()
        await pilot.press(*"97110", "tab", *"33")
        await pilot.pause()
        assert "2 units" in str(form.query_one("#units", Static).render())
        form.query_one("#pain_before", Input).value = "4"
        form.query_one("#pain_after", Input).value = "2"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, SessionsScreen)
        assert table_dates(demo_app)[0] == "2026-03-14"
    assert len(demo_repo.sessions) == before + 1
    added = demo_repo.sessions.all()[-1]
    assert added.date == date(2026, 3, 14)
    assert added.lines == (SessionLine("97110", 33),)
    assert (added.pain_before, added.pain_after) == (4, 2)
    assert added.provider  # completed from the most recent clinic


async def test_the_first_frame_after_a_save_shows_the_new_visit_selected(demo_app, loaded, settle):
    """The list, the cursor and the focus change before the form's dismiss is painted: the
    first frame without the form already has the new visit selected, not a frame with the
    row and a second one with the cursor moved to it."""
    frames: list[tuple[Session | None, bool]] = []
    display = demo_app._display

    def displayed(screen, update) -> None:
        display(screen, update)
        if update is not None and screen is demo_app.screen and isinstance(screen, SessionsScreen):
            frames.append((screen.selected(), screen.focused is screen.query_one(DataTable)))

    demo_app._display = displayed
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        demo_app.screen.query(".code").first(Input).focus()
        await pilot.press(*"97110", "tab", *"25")
        await pilot.pause()
        frames.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        newest = max(demo_app.data.sessions, key=lambda s: s.id or 0)
        assert frames, "no frame of Sessions after the save"
        first_selected, focused = frames[0]
        assert first_selected is not None and first_selected.id == newest.id
        assert focused
        assert demo_app.screen.selected().id == newest.id  # and it stays selected


async def test_edit_the_selected_session(demo_app, demo_repo, loaded, settle):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        selected = demo_app.screen.selected()
        await pilot.press("e")
        form = demo_app.screen
        assert isinstance(form, SessionForm)
        form.query_one("#note", Input).value = "Edited: felt much stronger"
        form.query_one("#provider", Input).value = "Harbor Pelvic PT"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(demo_app.screen, SessionsScreen)
    stored = demo_repo.sessions.get(selected.id)
    assert stored.note == "Edited: felt much stronger"
    assert stored.provider == "Harbor Pelvic PT"
    assert stored.lines == selected.lines


async def test_form_refuses_invalid_input_and_saves_nothing(demo_app, demo_repo, loaded):
    before = demo_repo.sessions.all()
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        form = demo_app.screen
        form.query(".code").first(Input).focus()
        await pilot.press(*"9711", "tab", *"20")
        form.query_one("#date", Input).value = "2026-03-20"  # after today
        form.query_one("#pain_before", Input).value = "11"
        await pilot.pause()
        save = form.query_one("#save", Button)
        assert save.disabled
        assert "in the future" in str(form.query_one("#date-error", Static).render())
        assert "between 0 and 10" in str(form.query_one("#pain-error", Static).render())
        assert "not a procedure code" in str(form.query_one(".meaning", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, SessionForm)  # still open, input kept
        assert form.query_one("#date", Input).value == "2026-03-20"
        await pilot.press("escape")  # something was typed: it asks before discarding
        await pilot.pause()
        assert isinstance(demo_app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(demo_app.screen, SessionsScreen)
    assert demo_repo.sessions.all() == before


async def test_a_failed_save_keeps_the_form_open(demo_app, demo_repo, loaded, monkeypatch, settle):
    def broken_write(op):
        raise StoreWriteError(demo_repo.path, "the disk is full")

    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        monkeypatch.setattr(demo_repo, "_write", broken_write)
        await pilot.press("n")
        demo_app.screen.query(".code").first(Input).focus()
        await pilot.press(*"97140", "tab", *"15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, SessionForm)
        assert demo_app.screen.query(".code").first(Input).value == "97140"
        messages = [n.message for n in demo_app._notifications]
        assert any("Not saved" in m and "disk is full" in m for m in messages)


async def test_filter_by_text_code_month_and_range(demo_app, demo_repo, loaded, wait_until):
    """The filter runs once typing pauses (debounced): each step waits for the rows."""
    sessions = demo_repo.sessions.all()

    async def rows_become(count, what):
        await wait_until(pilot, lambda: len(table_dates(demo_app)) == count, what)

    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"riverside")
        await rows_become(1, "the one Riverside visit")
        bar = demo_app.screen.query_one("#sessions-filter", Input)
        bar.value = "97164"
        await rows_become(sum("97164" in s.codes for s in sessions), "the visits with 97164")
        bar.value = "2026-01"
        expected = [s for s in sessions if s.date.isoformat().startswith("2026-01")]
        assert expected
        await rows_become(len(expected), "the visits of January 2026")
        bar.value = "2025-12-01..2025-12-31"
        december = [s for s in sessions if s.date.isoformat().startswith("2025-12")]
        await rows_become(len(december), "the visits of December 2025")
        assert all(d.startswith("2025-12") for d in table_dates(demo_app))
        bar.value = "zzz-no-such-thing"
        empty = demo_app.screen.query_one(EmptyState)
        await wait_until(pilot, lambda: empty.display, "the empty state")
        assert "No visit matches" in str(empty.render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(table_dates(demo_app)) == len(sessions)


async def test_enter_filters_at_once(demo_app, loaded):
    """Enter does not wait for the typing pause: the rows are filtered when it is handled."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"riverside", "enter")
        assert len(table_dates(demo_app)) == 1
        assert demo_app.screen.focused is demo_app.screen.query_one(DataTable)


async def test_typing_q_in_the_filter_types_q(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", "q", "1", "n")
        await pilot.pause()
        assert demo_app.is_running
        assert demo_app.screen.query_one("#sessions-filter", Input).value == "q1n"
        assert isinstance(demo_app.screen, SessionsScreen)


async def test_delete_asks_then_undo_restores(demo_app, demo_repo, loaded, settle):
    count = len(demo_repo.sessions)
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        victim = demo_app.screen.selected()
        await pilot.press("d")
        assert isinstance(demo_app.screen, ConfirmDialog)
        await pilot.press("escape")  # changed my mind
        await pilot.pause()
        assert len(demo_repo.sessions) == count
        await pilot.press("d")
        await pilot.click("#confirm")
        await settle(pilot)
        assert len(demo_repo.sessions) == count - 1
        assert victim.date.isoformat() not in table_dates(demo_app)[:1]
        assert any("press u to undo" in n.message for n in demo_app._notifications)
        await pilot.press("u")
        await settle(pilot)
        assert demo_repo.sessions.get(victim.id) == victim
        assert table_dates(demo_app)[0] == victim.date.isoformat()


async def test_empty_state_says_what_to_do(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        empty = app.screen.query_one(EmptyState)
        assert empty.display
        assert "press n to log your first one" in str(empty.render())
        assert not app.screen.query_one(DataTable).display


async def test_paging_for_big_files(repo, make_app, loaded):
    repo.sessions.add_many(
        Session(
            date.fromordinal(date(2020, 1, 1).toordinal() + i),
            "Clinic",
            "treatment",
            (SessionLine("97110", 20),),
        )
        for i in range(1200)
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 500
        status = str(app.screen.query_one("#sessions-status", Static).render())
        assert "page 1 of 3" in status
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.row_count == 500
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.row_count == 200
        assert str(table.get_row_at(199)[0]) == "2020-01-01"  # the oldest, last


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("bloom", True),
        ("BLOOM 97140", True),
        ("97112", False),
        ("2026-03", True),
        ("2026-02", False),
        ("2026-01..2026-03", True),
        ("..2026-03-13", False),
        ("2026-03-14..", True),
        ("leak", True),
    ],
)
def test_session_filter(query: str, matches: bool) -> None:
    session = Session(
        date(2026, 3, 14),
        "Bloom Pelvic Health",
        "treatment",
        (SessionLine("97140", 15),),
        symptoms="fewer leaks",
    )
    assert session_filter(query)(session) is matches


def test_session_filter_rejects_a_bad_range() -> None:
    with pytest.raises(ValidationError):
        session_filter("2026-13..2026-14")


async def test_layout_follows_the_terminal_size(demo_app, loaded, settle):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = demo_app.screen.query_one(DataTable)
        assert len(table.columns) == 6
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert demo_app.screen.has_class("-narrow")
        assert len(table.columns) == 5  # the visit type moves to the detail pane
        assert table.row_count == len(demo_app.data.sessions)
        detail = demo_app.screen.query_one("#sessions-detail")
        assert detail.region.y > table.region.y  # under the table, not beside it


async def test_a_new_visit_hidden_by_the_filter_is_shown_after_saving(
    demo_app, loaded, settle, wait_until
):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("/", *"riverside", "enter")
        await pilot.pause()
        assert len(table_dates(demo_app)) == 1  # only the Riverside visit
        await pilot.press("n")
        demo_app.screen.query(".code").first(Input).focus()
        await pilot.press(*"97110", "tab", *"25")
        await pilot.pause()
        await pilot.press("ctrl+s")
        # The save runs on the store thread; the form closes when it is done.
        await wait_until(pilot, lambda: isinstance(demo_app.screen, SessionsScreen), "Sessions")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, SessionsScreen)
        assert screen.query_text == ""  # the filter was cleared...
        assert screen.selected().date == date(2026, 3, 14)  # ...and the new visit selected


async def test_the_key_bar_follows_focus_and_stays_after_a_form(demo_app, loaded, settle):
    """The key bar (tui/widgets/footer.py) is rebuilt only when its keys change, and then
    shows the keys of where the focus is: the filter box's own, the table's again after
    Escape, the same after a form opened and closed over the screen."""

    def keys() -> list[str]:
        return [str(key.key) for key in demo_app.screen.query("FooterKey")]

    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table_keys = keys()
        assert {"n", "e", "d", "slash", "q"} <= set(table_keys)
        await pilot.press("slash")
        await settle(pilot)
        assert "slash" in keys() and "n" not in keys()  # typing n goes into the filter
        await pilot.press("escape")
        await settle(pilot)
        assert keys() == table_keys
        before = list(demo_app.screen.query("FooterKey"))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: the form closes without asking
        await settle(pilot)
        assert isinstance(demo_app.screen, SessionsScreen) and keys() == table_keys
        assert list(demo_app.screen.query("FooterKey")) == before  # the same keys, not rebuilt


async def test_a_new_unit_rule_on_the_plan_shows_in_the_units_column(
    demo_app, demo_repo, loaded, settle
):
    """The units column follows the plan: a change to the plan's unit rule alone (no visit
    changed) is worked out again on Sessions."""
    from dataclasses import replace

    def units_by_id() -> dict[str, str]:
        table = demo_app.screen.query_one(DataTable)
        return {str(row.key.value): str(table.get_row(row.key)[4]) for row in table.ordered_rows}

    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        before = units_by_id()
        plan = demo_repo.plans.all()[0]
        method = "cms" if (plan.unit_method or "per-code") == "per-code" else "per-code"

        def change(repo):  # type: ignore[no-untyped-def]
            return repo.plans.update(plan.id, replace(plan, unit_method=method))

        assert (await demo_app.data.save(change)).ok
        await settle(pilot)
        after = units_by_id()
        assert before != after  # some visit's units differ under the other rule
