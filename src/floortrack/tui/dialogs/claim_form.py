"""The new-claim form (a base_form.Form): hands `submit` the values for actions.claims.add_claim.

The patient picks the visits the claim is for (from visits no claim covers yet); that fills in
the service dates and the units per code from the minutes they logged (billing.units, with the
unit method of the payer's plan). Typing service dates picks the visits on those dates.
Every value is checked as it is typed with the model's own parsers; Save stays disabled until
the whole claim is valid. "Submitted on" may stay empty: the action then assumes the last
service date (and the confirmation says so); a date before the visit is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

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
from floortrack.tui.dialogs.base_form import Check, Form, Submit, date_check, each, split_tokens
from floortrack.tui.format import fmt_date, fmt_lines

ResultT = TypeVar("ResultT")
SavedT = TypeVar("SavedT")

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
    & #form-status {
        color: $text-muted;
        height: auto;
        width: 1fr;
    }
    & #form-status.-problem {
        color: $error;
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


class ClaimForm(Form[ResultT, SavedT]):
    """The layout the claim forms share (FORM_CSS, form_row): a message per field once it is
    touched, every message after a save attempt, Save disabled until valid."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (38, "-tall")]


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


class ClaimFormDialog(ClaimForm[dict[str, Any], Claim]):
    """Hands `submit` add_claim's values; dismisses with the saved Claim (None: cancelled)."""

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
        submit: Submit[dict[str, Any], Claim] | None = None,
    ) -> None:
        super().__init__(submit)
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
                    Input(
                        placeholder="2026-03-02 2026-03-05",
                        id="service_date",
                        compact=True,
                        validators=[
                            each(
                                lambda t: parse_date(t, "service_date"),
                                required="Pick a visit above, or type the service date(s).",
                            )
                        ],
                    ),
                    "service_date",
                )
                yield from form_row(
                    "Payer",
                    Input(
                        placeholder="your insurer, e.g. Blue Cross",
                        id="payer",
                        compact=True,
                        suggester=SuggestFromList(self.payers, case_sensitive=False),
                        validators=[
                            Check(
                                str.strip,
                                required="Who was billed? Type the insurance company's name.",
                            )
                        ],
                    ),
                    "payer",
                )
                yield from form_row(
                    "Billed",
                    Input(
                        placeholder="total on the clinic's bill, e.g. 240.00",
                        id="billed",
                        compact=True,
                        validators=[
                            Check(
                                lambda t: parse_money(t, "billed"),
                                required="Type the amount billed, from the clinic's bill or "
                                "the EOB.",
                            )
                        ],
                    ),
                    "billed",
                )
                yield from form_row(
                    "Units per code",
                    Input(
                        placeholder="97110:2 97140:1",
                        id="units",
                        compact=True,
                        validators=[each(_claim_line)],
                    ),
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
                    Input(
                        placeholder="empty: the last service date",
                        id="submitted",
                        compact=True,
                        validators=[date_check("submitted", self.today, "A submission date")],
                    ),
                    "submitted",
                )
                yield from form_row(
                    "Note", Input(placeholder="optional", id="note", compact=True), "note"
                )
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save claim", id="save", variant="primary", disabled=True)

    def on_mount(self) -> None:
        if self.pickable:
            self.query_one("#sessions", SelectionList).focus()
        else:
            self.query_one("#service_date", Input).focus()
        self.check()

    # -- keeping visits, dates and units in step ------------------------------------------

    def _typed_dates(self) -> set[date]:
        dates = set()
        for token in split_tokens(self.text("service_date")):
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

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        # Form checks the whole claim after this (its own Input.Changed handler).
        name = event.input.id or ""
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

    def build(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        """add_claim's values, or the messages that keep the form from being a claim."""
        errors = self.field_errors()
        if errors:
            return None, errors
        dates: list[date] = self.parsed("service_date")
        lines: list[ClaimLine] = self.parsed("units") or []
        try:  # the claim's own rules (payer, dates), for a clear message as it is typed
            Claim(
                service_dates=tuple(dates), payer=self.text("payer"), billed=self.parsed("billed")
            ).validate_for_entry(self.today)
        except ValidationError as error:
            return None, {error.field or "form": error.message}
        chosen = self._chosen_sessions()
        return {
            "service_dates": tuple(dates),
            "payer": self.text("payer"),
            "billed": self.parsed("billed"),
            "claim_number": self.text("claim_number"),
            "units": tuple(lines),
            # picked visits; none picked: the action links the visits on the dates
            "session_ids": tuple(s.id for s in chosen if s.id is not None and s.date in dates),
            "submitted": self.parsed("submitted"),
            "note": self.text("note"),
        }, {}


def _claim_line(token: str) -> ClaimLine:
    try:
        return ClaimLine.parse(token)
    except ValidationError as error:
        raise ValidationError(
            f"{error.message} (write CODE:UNITS, e.g. 97110:2)", error.field
        ) from None
