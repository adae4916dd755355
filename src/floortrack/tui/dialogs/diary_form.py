"""The diary form: record or edit one day. ModalScreen[DiaryEntry | None].

Made for speed: it opens on today with the cursor in "Leaks", numbers only, `tab`/`enter`
move on, `ctrl+s` saves from anywhere and `enter` in the note saves. Every value is checked
as you type by the model's own rules (model.DiaryEntry), each message next to its field;
Save stays disabled while anything is wrong; `escape` cancels. `on_save` writes the record
and returns it (or None, and the form stays open with what was typed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from floortrack.model import DiaryEntry, ValidationError, check_not_future, parse_date
from floortrack.tui.dialogs.base_form import SavingForm

SaveCallback = Callable[[DiaryEntry], Awaitable[DiaryEntry | None]]

# (field, label, hint) in the order a patient usually counts them.
NUMBER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("leaks", "Leaks", "accidents"),
    ("pads", "Pads", "used"),
    ("urgency", "Urgency", "episodes"),
    ("trips", "Trips", "to toilet"),
    ("pain", "Pain", "0-10"),
    ("sets", "Sets", "exercise"),
)
ROWS: tuple[tuple[str, ...], ...] = (("leaks", "pads", "urgency"), ("trips", "pain", "sets"))


class DiaryForm(SavingForm[DiaryEntry]):
    CSS_PATH = "diary_form.tcss"

    def __init__(
        self,
        entry: DiaryEntry | None,
        *,
        today: date,
        taken: dict[date, int],
        on_save: SaveCallback,
        day: date | None = None,
    ) -> None:
        """`taken`: the dates already in the diary (date -> id), to refuse a second entry."""
        super().__init__(on_save)
        self.entry = entry
        self.today = today
        self.taken = taken
        self.day = entry.date if entry else (day or today)

    def compose(self) -> ComposeResult:
        e = self.entry
        title = (
            f"Diary for {self.day.isoformat()}"
            if e is None
            else f"Edit the diary of {e.date.isoformat()}"
        )
        with Vertical(id="form"):
            yield Static(title, id="form-title")
            with Horizontal(classes="row"):
                yield Label("Date", classes="label")
                yield Input(
                    self.day.isoformat(),
                    placeholder="YYYY-MM-DD",
                    id="date",
                    max_length=10,
                    compact=True,
                )
            yield Static("", id="date-error", classes="error")
            for index, row in enumerate(ROWS):
                with Horizontal(classes="row"):
                    for name in row:
                        label, hint = next((lb, h) for n, lb, h in NUMBER_FIELDS if n == name)
                        value = getattr(e, name) if e else None
                        yield Label(label, classes="label")
                        yield Input(
                            "" if value is None else str(value),
                            placeholder="-",
                            id=name,
                            classes="number",
                            max_length=3,
                            type="integer",
                            compact=True,
                        )
                        yield Static(hint, classes="hint")
                yield Static("", id=f"row{index}-error", classes="error")
            with Horizontal(classes="row"):
                yield Label("Note", classes="label")
                yield Input(
                    e.note if e else "",
                    placeholder="anything worth remembering (optional)",
                    id="note",
                    compact=True,
                )
            yield Static("", id="note-error", classes="error")
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.validate()
        self.query_one("#leaks", Input).focus()

    # -- validation ------------------------------------------------------------------------
    @on(Input.Changed)
    def _changed(self) -> None:
        self.validate()

    def collect(self) -> tuple[DiaryEntry | None, dict[str, str]]:
        """The entry the fields describe, or per field what is wrong."""
        errors: dict[str, str] = {}
        day: date | None = None
        try:
            day = check_not_future(
                parse_date(self.query_one("#date", Input).value), self.today, what="A diary day"
            )
            other = self.taken.get(day)
            if other is not None and (self.entry is None or other != self.entry.id):
                errors["date"] = f"{day.isoformat()} is already in the diary: edit that day instead"
        except ValidationError as error:
            errors["date"] = error.message
        values: dict[str, str | None] = {}
        for name, _, _ in NUMBER_FIELDS:
            text = self.query_one(f"#{name}", Input).value.strip()
            values[name] = text or None
            if text:
                try:  # the model's own range check for this one field
                    DiaryEntry(self.today, **{name: text})  # type: ignore[arg-type]
                except ValidationError as error:
                    errors[name] = error.message
        note = self.query_one("#note", Input).value
        if not errors and all(v is None for v in values.values()) and not note.strip():
            errors["empty"] = "fill in at least one number (or a note)"
        if errors or day is None:
            return None, errors
        try:
            entry = DiaryEntry(day, note=note, **values)  # type: ignore[arg-type]
        except ValidationError as error:
            errors[error.field or "note"] = error.message
            return None, errors
        return entry, errors

    def _show(self, widget_id: str, message: str) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(message)
        widget.display = bool(message)

    def validate(self) -> bool:
        entry, errors = self.collect()
        self._show("date-error", errors.get("date", ""))
        for index, row in enumerate(ROWS):
            self._show(f"row{index}-error", "; ".join(errors[n] for n in row if n in errors))
        self._show("note-error", errors.get("note", ""))
        self.valid = entry is not None
        self.query_one("#save", Button).disabled = not self.valid or self._saving
        status = errors.get("empty", "")
        if not status and not self.valid:
            n = len(errors)
            status = f"{n} thing{'s' if n != 1 else ''} to fix"
        self.query_one("#form-status", Static).update(status)
        return self.valid
