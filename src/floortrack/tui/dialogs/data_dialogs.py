"""Export, backup now and restore, from the command palette (ctrl+p).

Each flow calls actions/data_io.py on the store thread (through app.data) and says what it
did: where the export or the backup went, and on a restore what was restored and where the
data it replaced is kept. A restore is picked from the kept backups and confirmed first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from floortrack.actions import data_io
from floortrack.model import ValidationError
from floortrack.tui.dialogs.field_form import Field, FieldForm
from floortrack.tui.format import plural

if TYPE_CHECKING:
    from floortrack.tui.app import FloortrackApp

FORMAT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("JSON: everything, one file (can be imported again)", "json"),
    ("CSV: visits and claims, two files in a folder (for a spreadsheet)", "csv"),
)


def default_target(folder: Path, kind: str, today: date) -> Path:
    stem = f"floortrack-export-{today.isoformat()}"
    return folder / (f"{stem}.json" if kind == "json" else stem)


def export_target(values: dict[str, str]) -> tuple[str, Path]:
    text = values["path"].strip()
    if not text:
        raise ValidationError("give a file name (JSON) or a folder (CSV)", "path")
    path = Path(text).expanduser()
    if values["format"] == "csv" and path.suffix.lower() == ".csv":
        raise ValidationError(
            "for CSV give a folder: it receives sessions.csv and claims.csv", "path"
        )
    return values["format"], path


class ExportForm(FieldForm[tuple[str, Path]]):
    """Format and where; switching the format switches the suggested name (if untouched)."""

    def __init__(self, app: FloortrackApp, folder: Path, today: date) -> None:
        fields = (
            Field("format", "Format", "json", options=FORMAT_OPTIONS),
            Field(
                "path",
                "Save to",
                str(default_target(folder, "json", today)),
                hint="A file for JSON, a folder for CSV (created if missing).",
            ),
        )
        super().__init__(
            "Export your data",
            fields,
            export_target,
            self._export,
            intro="A copy to keep or to open elsewhere. Your data file is not changed.",
            save_label="Export",
        )
        self.ft_app, self.folder, self.today = app, folder, today

    @on(Select.Changed, "#field-format")
    def _format_changed(self, event: Select.Changed) -> None:
        if not self._ready:  # the Select's own first Changed, while the form mounts
            return
        box = self.query_one("#field-path", Input)
        suggested = {str(default_target(self.folder, k, self.today)) for k in ("json", "csv")}
        if box.value in suggested:
            box.value = str(default_target(self.folder, str(event.value), self.today))

    async def _export(self, target: tuple[str, Path]) -> str | None:
        kind, path = target
        result = await self.ft_app.data.save(
            lambda repo: (
                data_io.export_json(repo, path)
                if kind == "json"
                else data_io.export_csv(repo, path)
            ),
            success=None,
        )
        if not result or result.value is None:
            return result.error or "the export could not be written"
        done = result.value
        where = done.paths[0] if kind == "json" else f"{path}/ (sessions.csv, claims.csv)"
        self.ft_app.notify(
            f"Exported {plural(done.visits, 'visit')} and {plural(done.claims, 'claim')} "
            f"to {where}",
            timeout=8,
        )
        return None


def backup_label(info: data_io.BackupInfo) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{info.when:%Y-%m-%d %H:%M}  ", style="bold")
    text.append(f"{info.reason:<10} ")
    if info.records is not None:
        text.append(f"{info.records} record{'' if info.records == 1 else 's'}", style="dim")
    return text


def backup_name(path: Path, backups: list[data_io.BackupInfo]) -> str:
    """'the daily backup of 2026-03-14 09:12' (or the file's name, if it is not listed)."""
    info = next((b for b in backups if b.path == path), None)
    return f"the {info.reason} backup of {info.when:%Y-%m-%d %H:%M}" if info else path.name


class RestoreDialog(ModalScreen[Path | None]):
    """Pick one of the kept backups (newest first); dismisses with its path, or None."""

    DEFAULT_CSS = """
    RestoreDialog {
        align: center middle;
    }
    RestoreDialog > Vertical {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    RestoreDialog #restore-title {
        text-style: bold;
    }
    RestoreDialog #restore-intro, RestoreDialog #restore-folder {
        color: $text-muted;
    }
    RestoreDialog OptionList {
        height: auto;
        max-height: 14;
    }
    RestoreDialog Horizontal {
        height: auto;
        align-horizontal: right;
    }
    RestoreDialog Button {
        margin-left: 2;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, backups: list[data_io.BackupInfo], folder: Path) -> None:
        super().__init__()
        self.backups = backups
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Restore from a backup", id="restore-title")
            if self.backups:
                intro = (
                    "The backups kept beside your data file, newest first. Pick one and press "
                    "enter; you are asked before anything is replaced."
                )
            else:
                intro = (
                    "No backups yet. floortrack makes one each day you save, or choose "
                    "Backup now in the palette (ctrl+p)."
                )
            yield Static(Text(intro), id="restore-intro")
            yield Static(Text(f"Folder: {self.folder}"), id="restore-folder")
            if self.backups:
                yield OptionList(
                    *(Option(backup_label(b), id=str(i)) for i, b in enumerate(self.backups)),
                    id="restore-list",
                )
            with Horizontal():
                yield Button("Cancel", id="cancel")
                if self.backups:
                    yield Button("Restore…", id="restore", variant="warning")

    def on_mount(self) -> None:
        if self.backups:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.backups[int(event.option_id or 0)].path)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "restore":
            index = self.query_one(OptionList).highlighted
            self.dismiss(self.backups[index].path if index is not None else None)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


async def backup_now(app: FloortrackApp) -> None:
    result = await app.data.save(data_io.backup, success=None)
    if result and result.value is not None:
        app.notify(f"Backed up your data to {result.value}", timeout=8)


async def restore_flow(app: FloortrackApp) -> None:
    """Pick a backup, confirm (with what it holds and what you have now), restore, say what
    was restored and where the data it replaced is kept. Runs in a worker."""
    from floortrack.store.backups import backup_folder
    from floortrack.tui.dialogs.confirm import ConfirmDialog

    data = app.data
    backups = await data.call(data_io.list_backups, data.repo)
    path = await app.push_screen_wait(RestoreDialog(backups, backup_folder(data.repo.path)))
    if path is None:
        return
    try:
        incoming = await data.call(data_io.check_backup, path)
    except Exception as error:  # a damaged backup: say so, change nothing
        message = getattr(error, "reason", None) or str(error)
        app.notify(f"Not restored: {path.name} cannot be used ({message})", severity="error")
        return
    current = await data.call(data_io.current_counts, data.repo.path)
    now = "a file floortrack cannot read" if current is None else data_io.describe_counts(current)
    question = (
        f"Replace the data you have now ({now}) with {backup_name(path, backups)} "
        f"({data_io.describe_counts(incoming)})?\n\nThe data you have now is kept as a backup "
        "first, so this can be undone by restoring that one."
    )
    if not await app.push_screen_wait(ConfirmDialog(question, "Restore")):
        return
    result = await data.save(lambda repo: data_io.restore(repo, path), success=None)
    if not result or result.value is None:
        return
    done = result.value
    kept = (
        f" The data you had is kept in {done.previous_backup}."
        if done.previous_backup is not None
        else ""
    )
    app.notify(
        f"Restored {data_io.describe_counts(done.counts)} from {backup_name(path, backups)}.{kept}",
        timeout=12,
    )


def screenshot_folder(data_path: Path) -> Path:
    """Where the palette's Screenshot goes: Downloads if there is one, else the data folder,
    else home, else the working folder. Never a folder created for it."""
    for folder in (Path.home() / "Downloads", data_path.parent, Path.home(), Path.cwd()):
        if folder.is_dir():
            return folder
    return Path.cwd()
