"""What the payment and appeal forms share: ModalScreen[Record | None] that saves itself
(base_form.SavingForm's save flow, plus the claim summary, inline messages and a preview).

Each field's message (from model.py / billing.claim_money) is shown next to it as the patient
types; Save stays disabled while anything is wrong; escape cancels. Save hands the record to
the caller's `save` coroutine (the screen's `data.save`): when the write fails or billing
refuses it, the reason is shown in the form, which stays open with everything typed
(docs/STORAGE.md, S2); when it succeeds the form closes with the saved record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import ClassVar, TypeVar

from textual import on
from textual.widgets import Button, Input, Select, Static

from floortrack.model import Claim
from floortrack.tui.dialogs.base_form import SavingForm
from floortrack.tui.dialogs.claim_form import FORM_CSS, show_field_errors

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


class ClaimMoneyForm(SavingForm[RecordT]):
    """Subclasses compose `#form-body` rows (claim_form.form_row), `#effect`, `#form-error`,
    `#form-status` and `#cancel` / `#save` Buttons, list their FIELDS, and implement
    `build()`. The save flow, keys and Enter are SavingForm's."""

    DEFAULT_CSS = CLAIM_MONEY_CSS
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
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

    def build(self) -> tuple[RecordT | None, dict[str, str], str]:
        """(the record the fields describe, per field what is wrong, what saving will do)."""
        raise NotImplementedError

    def value_of(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def validate(self) -> bool:
        return self._show_checked() is not None

    def _show_checked(self) -> RecordT | None:
        """Show each message and what saving will do; the record when it can be saved."""
        record, errors, effect = self.build()
        show_field_errors(self, self.FIELDS, errors, self.show_all, self.touched)
        self.query_one("#effect", Static).update(effect)
        self.query_one("#save", Button).disabled = bool(errors) or self._saving
        return record

    def record_to_save(self) -> RecordT | None:
        self.show_all = True
        return self._show_checked()

    async def write(self, record: RecordT) -> tuple[RecordT | None, str]:
        problem = await self.save(record) if self.save is not None else None
        return (record, "") if problem is None else (None, f"Not saved: {problem}")

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
