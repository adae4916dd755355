"""What the payment and appeal forms share: ModalScreen[Record | None] that saves itself.

Each field's message (from model.py / billing.claim_money) is shown next to it as the patient
types; Save stays disabled while anything is wrong; escape cancels. Save hands the record to
the caller's `save` coroutine (the screen's `data.save`): when the write fails or billing
refuses it, the reason is shown in the form, which stays open with everything typed
(RELIABILITY R3); when it succeeds the form closes with the saved record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import ClassVar, TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from floortrack.model import Claim
from floortrack.tui.dialogs.claim_form import FORM_CSS

RecordT = TypeVar("RecordT")

# Saves a record; returns None when it was saved, else why it was not.
Saver = Callable[[RecordT], Awaitable[str | None]]

CLAIM_MONEY_CSS = (
    "ClaimMoneyForm {"
    + FORM_CSS
    + """
    & > #form {
        width: 84;
    }
    & #claim-summary, & #form-status {
        color: $text-muted;
        height: auto;
    }
    & #form-status.-problem {
        color: $error;
    }
    & #effect {
        height: auto;
        margin-top: 1;
        padding-left: 16;
    }
    }
    """
)


class ClaimMoneyForm(ModalScreen[RecordT | None]):
    """Subclasses compose `#form-body` rows (claim_form.form_row), `#effect`, `#form-error`,
    `#form-status` and `#cancel` / `#save` Buttons, list their FIELDS, and implement
    `build()`."""

    DEFAULT_CSS = CLAIM_MONEY_CSS
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-short"), (34, "-tall")]
    FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields whose messages show as soon as another field changes (their rule depends on it).
    ALSO_TOUCHES: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, claim: Claim, today: date, save: Saver[RecordT] | None = None) -> None:
        super().__init__()
        self.claim = claim
        self.today = today
        self.save = save
        # A field the patient has not reached yet gets no red message (Save still waits for
        # it); a save attempt shows every message.
        self.touched: set[str] = set()
        self.show_all = False
        self._saving = False

    def build(self) -> tuple[RecordT | None, dict[str, str], str]:
        """(the record the fields describe, per field what is wrong, what saving will do)."""
        raise NotImplementedError

    def value_of(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def validate(self) -> RecordT | None:
        record, errors, effect = self.build()
        general = [message for name, message in errors.items() if name not in self.FIELDS]
        for name in self.FIELDS:
            box = self.query_one(f"#{name}-error", Static)
            shown = self.show_all or name in self.touched
            message = errors.get(name, "") if shown else ""
            box.update(message)
            box.display = bool(message)
        general_box = self.query_one("#form-error", Static)
        general_box.update("\n".join(general))
        general_box.display = bool(general)
        self.query_one("#effect", Static).update(effect)
        self.query_one("#save", Button).disabled = bool(errors) or self._saving
        return record

    def on_mount(self) -> None:
        self.query_one("#form-status", Static).display = False
        self.validate()

    def _touch(self, name: str) -> None:
        self.touched.add(name)
        self.touched.update(self.ALSO_TOUCHES.get(name, ()))
        self.validate()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._touch(event.input.id or "")

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._touch(event.select.id or "")

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves to the next field; Enter in the note (the last field) saves.
        event.stop()
        if event.input.id == "note":
            await self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        if self._saving:
            return
        self.show_all = True
        record = self.validate()
        if record is None:
            return
        if self.save is None:
            self.dismiss(record)
            return
        status = self.query_one("#form-status", Static)
        self._saving = True
        self.query_one("#save", Button).disabled = True
        status.update("Saving…")
        status.remove_class("-problem")
        status.display = True
        try:
            problem = await self.save(record)
        finally:
            self._saving = False
        if problem is None:
            self.dismiss(record)
            return
        # Nothing was saved: say why, keep everything typed.
        self.validate()
        status.update(f"Not saved: {problem}")
        status.add_class("-problem")
