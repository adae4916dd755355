"""The session form: log or edit one visit (a base_form.Form).

Validates as you type with the model's own checks (model.py, actions.sessions.check_lines;
units from billing.units, meanings from billing.catalogue): each message appears next to its
field, Save stays disabled while anything is invalid. A new visit's form hands `submit` the
Session to add; an edit's form only the fields changed since it opened (`base`), so a change
made elsewhere meanwhile to another field is kept. It opens on Date.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from floortrack.actions.edits import changed_fields
from floortrack.actions.sessions import check_lines
from floortrack.billing import catalogue, plans
from floortrack.billing.plans import UnitRule
from floortrack.billing.units import calculate_units
from floortrack.model import (
    MAX_MINUTES,
    VISIT_TYPES,
    Session,
    SessionLine,
    ValidationError,
    check_procedure_code,
)
from floortrack.tui.dialogs.base_form import Check, Form, Submit, date_check, show_text, whole

# What the form hands back: a new visit, or an edit's changed fields.
VisitResult = Session | dict[str, Any]
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
        yield Input(
            self._code,
            placeholder="code",
            classes="code",
            max_length=8,
            compact=True,
            validators=[Check(check_procedure_code)],
        )
        yield Input(
            self._minutes,
            placeholder="min",
            classes="minutes",
            max_length=4,
            compact=True,
            validators=[whole("minutes", 1, MAX_MINUTES)],
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
        show_text(meaning, text)
        meaning.set_class(error, "-error")


class SessionForm(Form[VisitResult, Session]):
    CSS_PATH = "session_form.tcss"
    # A short terminal (80x24) drops the blank lines between fields so Save stays in view.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    # Date has the focus from the start: Textual's default gives it to the first focusable
    # widget (the scrolling body) and on_mount then moved it, restyling the whole form twice.
    AUTO_FOCUS = "#date"

    # Escape and ctrl+s come from Form (listed first, as before).
    BINDINGS = [Binding("ctrl+n", "add_line", "Add code")]
    FIELDS = ("date", "provider", "visit_type", "symptoms", "note")

    def __init__(
        self,
        session: Session | None,
        *,
        providers: list[str],
        today: date,
        submit: Submit[VisitResult, Session] | None = None,
        unit_rule: UnitRule | None = None,
    ) -> None:
        super().__init__(submit)
        self.session = session  # the base of an edit: the visit as it was when opened
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
                        validators=[date_check("date", self.today, required="type the date")],
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
            yield Static("", id="form-error", classes="error")
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
        self.touched.update(("date", "lines"))  # what the form opens with is checked at once
        self.check_on_mount()
        self.query_one("#date", Input).focus()

    # -- validation ------------------------------------------------------------------------
    def build(self) -> tuple[VisitResult | None, dict[str, str]]:
        """The new visit (or an edit's changed fields), or per field what is wrong."""
        boxes = self.query("#form-body > .field Input, #pain-row Input").results(Input)
        errors = self.field_errors(boxes)
        if "pain_before" in errors or "pain_after" in errors:
            errors["pain"] = errors.pop("pain_before", "") or errors.pop("pain_after")
        lines: list[SessionLine] = []
        for row in self.query(CodeLineRow):
            line = self._row_line(row)
            if isinstance(line, SessionLine):
                lines.append(line)
            elif line:
                errors.setdefault("lines", line)
        if "lines" not in errors:
            try:
                check_lines(tuple(lines))  # a code is needed; a timed code needs its minutes
            except ValidationError as error:
                errors["lines"] = error.message
        if errors:
            return None, errors
        select = self.query_one("#visit_type", Select)
        try:
            session = Session(
                date=self.parsed("date"),
                provider=self.text("provider"),
                visit_type=str(select.value),
                lines=tuple(lines),
                pain_before=self.parsed("pain_before"),
                pain_after=self.parsed("pain_after"),
                symptoms=self.text("symptoms"),
                note=self.text("note"),
            ).validate_for_entry(self.today)
        except ValidationError as error:
            return None, {error.field or "note": error.message}
        if self.session is None:
            return session, {}
        return changed_fields(self.session, session), {}

    def nothing_to_save(self, result: VisitResult) -> bool:
        return isinstance(result, dict) and not result

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
        for box in row.query(Input):  # the code's own problem first, then its minutes
            checked = box.validate(box.value)
            if checked is not None and not checked.is_valid:
                message = checked.failure_descriptions[0]
                row.show(message, True)
                return message
        line = SessionLine(code, self.parsed("", row.query_one(".minutes", Input)))
        row.show(code_meaning(line.code), False)
        return line

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors({k: v for k, v in errors.items() if k not in ("pain", "lines")})
        pain_error = self.query_one("#pain-error", Static)
        show_text(pain_error, errors.get("pain", ""))
        pain_error.display = "pain" in errors

    def show_extra(self, result: VisitResult | None, errors: dict[str, str]) -> None:
        self._show_units(errors.get("lines", ""))

    def _show_units(self, lines_error: str) -> None:
        units = self.query_one("#units", Static)
        units.set_class(bool(lines_error), "-error")
        if lines_error:
            # The row itself says what is wrong; here only the consequence.
            show_text(
                units,
                lines_error
                if "at least one code" in lines_error or "is timed" in lines_error
                else "fix the code lines above to see the units",
            )
            return
        rows = list(self.query(CodeLineRow))
        lines = [x for x in (self._row_line(r) for r in rows) if isinstance(x, SessionLine)]
        try:
            result = calculate_units(lines, self.unit_rule.method)
        except ValidationError as error:
            show_text(units, error.message)
            return
        if not result.units:
            show_text(units, "")
            return
        parts = ", ".join(f"{code} ×{n}" for code, n in result.units.items())
        show_text(
            units,
            f"{result.total_units} unit{'s' if result.total_units != 1 else ''} "
            f"({result.total_timed_minutes} timed min): {parts}. By the {self.unit_rule.label}",
        )

    # -- actions ---------------------------------------------------------------------------
    @on(Button.Pressed, "#add-line")
    def action_add_line(self) -> None:
        row = CodeLineRow()
        self.query_one("#code-rows", Vertical).mount(row)
        self.call_after_refresh(lambda: row.query_one(".code", Input).focus())
        self.call_after_refresh(self.check)

    @on(Button.Pressed, ".remove")
    async def _remove_line(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, CodeLineRow))
        await row.remove()
        if not self.query(CodeLineRow):
            await self.query_one("#code-rows", Vertical).mount(CodeLineRow())
        self.check()


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def _pain_input(widget_id: str, value: int | None) -> Input:
    what = widget_id.replace("_", " ")
    return Input(
        _opt(value),
        placeholder="0-10",
        id=widget_id,
        max_length=4,
        compact=True,
        validators=[whole(widget_id, 0, 10, what)],
    )
