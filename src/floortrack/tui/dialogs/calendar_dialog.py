""" "Export calendar" (from the command palette): where to save the .ics file.
ModalScreen[WrittenCalendar | None].

The file is written by actions/calendar.py on the store thread; the folder last used is
offered again next time."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from floortrack import clock
from floortrack.model import ValidationError
from floortrack.store import StoreError
from floortrack.tui.dialogs.out_path import check_out_path
from floortrack.tui.dialogs.report_dialog import default_folder

if TYPE_CHECKING:
    from floortrack.actions.calendar import WrittenCalendar
    from floortrack.tui.data import DataService

FOLDER_SETTING = "calendar_folder"


class CalendarDialog(ModalScreen["WrittenCalendar | None"]):
    CSS_PATH = "calendar_dialog.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "write", "Export"),
    ]

    def __init__(self, data: DataService, *, today: date, folder: Path | None = None) -> None:
        super().__init__()
        self.data = data
        self.today = today
        self.folder = folder if folder is not None and folder.is_dir() else default_folder()
        self._working = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static("Export a calendar", id="form-title")
            yield Static(
                "Appeal deadlines, filing limits, authorisation ends, appeal decisions due and "
                "call follow-ups, as all-day events with a reminder a week before. Import the "
                "file into your calendar app; importing a newer one updates the same events.",
                id="form-intro",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label("Save to", classes="label")
                yield Input(str(self.folder / "floortrack-deadlines.ics"), id="out", compact=True)
            yield Static("", id="out-error", markup=False)
            with Horizontal(id="buttons"):
                yield Static("", id="form-status", markup=False)
                yield Button("Cancel", id="cancel")
                yield Button("Export (ctrl+s)", id="write", variant="primary")

    def on_mount(self) -> None:
        self._check_out()
        self.query_one("#out", Input).focus()

    def _target(self) -> tuple[Path | None, str]:
        return check_out_path(
            self.query_one("#out", Input).value,
            self.folder,
            (".ics",),
            "calendar",
            "end the file name in .ics",
        )

    @on(Input.Changed, "#out")
    def _check_out(self) -> bool:
        path, error = self._target()
        widget = self.query_one("#out-error", Static)
        widget.update(error)
        widget.display = bool(error)
        self.query_one("#write", Button).disabled = path is None or self._working
        return path is not None

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#write")
    async def action_write(self) -> None:
        from floortrack.actions.calendar import write_calendar

        path, _ = self._target()
        if path is None or self._working:
            return
        self._working = True
        self.query_one("#write", Button).disabled = True
        today = self.today

        def write() -> WrittenCalendar:
            repo = self.data.repo
            written = write_calendar(repo, path, today=today)
            if str(written.path.parent) != repo.get_setting(FOLDER_SETTING):
                repo.set_setting(FOLDER_SETTING, str(written.path.parent))
            return written

        try:
            written = await self.data.call(write)
        except (ValidationError, StoreError, OSError) as error:
            message = getattr(error, "message", None) or str(error)
            self.query_one("#form-status", Static).update(f"Not written: {message}")
            self._working = False
            self._check_out()
            return
        self.dismiss(written)


async def open_calendar_dialog(app: App[None], data: DataService) -> None:
    folder = await data.call(lambda: data.repo.get_setting(FOLDER_SETTING))

    def done(written: WrittenCalendar | None) -> None:
        if written is not None:
            count = len(written.items)
            app.notify(
                f"{count} event{'s' if count != 1 else ''} saved to {written.path}.",
                title="Calendar ready",
                timeout=12,
                markup=False,
            )

    app.push_screen(
        CalendarDialog(data, today=clock.today(), folder=Path(folder) if folder else None), done
    )
