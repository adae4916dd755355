"""The new-claim form: ModalScreen[Claim | None].

The patient picks the visits the claim is for (from visits no claim covers yet); that fills in
the service dates and the units per code from the minutes they logged (billing.units, with the
unit method of the payer's plan). Typing service dates picks the visits on those dates.
Every value is checked as it is typed with the model's own parsers; Save stays disabled until
the whole claim is valid, and escape cancels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from floortrack.billing import audit, linking, plans
from floortrack.model import (
    Claim,
    ClaimLine,
    Plan,
    Session,
    ValidationError,
    parse_date,
    parse_money,
)
from floortrack.tui.dialogs.base_form import SaveCancelDialog
from floortrack.tui.format import fmt_date, fmt_lines

MAX_PICKABLE = 200  # newest unclaimed visits offered in the picker (older ones: type dates)

METHOD_NAMES = {"cms": "CMS 8-minute rule", "per-code": "per-code rule"}

FORM_CSS = """
    align: center middle;

    & > #form {
        width: 96;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    & #form-title {
        text-style: bold;
        width: 1fr;
    }
    & #form-body {
        height: auto;
    }
    /* On a short terminal the form fills it and its body scrolls, keeping Save in view. */
    &.-short > #form {
        height: 100%;
    }
    &.-short #form-body {
        height: 1fr;
    }
    &.-short .row {
        margin-top: 0;
    }
    & .row {
        height: auto;
        margin-top: 1;
    }
    & .row > Label {
        width: 16;
        padding-right: 1;
    }
    & .row > Input, & .row > Select {
        width: 1fr;
    }
    & .row > Input {
        background: $boost;
    }
    & .row > Input:focus {
        background: $primary 20%;
    }
    & .field-error {
        color: $error;
        height: auto;
        padding-left: 16;
    }
    & .field-hint, & .field-hint-top {
        color: $text-muted;
        height: auto;
        padding-left: 16;
    }
    & #form-error {
        color: $error;
        height: auto;
    }
    & #buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    & #buttons Button {
        margin-left: 2;
    }
"""


def form_row(label: str, widget: Widget, name: str, hint: str = "") -> ComposeResult:
    """A labelled input with its inline error (and an optional hint) beneath."""
    with Horizontal(classes="row", id=f"row-{name}"):
        yield Label(label)
        yield widget
    if hint:
        yield Static(hint, classes="field-hint", id=f"{name}-hint")
    yield Static("", classes="field-error", id=f"{name}-error")


def show_field_errors(
    form: Widget,
    fields: Sequence[str],
    errors: dict[str, str],
    show_all: bool,
    touched: set[str],
) -> None:
    """Each field's message in its row's `#<name>-error` (once the field is touched, or all
    after a save attempt); messages about no listed field go in `#form-error`."""
    general = [message for name, message in errors.items() if name not in fields]
    for name in fields:
        box = form.query_one(f"#{name}-error", Static)
        message = errors.get(name, "") if show_all or name in touched else ""
        box.update(message)
        box.display = bool(message)
    general_box = form.query_one("#form-error", Static)
    general_box.update("\n".join(general))
    general_box.display = bool(general)


class FormDialog(SaveCancelDialog[Claim]):
    """Shared behaviour of the claim forms: inline errors per field, Save gating, keys
    (from SaveCancelDialog). Subclasses implement `build()`."""

    FIELDS: tuple[str, ...] = ()
    VERTICAL_BREAKPOINTS = [(0, "-short"), (38, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        # A field the patient has not reached yet gets no red message (Save still waits for
        # it); a save attempt shows every message.
        self.touched: set[str] = set()
        self.show_all = False

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message next to its field; anything else under the form. Save follows."""
        show_field_errors(self, self.FIELDS, errors, self.show_all, self.touched)
        self.query_one("#save", Button).disabled = bool(errors)

    def build(self) -> tuple[Claim | None, dict[str, str]]:
        """The claim the fields describe, or per field what is wrong."""
        raise NotImplementedError

    def validate(self) -> Claim | None:
        claim, errors = self.build()
        self.show_errors(errors)
        return claim

    def action_save(self) -> None:
        self.show_all = True
        claim = self.validate()
        if claim is not None:
            self.dismiss(claim)


def split_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", text.strip()) if t]


def field_of(error: ValidationError, default: str) -> str:
    return error.field or default


def units_from_sessions(sessions: Iterable[Session], method: str) -> dict[str, int]:
    """Units per code that the logged minutes allow: the rule applied per service date (as
    billing.audit checks a bill), summed over the dates."""
    totals: dict[str, int] = {}
    for result in audit.units_by_date(sessions, method).values():
        for code, units in result.units.items():
            totals[code] = totals.get(code, 0) + units
    return {code: n for code, n in totals.items() if n > 0}


def method_for(payer: str, plan_list: Sequence[Plan]) -> str:
    """The unit method for a payer (billing.plans.unit_rule, the one answer)."""
    return plans.unit_rule(plan_list, payer).method


def session_prompt(session: Session) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(fmt_date(session.date), style="bold")
    text.append(f"  {session.provider or 'clinic not noted'}")
    text.append(f"  {session.visit_type}", style="dim")
    text.append(f"  {fmt_lines(session)}")
    return text


class ClaimFormDialog(FormDialog):
    """Dismisses with a new, valid (unsaved) Claim, or None when cancelled."""

    DEFAULT_CSS = (
        "ClaimFormDialog {"
        + FORM_CSS
        + """
    & #sessions {
        height: auto;
        max-height: 8;
        border: round $primary 40%;
    }
    & #sessions:focus {
        border: round $primary;
    }
    }
    """
    )
    FIELDS = ("service_date", "payer", "billed", "units", "claim_number", "submitted", "note")

    def __init__(
        self,
        unclaimed: Sequence[Session],
        plan_list: Sequence[Plan],
        payers: Sequence[str],
        today: date,
    ) -> None:
        super().__init__()
        self.unclaimed = sorted(unclaimed, key=lambda s: (s.date, s.id or 0), reverse=True)
        self.pickable = self.unclaimed[:MAX_PICKABLE]
        self.plan_list = list(plan_list)
        self.payers = sorted({p.strip() for p in payers if p.strip()}, key=str.casefold)
        self.today = today
        self._units_prefilled = ""  # the units text we wrote; once the user edits, we stop

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label("New claim", id="form-title")
            with VerticalScroll(id="form-body"):
                if self.pickable:
                    yield Static(
                        "Which visits is it for? (space picks; visits no claim covers yet)",
                        classes="field-hint-top",
                    )
                    yield SelectionList[int](
                        *(
                            Selection(session_prompt(s), s.id)
                            for s in self.pickable
                            if s.id is not None
                        ),
                        id="sessions",
                    )
                else:
                    yield Static(
                        "Every logged visit already has a claim: type the service dates.",
                        classes="field-hint-top",
                    )
                yield from form_row(
                    "Service dates",
                    Input(placeholder="2026-03-02 2026-03-05", id="service_date", compact=True),
                    "service_date",
                )
                yield from form_row(
                    "Payer",
                    Input(
                        placeholder="your insurer, e.g. Blue Cross",
                        id="payer",
                        compact=True,
                        suggester=SuggestFromList(self.payers, case_sensitive=False),
                    ),
                    "payer",
                )
                yield from form_row(
                    "Billed",
                    Input(
                        placeholder="total on the clinic's bill, e.g. 240.00",
                        id="billed",
                        compact=True,
                    ),
                    "billed",
                )
                yield from form_row(
                    "Units per code",
                    Input(placeholder="97110:2 97140:1", id="units", compact=True),
                    "units",
                    hint="Filled in from the minutes you logged for the visits you pick.",
                )
                yield from form_row(
                    "Claim number",
                    Input(
                        placeholder="optional, from the EOB or the clinic",
                        id="claim_number",
                        compact=True,
                    ),
                    "claim_number",
                )
                yield from form_row(
                    "Submitted on",
                    Input(self.today.isoformat(), id="submitted", compact=True),
                    "submitted",
                )
                yield from form_row(
                    "Note", Input(placeholder="optional", id="note", compact=True), "note"
                )
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save claim", id="save", variant="primary", disabled=True)

    def on_mount(self) -> None:
        if self.pickable:
            self.query_one("#sessions", SelectionList).focus()
        else:
            self.query_one("#service_date", Input).focus()
        self.validate()

    # -- keeping visits, dates and units in step ------------------------------------------

    def _typed_dates(self) -> set[date]:
        dates = set()
        for token in split_tokens(self._value("service_date")):
            try:
                dates.add(parse_date(token))
            except ValidationError:
                continue  # the field's own error says what is wrong with it
        return dates

    @on(SelectionList.SelectedChanged, "#sessions")
    def _picked(self, event: SelectionList.SelectedChanged[int]) -> None:
        # Visits and dates are kept consistent without flags: whichever side changed, the
        # other is brought in line only if they disagree (so our own echoes change nothing).
        chosen = set(event.selection_list.selected)
        typed = self._typed_dates()
        if chosen != set(linking.sessions_for_dates(self.pickable, typed)):
            picked_days = {s.date for s in self.pickable if s.id in chosen}
            visit_days = {s.date for s in self.pickable}
            days = sorted(picked_days | {d for d in typed if d not in visit_days})
            self.query_one("#service_date", Input).value = " ".join(d.isoformat() for d in days)
        self._prefill_units()
        self.validate()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        self.touched.add(name)
        if name == "service_date" and self.pickable:
            wanted = set(linking.sessions_for_dates(self.pickable, self._typed_dates()))
            picker = self.query_one("#sessions", SelectionList)
            if wanted != set(picker.selected):
                with picker.prevent(SelectionList.SelectedChanged):
                    picker.deselect_all()
                    for session_id in wanted:
                        picker.select(session_id)
                self._prefill_units()
        elif name == "payer":
            self._prefill_units()  # the unit method depends on the payer's plan
        self.validate()

    def _chosen_sessions(self) -> list[Session]:
        if not self.pickable:
            return []
        chosen = set(self.query_one("#sessions", SelectionList).selected)
        return [s for s in self.pickable if s.id in chosen]

    def _prefill_units(self) -> None:
        units_input = self.query_one("#units", Input)
        if units_input.value.strip() and units_input.value != self._units_prefilled:
            return  # the patient typed their own units: never overwrite them
        payer = self.query_one("#payer", Input).value
        rule = plans.unit_rule(self.plan_list, payer or None)
        method = rule.method
        sessions = self._chosen_sessions()
        units = units_from_sessions(sessions, method)
        text = " ".join(f"{code}:{n}" for code, n in units.items())
        self._units_prefilled = text
        units_input.value = text
        hint = self.query_one("#units-hint", Static)
        if sessions:
            hint.update(
                f"From the minutes you logged, by the {rule.label}. "
                "Change them to what the bill says."
            )
        else:
            hint.update("Filled in from the minutes you logged for the visits you pick.")

    # -- validation -----------------------------------------------------------------------

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def build(self) -> tuple[Claim | None, dict[str, str]]:
        """The claim the form describes, or the errors that keep it from being one."""
        errors: dict[str, str] = {}
        dates: list[date] = []
        tokens = split_tokens(self._value("service_date"))
        if not tokens:
            errors["service_date"] = "Pick a visit above, or type the service date(s)."
        for token in tokens:
            try:
                dates.append(parse_date(token, "service_date"))
            except ValidationError as error:
                errors["service_date"] = error.message
                break
        if not self._value("payer").strip():
            errors["payer"] = "Who was billed? Type the insurance company's name."
        billed = None
        if not self._value("billed").strip():
            errors["billed"] = "Type the amount billed, from the clinic's bill or the EOB."
        else:
            try:
                billed = parse_money(self._value("billed"), "billed")
            except ValidationError as error:
                errors["billed"] = error.message
        lines: list[ClaimLine] = []
        for token in split_tokens(self._value("units")):
            try:
                lines.append(ClaimLine.parse(token))
            except ValidationError as error:
                errors["units"] = f"{error.message} (write CODE:UNITS, e.g. 97110:2)"
                break
        submitted = None
        if self._value("submitted").strip():
            try:
                submitted = parse_date(self._value("submitted"), "submitted")
            except ValidationError as error:
                errors["submitted"] = error.message
        if errors:
            return None, errors
        chosen = self._chosen_sessions()
        session_ids = tuple(s.id for s in chosen if s.id is not None and s.date in dates)
        if not session_ids:  # typed dates: link the logged visits on them (as `claim add` does)
            session_ids = linking.sessions_for_dates(self.unclaimed, dates)
        try:
            claim = Claim(
                service_dates=tuple(dates),
                payer=self._value("payer"),
                billed=billed,  # type: ignore[arg-type]
                claim_number=self._value("claim_number"),
                submitted=submitted,
                lines=tuple(lines),
                session_ids=session_ids,
                note=self._value("note"),
            ).validate_for_entry(self.today)
        except ValidationError as error:
            return None, {field_of(error, "form"): error.message}
        return claim, {}
