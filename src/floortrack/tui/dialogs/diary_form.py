"""The diary form: record or edit one day (a base_form.Form).

Made for speed: it opens on today with the cursor in "Leaks", `tab`/`enter` move on,
`ctrl+s` saves from anywhere and `enter` in the note saves. Every value is checked as you
type by the model's own rules (model.parse_int with DiaryEntry's ranges), each message next
to its field; Save stays disabled while anything is wrong. A new day's form hands `submit`
the entry to add; an edit's form only the fields changed since it opened.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from floortrack.actions.edits import changed_fields
from floortrack.model import DIARY_COUNTS, DiaryEntry, ValidationError
from floortrack.tui.dialogs.base_form import Form, Submit, date_check, whole

# What the form hands back: a new day, or an edit's changed fields.
DiaryResult = DiaryEntry | dict[str, Any]
HIGHS: dict[str, int] = {**dict(DIARY_COUNTS), "pain": 10}

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


class DiaryForm(Form[DiaryResult, DiaryEntry]):
    CSS_PATH = "diary_form.tcss"
    FIELDS = ("date", "note")

    def __init__(
        self,
        entry: DiaryEntry | None,
        *,
        today: date,
        taken: dict[date, int],
        submit: Submit[DiaryResult, DiaryEntry] | None = None,
        day: date | None = None,
    ) -> None:
        """`taken`: the dates already in the diary (date -> id), to say at once that a day is
        in the diary already (actions.diary refuses it in any case)."""
        super().__init__(submit)
        self.entry = entry  # the base of an edit: the day as it was when opened
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
                    validators=[date_check("date", self.today, "A diary day", "type the date")],
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
                            max_length=4,
                            compact=True,
                            validators=[whole(name, 0, HIGHS[name])],
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
            yield Static("", id="form-error", classes="error")
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.touched.add("date")
        self.check()
        self.query_one("#leaks", Input).focus()

    # -- validation ------------------------------------------------------------------------
    def build(self) -> tuple[DiaryResult | None, dict[str, str]]:
        """The day the fields describe (an edit: its changed fields), or what is wrong."""
        errors = self.field_errors()
        day: date | None = self.parsed("date") if "date" not in errors else None
        other = self.taken.get(day) if day is not None else None
        if day is not None and other is not None and (self.entry is None or other != self.entry.id):
            errors["date"] = f"{day.isoformat()} is already in the diary: edit that day instead"
        values = {name: self.parsed(name) for name, _, _ in NUMBER_FIELDS}
        note = self.text("note")
        if not errors and all(v is None for v in values.values()) and not note.strip():
            errors["empty"] = "fill in at least one number (or a note)"
        if errors or day is None:
            return None, errors
        try:
            entry = DiaryEntry(day, note=note, **values)
        except ValidationError as error:
            return None, {error.field or "note": error.message}
        if self.entry is None:
            return entry, {}
        return changed_fields(self.entry, entry), {}

    def nothing_to_save(self, result: DiaryResult) -> bool:
        return isinstance(result, dict) and not result

    def _show(self, widget_id: str, message: str) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(message)
        widget.display = bool(message)

    def show_errors(self, errors: dict[str, str]) -> None:
        numbers = {name for name, _, _ in NUMBER_FIELDS}
        rest = {k: v for k, v in errors.items() if k not in numbers and k != "empty"}
        super().show_errors(rest)
        for index, row in enumerate(ROWS):
            self._show(f"row{index}-error", "; ".join(errors[n] for n in row if n in errors))

    def status_text(self, errors: dict[str, str]) -> str:
        return errors.get("empty") or super().status_text(errors)
