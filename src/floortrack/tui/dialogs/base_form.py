"""What the modal forms share, written once.

- `SaveCancelDialog`: escape cancels, ctrl+s saves, a press on `#save` saves and any other
  button cancels (the claim forms, the code note).
- `SavingForm`: the record forms whose caller writes the record (diary day, visit). Save
  awaits `on_save`; while it runs Save is disabled and the status says "Saving…"; when the
  write fails (`on_save` returns None, the error was already notified) the form stays open
  with everything typed (RELIABILITY R3). Enter moves to the next field, Enter in `#note`
  saves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

ResultT = TypeVar("ResultT")
RecordT = TypeVar("RecordT")

SAVE_CANCEL_KEYS = [
    Binding("escape", "cancel", "Cancel"),
    Binding("ctrl+s", "save", "Save"),
]


class SaveCancelDialog(ModalScreen[ResultT | None]):
    """Subclasses implement `action_save` (dismissing with the result when it is valid)."""

    BINDINGS = SAVE_CANCEL_KEYS

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError


class SavingForm(ModalScreen[RecordT | None]):
    """Subclasses compose `#cancel` and `#save` Buttons, a `#form-status` Static and a `#note`
    Input, and implement `collect()` and `validate()` (which also sets Save's `disabled`
    from `self.valid` and `self._saving`)."""

    BINDINGS = SAVE_CANCEL_KEYS

    def __init__(self, on_save: Callable[[RecordT], Awaitable[RecordT | None]]) -> None:
        super().__init__()
        self.on_save = on_save
        self.valid = False
        self._saving = False

    def collect(self) -> tuple[RecordT | None, dict[str, str]]:
        """The record the fields describe, or per field what is wrong."""
        raise NotImplementedError

    def validate(self) -> bool:
        """Show every message next to its field; True when the form can be saved."""
        raise NotImplementedError

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        if self._saving or not self.validate():
            return
        record, _ = self.collect()
        if record is None:
            return
        self._saving = True
        self.query_one("#save", Button).disabled = True
        self.query_one("#form-status", Static).update("Saving…")
        try:
            saved = await self.on_save(record)
        finally:
            self._saving = False
        if saved is None:  # the error was notified; keep everything the user typed
            self.validate()
            self.query_one("#form-status", Static).update("Not saved — see the message")
            return
        self.dismiss(saved)

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        # Enter in a field moves on; Enter in the note (the last field) saves (when valid).
        event.stop()
        if event.input.id == "note":
            await self.action_save()
        else:
            self.focus_next()
