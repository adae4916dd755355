"""What the modal forms share, written once.

- `SaveCancelDialog`: escape cancels, ctrl+s saves, a press on `#save` saves and any other
  button cancels (the claim forms, the code note).
- `SavingForm`: the record forms that save through their caller (diary day, visit, and via
  claim_money_form the payment and the appeal). Save awaits `write` (by default `on_save`);
  while it runs Save is disabled and `#form-status` says "Saving…"; when the write fails the
  status says so (`write` may give the reason, shown in the form) and the form stays open
  with everything typed (docs/STORAGE.md, S2). Enter moves to the next field, Enter in `#note`
  saves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

ResultT = TypeVar("ResultT")
RecordT = TypeVar("RecordT")

SAVE_CANCEL_KEYS: list[BindingType] = [
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
    from `self.valid` and `self._saving`). A form whose save can be refused for a reason
    overrides `write`; one that checks differently before saving overrides `record_to_save`."""

    BINDINGS = SAVE_CANCEL_KEYS

    def __init__(
        self, on_save: Callable[[RecordT], Awaitable[RecordT | None]] | None = None
    ) -> None:
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

    def record_to_save(self) -> RecordT | None:
        """What Save writes, or None (with the messages shown) while anything is wrong."""
        if not self.validate():
            return None
        record, _ = self.collect()
        return record

    async def write(self, record: RecordT) -> tuple[RecordT | None, str]:
        """(the record as saved, "") or (None, what the form says: nothing was saved, why)."""
        if self.on_save is None:  # nobody to write it: the form just hands the record back
            return record, ""
        saved = await self.on_save(record)
        # None: the error was already notified; the form only points at it.
        return saved, "" if saved is not None else "Not saved — see the message"

    def show_status(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#form-status", Static)
        status.update(text)
        status.set_class(problem, "-problem")
        status.display = True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        if self._saving:
            return
        record = self.record_to_save()
        if record is None:
            return
        self._saving = True
        self.query_one("#save", Button).disabled = True
        self.show_status("Saving…")
        try:
            saved, problem = await self.write(record)
        finally:
            self._saving = False
        if saved is None:  # nothing was saved: keep everything the user typed, say why
            self.validate()
            self.show_status(problem, problem=True)
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
