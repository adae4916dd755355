"""The session form: log or edit one visit. ModalScreen[Session | None].

Validates as you type with the model's own checks (model.py; units from billing.units,
meanings from billing.catalogue): each message appears next to its field, Save stays
disabled while anything is invalid, and escape cancels. The caller passes `on_save`, which
writes the record and returns the saved Session or None; on None the form stays open with
everything the user typed (docs/STORAGE.md, S2).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from itertools import count

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from floortrack.billing import catalogue, plans
from floortrack.billing.plans import UnitRule
from floortrack.billing.units import calculate_units
from floortrack.model import (
    VISIT_TYPES,
    Session,
    SessionLine,
    ValidationError,
    check_not_future,
    check_procedure_code,
    parse_date,
    parse_int,
)
from floortrack.tui.dialogs.base_form import SavingForm

SaveCallback = Callable[[Session], Awaitable[Session | None]]
_row_ids = count(1)


def code_meaning(code: str) -> str:
    """The plain name of a procedure code, for the line being typed."""
    entry = catalogue.lookup(code)
    if entry is None or entry.kind != "procedure":
        return "not in floortrack's list — check the code on your bill"
    timing = "" if entry.timed is None else (" (timed)" if entry.timed else " (untimed)")
    return entry.title + timing


class CodeLineRow(Horizontal):
    """One code + minutes line, with its meaning (or its error) to the right."""

    def __init__(self, code: str = "", minutes: int | None = None) -> None:
        super().__init__(classes="code-row", id=f"code-row-{next(_row_ids)}")
        self._code = code
        self._minutes = "" if minutes is None else str(minutes)

    def compose(self) -> ComposeResult:
        yield Input(self._code, placeholder="code", classes="code", max_length=8, compact=True)
        yield Input(
            self._minutes,
            placeholder="min",
            classes="minutes",
            max_length=3,
            type="integer",
            compact=True,
        )
        yield Static("", classes="meaning")
        yield Button("Remove", classes="remove")

    @property
    def code_text(self) -> str:
        return self.query_one(".code", Input).value.strip()

    @property
    def minutes_text(self) -> str:
        return self.query_one(".minutes", Input).value.strip()

    def show(self, text: str, error: bool) -> None:
        meaning = self.query_one(".meaning", Static)
        meaning.update(text)
        meaning.set_class(error, "-error")


class SessionForm(SavingForm[Session]):
    CSS_PATH = "session_form.tcss"
    # A short terminal (80x24) drops the blank lines between fields so Save stays in view.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    # Escape and ctrl+s come from SavingForm (listed first, as before).
    BINDINGS = [Binding("ctrl+n", "add_line", "Add code")]

    def __init__(
        self,
        session: Session | None,
        *,
        providers: list[str],
        today: date,
        on_save: SaveCallback,
        unit_rule: UnitRule | None = None,
    ) -> None:
        super().__init__(on_save)
        self.session = session
        self.providers = providers
        self.today = today
        # The visit's unit rule (billing.plans.session_unit_rule); none known: assumed default.
        self.unit_rule = unit_rule or plans.unit_rule((), None)

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s = self.session
        title = "Log a visit" if s is None else f"Edit the visit of {s.date.isoformat()}"
        with Vertical(id="form"):
            yield Static(title, id="form-title")
            with VerticalScroll(id="form-body"):
                yield from self._field(
                    "Date",
                    "date",
                    Input(
                        (s.date if s else self.today).isoformat(),
                        placeholder="YYYY-MM-DD",
                        id="date",
                        max_length=10,
                        compact=True,
                    ),
                )
                yield from self._field(
                    "Clinic",
                    "provider",
                    Input(
                        s.provider if s else (self.providers[0] if self.providers else ""),
                        placeholder="clinic or therapist (→ completes)",
                        id="provider",
                        suggester=SuggestFromList(self.providers, case_sensitive=False),
                        compact=True,
                    ),
                )
                yield from self._field(
                    "Visit type",
                    "visit_type",
                    Select(
                        [(v, v) for v in VISIT_TYPES],
                        value=s.visit_type if s else "treatment",
                        allow_blank=False,
                        id="visit_type",
                        compact=True,
                    ),
                )
                yield Label(
                    "Codes and minutes (leave minutes empty for an untimed code)", classes="section"
                )
                with Vertical(id="code-rows"):
                    lines = s.lines if s and s.lines else (SessionLine("97110", None),)
                    for line in lines:
                        yield CodeLineRow(line.code if s else "", line.minutes)
                with Horizontal(id="code-actions"):
                    yield Button("Add code (ctrl+n)", id="add-line")
                    yield Static("", id="units")
                with Horizontal(id="pain-row"):
                    yield Label("Pain before", classes="label")
                    yield _pain_input("pain_before", s.pain_before if s else None)
                    yield Label("after", classes="label short")
                    yield _pain_input("pain_after", s.pain_after if s else None)
                yield Static("", id="pain-error", classes="error")
                yield from self._text_field(
                    "Symptoms", "symptoms", s.symptoms if s else "", "e.g. leaks when sneezing"
                )
                yield from self._text_field(
                    "Notes", "note", s.note if s else "", "what you did, home exercises…"
                )
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary", disabled=True)

    def _field(self, label: str, name: str, widget: Input | Select[str]) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label(label, classes="label")
            yield widget
        yield Static("", id=f"{name}-error", classes="error")

    def _text_field(self, label: str, name: str, value: str, placeholder: str) -> ComposeResult:
        """A free-text field whose Input id is `name`."""
        yield from self._field(
            label, name, Input(value, placeholder=placeholder, id=name, compact=True)
        )

    def on_mount(self) -> None:
        if not self.query("#date"):  # pushed while the app was quitting: nothing to show
            return
        self.validate()
        first = self.query(".code-row .code").first(Input) if self.session is None else None
        (first or self.query_one("#date", Input)).focus()

    # -- validation ------------------------------------------------------------------------
    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.validate()

    def _set_error(self, name: str, message: str) -> None:
        widget = self.query_one(f"#{name}-error", Static)
        widget.update(message)
        widget.display = bool(message)

    def collect(self) -> tuple[Session | None, dict[str, str]]:
        """Build a Session from the fields, or say per field what is wrong."""
        errors: dict[str, str] = {}
        day: date | None = None
        try:
            day = check_not_future(parse_date(self.query_one("#date", Input).value), self.today)
        except ValidationError as error:
            errors["date"] = error.message
        pains: dict[str, int | None] = {}
        for name in ("pain_before", "pain_after"):
            text = self.query_one(f"#{name}", Input).value.strip()
            try:
                pains[name] = parse_int(text, name, 0, 10) if text else None
            except ValidationError as error:
                errors["pain"] = error.message
        lines: list[SessionLine] = []
        for row in self.query(CodeLineRow):
            line = self._row_line(row)
            if isinstance(line, SessionLine):
                lines.append(line)
            elif line:
                errors.setdefault("lines", line)
        if not lines and "lines" not in errors:
            errors["lines"] = "add at least one code (it is on your bill or visit summary)"
        select = self.query_one("#visit_type", Select)
        if errors or day is None:
            return None, errors
        try:
            session = Session(
                date=day,
                provider=self.query_one("#provider", Input).value,
                visit_type=str(select.value),
                lines=tuple(lines),
                pain_before=pains.get("pain_before"),
                pain_after=pains.get("pain_after"),
                symptoms=self.query_one("#symptoms", Input).value,
                note=self.query_one("#note", Input).value,
            ).validate_for_entry(self.today)
        except ValidationError as error:
            errors[error.field or "note"] = error.message
            return None, errors
        return session, errors

    def _row_line(self, row: CodeLineRow) -> SessionLine | str | None:
        """The row's SessionLine, an error message, or None for a blank row."""
        code, minutes = row.code_text, row.minutes_text
        if not code and not minutes:
            row.show("", False)
            return None
        if not code:
            message = "type the code for these minutes"
            row.show(message, True)
            return message
        try:
            check_procedure_code(code)  # the code's own problem first, then its minutes
            line = SessionLine(code, parse_int(minutes, "minutes", 1, 480) if minutes else None)
        except ValidationError as error:
            row.show(error.message, True)
            return error.message
        row.show(code_meaning(line.code), False)
        return line

    def validate(self) -> bool:
        session, errors = self.collect()
        for name in ("date", "provider", "visit_type", "symptoms", "note"):
            self._set_error(name, errors.get(name, ""))
        pain_error = self.query_one("#pain-error", Static)
        pain_error.update(errors.get("pain", ""))
        pain_error.display = "pain" in errors
        self._show_units(session, errors.get("lines", ""))
        self.valid = session is not None
        self.query_one("#save", Button).disabled = not self.valid or self._saving
        problems = len(errors)
        self.query_one("#form-status", Static).update(
            "" if self.valid else f"{problems} thing{'s' if problems != 1 else ''} to fix"
        )
        return self.valid

    def _show_units(self, session: Session | None, lines_error: str) -> None:
        units = self.query_one("#units", Static)
        units.set_class(bool(lines_error), "-error")
        if lines_error:
            # The row itself says what is wrong; here only the consequence.
            units.update(
                lines_error
                if "at least one code" in lines_error
                else "fix the code lines above to see the units"
            )
            return
        if session is None:
            rows = [r for r in self.query(CodeLineRow)]
            lines = [x for x in (self._row_line(r) for r in rows) if isinstance(x, SessionLine)]
        else:
            lines = list(session.lines)
        try:
            result = calculate_units(lines, self.unit_rule.method)
        except ValidationError as error:
            units.update(error.message)
            return
        if not result.units:
            units.update("")
            return
        parts = ", ".join(f"{code} ×{n}" for code, n in result.units.items())
        units.update(
            f"{result.total_units} unit{'s' if result.total_units != 1 else ''} "
            f"({result.total_timed_minutes} timed min): {parts}. By the {self.unit_rule.label}"
        )

    # -- actions ---------------------------------------------------------------------------
    @on(Button.Pressed, "#add-line")
    def action_add_line(self) -> None:
        row = CodeLineRow()
        self.query_one("#code-rows", Vertical).mount(row)
        self.call_after_refresh(lambda: row.query_one(".code", Input).focus())
        self.call_after_refresh(self.validate)

    @on(Button.Pressed, ".remove")
    async def _remove_line(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, CodeLineRow))
        await row.remove()
        if not self.query(CodeLineRow):
            await self.query_one("#code-rows", Vertical).mount(CodeLineRow())
        self.validate()


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def _pain_input(widget_id: str, value: int | None) -> Input:
    return Input(
        _opt(value),
        placeholder="0-10",
        id=widget_id,
        max_length=2,
        type="integer",
        compact=True,
    )
