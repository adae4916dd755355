"""A form saves the fields the user changed, never its stale copy of the record.

Each test opens a form in the TUI, then a SEPARATE PROCESS (`python -m floortrack ...` on the
same data file) changes the record, then the form is saved: the other process's change is
still there. Where both changed the same field, the conflict dialog asks which to keep."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import wait_for_busy, wait_until

from floortrack.actions import claims, diary, sessions
from floortrack.store import Repository, open_repository
from floortrack.tui.dialogs.base_form import ConflictDialog
from floortrack.tui.dialogs.claim_update import ClaimUpdateDialog
from floortrack.tui.dialogs.diary_form import DiaryForm
from floortrack.tui.dialogs.session_form import SessionForm
from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.screens.progress import ProgressScreen
from floortrack.tui.screens.sessions import SessionsScreen

SIZE = (130, 40)
SRC = Path(__file__).resolve().parents[2] / "src"


def cli(*args: str) -> str:
    """Run the real CLI in another process on the test's data file (FLOORTRACK_DATA)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "floortrack", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def fresh(data_file: Path) -> Repository:
    """The file as another program would read it now."""
    return open_repository(data_file)


async def save_and_close(pilot, form) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is not form, "the form to close")
    await wait_for_busy(pilot.app)


def a_claim(repo: Repository) -> int:
    sessions.add_session(repo, codes=["97110:40"], date=date(2026, 3, 2), provider="Bloom PT")
    added = claims.add_claim(
        repo, service_dates=[date(2026, 3, 2)], payer="Aetna", billed=Decimal("200.00")
    )
    assert added.claim.id is not None
    return added.claim.id


async def open_claim_update(app, pilot, loaded, claim_id: int) -> ClaimUpdateDialog:
    await loaded(pilot)
    await pilot.press("3")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClaimsScreen)
    await wait_until(pilot, lambda: screen._current_claim() is not None, "the claims table")
    screen.show_claim(claim_id)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, ClaimUpdateDialog), "the form")
    return app.screen


async def test_claim_update_untouched_keeps_a_payment_made_meanwhile(
    repo, make_app, loaded, data_file
):
    claim_id = a_claim(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_claim_update(app, pilot, loaded, claim_id)
        cli("claim", "pay", str(claim_id), "--amount", "26.00")
        await save_and_close(pilot, form)
    stored = fresh(data_file).claims.get(claim_id)
    assert [p.amount for p in stored.payments] == [Decimal("26.00")]
    assert [h.status for h in stored.history] == ["submitted"]


async def test_claim_update_saves_its_change_and_keeps_the_payment(
    repo, make_app, loaded, data_file
):
    claim_id = a_claim(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_claim_update(app, pilot, loaded, claim_id)
        form.query_one("#allowed", Input).value = "150.00"
        form.query_one("#note", Input).value = "called the plan"  # a note, same status
        await pilot.pause()
        cli("claim", "pay", str(claim_id), "--amount", "26.00")
        await save_and_close(pilot, form)
    stored = fresh(data_file).claims.get(claim_id)
    assert stored.allowed == Decimal("150.00")
    assert [p.amount for p in stored.payments] == [Decimal("26.00")]
    assert [h.status for h in stored.history] == ["submitted"]  # no duplicate status line
    assert "called the plan" in stored.note


async def open_visit_form(app, pilot, loaded) -> SessionForm:
    await loaded(pilot)
    await wait_until(pilot, lambda: app.screen.selected() is not None, "the visits table")
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, SessionForm), "the visit form")
    return app.screen


async def test_visit_form_keeps_a_note_changed_by_the_cli(repo, make_app, loaded, data_file):
    visit = sessions.add_session(repo, codes=["97110:25"], date=date(2026, 3, 2), pain_before=5)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_visit_form(app, pilot, loaded)
        form.query_one("#pain_after", Input).value = "2"
        await pilot.pause()
        cli("session", "edit", str(visit.id), "--note", "from the shell")
        await save_and_close(pilot, form)
        assert isinstance(app.screen, SessionsScreen)
    stored = fresh(data_file).sessions.get(visit.id)
    assert stored.note == "from the shell"
    assert (stored.pain_before, stored.pain_after) == (5, 2)


async def test_diary_form_keeps_a_change_made_by_the_cli(repo, make_app, loaded, data_file):
    entry = diary.add_entry(repo, date=date(2026, 3, 14), leaks=3)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen), "Progress")
        await pilot.press("n")  # today is recorded: the form opens on it
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryForm), "the diary form")
        form = app.screen
        form.query_one("#leaks", Input).value = "1"
        await pilot.pause()
        cli("diary", "edit", str(entry.id), "--pads", "4", "--note", "long walk")
        await save_and_close(pilot, form)
    stored = fresh(data_file).diary.get(entry.id)
    assert (stored.leaks, stored.pads, stored.note) == (1, 4, "long walk")


async def test_the_same_field_changed_elsewhere_asks_which_to_keep(
    repo, make_app, loaded, data_file
):
    visit = sessions.add_session(repo, codes=["97110:25"], date=date(2026, 3, 2), note="first")
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_visit_form(app, pilot, loaded)
        form.query_one("#note", Input).value = "typed in the app"
        form.query_one("#pain_after", Input).value = "1"
        await pilot.pause()
        cli("session", "edit", str(visit.id), "--note", "typed in the shell")

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), "the dialog")
        dialog = app.screen
        clashes = [str(s.render()) for s in dialog.query(".clash").results(Static)]
        assert any(
            "Note" in c and "yours:  typed in the app" in c and "theirs: typed in the shell" in c
            for c in clashes
        )
        # Cancel: back to the form, with what was typed, nothing saved.
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: app.screen is form, "the form again")
        assert form.query_one("#note", Input).value == "typed in the app"
        assert fresh(data_file).sessions.get(visit.id).pain_after is None

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), "the dialog")
        await pilot.click("#mine")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen), "the form to close")
        await wait_for_busy(app)
    stored = fresh(data_file).sessions.get(visit.id)
    assert (stored.note, stored.pain_after) == ("typed in the app", 1)


async def test_take_theirs_keeps_the_other_change_and_saves_the_rest(
    repo, make_app, loaded, data_file
):
    visit = sessions.add_session(repo, codes=["97110:25"], date=date(2026, 3, 2), note="first")
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_visit_form(app, pilot, loaded)
        form.query_one("#note", Input).value = "typed in the app"
        form.query_one("#symptoms", Input).value = "less urgency"
        await pilot.pause()
        cli("session", "edit", str(visit.id), "--note", "typed in the shell")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), "the dialog")
        await pilot.click("#theirs")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen), "the form to close")
        await wait_for_busy(app)
    stored = fresh(data_file).sessions.get(visit.id)
    assert (stored.note, stored.symptoms) == ("typed in the shell", "less urgency")
