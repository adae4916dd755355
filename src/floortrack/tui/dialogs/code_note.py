"""The patient's own note on a code (e.g. the wording their EOB used), a base_form.Form.

Hands `submit` the new text ("" clears the note): the caller runs actions.notes.set_note.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from floortrack.model import MAX_TEXT, CodeNote
from floortrack.tui.dialogs.base_form import Form, Submit


class CodeNoteDialog(Form[str, CodeNote | None]):
    """Edit the note on one code. ctrl+s saves, escape cancels (keys from Form); dismisses
    with the note saved (None when removed or cancelled)."""

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
    CodeNoteDialog #note-error, CodeNoteDialog #form-error {
        color: $error;
        height: auto;
    }
    CodeNoteDialog #form-status {
        width: 1fr;
        color: $text-muted;
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

    FIELDS = ("note",)

    def __init__(
        self,
        code_label: str,
        title: str,
        text: str = "",
        submit: Submit[str, CodeNote | None] | None = None,
    ) -> None:
        super().__init__(submit)
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
            yield Static("", id="form-error")
            with Horizontal():
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save note", id="save", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def build(self) -> tuple[str | None, dict[str, str]]:
        text = self.query_one(TextArea).text
        if len(text) > MAX_TEXT:
            return None, {"note": f"The note is too long (at most {MAX_TEXT:,} characters)."}
        return text.strip(), {}

    def nothing_to_save(self, result: str) -> bool:
        return result == self.initial_text.strip()

    def message_shown(self, name: str) -> bool:
        return True
