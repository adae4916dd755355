"""The patient's own note on a code (e.g. the wording their EOB used): ModalScreen[str | None].

Dismisses with the new text ("" clears the note) or None when cancelled. Saving is the
caller's job (through app.data.save), so this dialog never touches the store.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from floortrack.model import MAX_TEXT
from floortrack.tui.dialogs.base_form import SaveCancelDialog


class CodeNoteDialog(SaveCancelDialog[str]):
    """Edit the note on one code. ctrl+s saves, escape cancels (keys from SaveCancelDialog)."""

    DEFAULT_CSS = """
    CodeNoteDialog {
        align: center middle;
    }
    CodeNoteDialog > Vertical {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: thick $primary 60%;
        background: $surface;
        padding: 1 2;
    }
    CodeNoteDialog #note-title {
        text-style: bold;
        width: 1fr;
    }
    CodeNoteDialog #note-hint {
        color: $text-muted;
        width: 1fr;
        margin-bottom: 1;
    }
    CodeNoteDialog TextArea {
        height: 8;
    }
    CodeNoteDialog #note-error {
        color: $error;
        height: auto;
    }
    CodeNoteDialog Horizontal {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    CodeNoteDialog Button {
        margin-left: 2;
    }
    """

    def __init__(self, code_label: str, title: str, text: str = "") -> None:
        super().__init__()
        self.code_label = code_label
        self.code_title = title
        self.initial_text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                f"Your note on {self.code_label} — {self.code_title}",
                id="note-title",
                markup=False,
            )
            yield Static(
                "Only you see this. Save an empty note to remove it. ctrl+s saves, esc cancels.",
                id="note-hint",
            )
            yield TextArea(self.initial_text, id="note-text", soft_wrap=True)
            yield Static("", id="note-error")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Save note", id="save", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        too_long = len(event.text_area.text) > MAX_TEXT
        self.query_one("#note-error", Static).update(
            f"The note is too long (at most {MAX_TEXT:,} characters)." if too_long else ""
        )
        self.query_one("#save", Button).disabled = too_long

    def action_save(self) -> None:
        if self.query_one("#save", Button).disabled:
            return
        self.dismiss(self.query_one(TextArea).text.strip())
