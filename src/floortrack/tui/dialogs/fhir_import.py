""" "Import claims from your insurer": a FHIR file, a preview, then Import.

ModalScreen[ImportSummary | None]. The preview is the import's dry run, the import itself one
save; both run on the store thread through the app's DataService, never on the UI thread.
Everything read from the file (claim numbers, clinic names, codes) is shown as plain text.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from floortrack import clock
from floortrack.actions.fhir_import import (
    ImportSummary,
    import_fhir,
    summary_line,
    summary_sections,
)
from floortrack.model import ValidationError
from floortrack.store import Repository, StoreError

MAX_PREVIEW_LINES = 12  # per section


def preview_text(summary: ImportSummary) -> Text:
    """The dry run's summary as plain text (never markup: it quotes the file)."""
    text = Text()
    text.append(("Would import: " if summary.dry_run else "Imported: ") + summary_line(summary))
    text.stylize("bold")
    for heading, lines in summary_sections(summary):
        text.append("\n\n")
        text.append(heading, style="bold")
        for line in lines[:MAX_PREVIEW_LINES]:
            text.append("\n  " + line)
        if len(lines) > MAX_PREVIEW_LINES:
            text.append(f"\n  … and {len(lines) - MAX_PREVIEW_LINES} more")
    if not summary.added and not summary.updated and not summary.new_visits:
        text.append("\n\nNothing to import: your claims already match this file.")
    return text


class FhirImportDialog(ModalScreen[ImportSummary | None]):
    CSS_PATH = "fhir_import.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "do_import", "Import"),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self._initial = path
        self._previewed: tuple[str, bool] | None = None  # (path, include_all) of the preview
        self._working = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static("Import claims from your insurer", id="form-title")
            yield Static(
                "A file of your claims as your insurer's app or Medicare's Blue Button saves "
                "it (FHIR ExplanationOfBenefit: JSON, a Bundle or NDJSON). Therapy claims are "
                "added or updated, and checked against your visits. Preview first: nothing is "
                "written until you press Import.",
                id="form-intro",
            )
            with Horizontal(classes="row"):
                yield Label("File", classes="label")
                yield Input(
                    self._initial, placeholder="~/Downloads/claims.json", id="path", compact=True
                )
            yield Checkbox("Also other medical claims (no therapy code)", id="all", compact=True)
            with VerticalScroll(id="preview-box"):
                yield Static(Text("Type the file's path and press enter to preview."), id="preview")
            yield Static("", id="preview-error")
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Preview", id="preview-button")
                yield Button("Import (ctrl+s)", id="import", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.query_one("#preview-error", Static).display = False

    # -- fields ----------------------------------------------------------------------------
    def _choice(self) -> tuple[str, bool]:
        return (
            self.query_one("#path", Input).value.strip(),
            self.query_one("#all", Checkbox).value,
        )

    def _path(self, text: str) -> Path:
        return Path(text).expanduser()

    @on(Input.Changed, "#path")
    @on(Checkbox.Changed, "#all")
    def _changed(self) -> None:
        # What was previewed is no longer what would be imported: preview again first.
        self.query_one("#import", Button).disabled = self._choice() != self._previewed

    def _show_error(self, message: str) -> None:
        box = self.query_one("#preview-error", Static)
        box.update(Text(message))
        box.display = bool(message)

    def _status(self, message: str) -> None:
        self.query_one("#form-status", Static).update(Text(message))

    # -- actions ---------------------------------------------------------------------------
    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#preview-button")
    async def action_preview(self) -> None:
        text, include_all = self._choice()
        if self._working:
            return
        if not text:
            self._show_error("Type the path of the file to import.")
            return
        self._working = True
        self._status("Reading the file…")
        self._show_error("")
        data = self.app.data  # type: ignore[attr-defined]
        work = partial(
            import_fhir,
            data.repo,
            self._path(text),
            dry_run=True,
            today=clock.today(),
            include_all=include_all,
        )
        try:
            summary: ImportSummary = await data.call(work)
        except (ValidationError, StoreError) as error:
            self._previewed = None
            self.query_one("#import", Button).disabled = True
            self._show_error(f"Cannot import: {getattr(error, 'message', None) or error}")
            self._status("")
            return
        finally:
            self._working = False
        self.query_one("#preview", Static).update(preview_text(summary))
        something = bool(summary.added or summary.updated or summary.new_visits)
        self._previewed = (text, include_all) if something else None
        self.query_one("#import", Button).disabled = not something
        self._status("")
        if something:
            self.query_one("#import", Button).focus()

    @on(Button.Pressed, "#import")
    async def action_do_import(self) -> None:
        choice = self._choice()
        if self._working or choice != self._previewed:
            return
        text, include_all = choice
        path = self._path(text)
        self._working = True
        self.query_one("#import", Button).disabled = True
        self._status("Importing…")
        today = clock.today()

        def run(repo: Repository) -> ImportSummary:
            return import_fhir(repo, path, today=today, include_all=include_all)

        result = await self.app.data.save(run, success=None)  # type: ignore[attr-defined]
        self._working = False
        if not result:
            self._status("")
            self._show_error(f"Not imported: {result.error}")
            self.query_one("#import", Button).disabled = False
            return
        self.dismiss(result.value)


def open_fhir_import(app: object, path: str = "") -> None:
    """Show the dialog; afterwards say what was imported."""
    from textual.app import App

    assert isinstance(app, App)

    def done(summary: ImportSummary | None) -> None:
        if summary is not None:
            app.notify(summary_line(summary), title="Claims imported", timeout=10, markup=False)

    app.push_screen(FhirImportDialog(path), done)
