"""Log a call about a claim: ModalScreen[Call | None] (claim_money_form's save flow).

Who (the claim's payer unless changed), the representative, the call's reference number,
the day (today unless changed), a day to check back by, and what was said; checked as typed
by model.Call. Save hands the call to the screen, which adds it with actions/calls.py."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from floortrack.model import Call, ValidationError, parse_date
from floortrack.tui.dialogs.claim_form import form_row
from floortrack.tui.dialogs.claim_money_form import ClaimMoneyForm
from floortrack.tui.format import fmt_date


class CallForm(ClaimMoneyForm[Call]):
    """Dismisses with the call once saved, or None when cancelled."""

    FIELDS = ("with_whom", "rep", "reference", "on", "follow_up", "note")

    def compose(self) -> ComposeResult:
        claim = self.claim
        number = claim.claim_number or f"#{claim.id}"
        with Vertical(id="form"):
            yield Label(f"Log a call — {claim.payer} claim {number}", id="form-title", markup=False)
            yield Static(
                f"Visits {', '.join(fmt_date(d) for d in claim.service_dates)}. The call is "
                "listed with the claim, cited in its appeal letter, and a follow-up date "
                "comes back under Overview's needs attention.",
                id="claim-summary",
                markup=False,
            )
            with VerticalScroll(id="form-body"):
                yield from form_row(
                    "With", Input(claim.payer, id="with_whom", compact=True), "with_whom"
                )
                yield from form_row(
                    "Representative",
                    Input(placeholder="their name", id="rep", compact=True),
                    "rep",
                )
                yield from form_row(
                    "Reference",
                    Input(placeholder="the call's reference number", id="reference", compact=True),
                    "reference",
                )
                yield from form_row(
                    "Call date", Input(self.today.isoformat(), id="on", compact=True), "on"
                )
                yield from form_row(
                    "Follow up by",
                    Input(placeholder="YYYY-MM-DD (optional)", id="follow_up", compact=True),
                    "follow_up",
                )
                yield from form_row(
                    "What was said",
                    Input(placeholder="e.g. it will be reprocessed", id="note", compact=True),
                    "note",
                )
                yield Static("", id="effect")
            yield Static("", id="form-error")
            yield Static("", id="form-status")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#rep", Input).focus()

    def build_effect(self) -> tuple[Call | None, dict[str, str], str]:
        errors: dict[str, str] = {}
        on = follow_up = None
        try:
            on = parse_date(self.text("on"), "on")
        except ValidationError as error:
            errors["on"] = error.message
        follow_text = self.text("follow_up").strip()
        if follow_text:
            try:
                follow_up = parse_date(follow_text, "follow_up")
            except ValidationError as error:
                errors["follow_up"] = error.message
        if not self.text("note").strip():
            errors["note"] = "Write what was said or agreed"
        if errors or on is None:
            return None, errors, ""
        try:
            call = Call(
                self.text("with_whom"),
                on,
                self.text("note"),
                self.claim.id,
                self.text("rep"),
                self.text("reference"),
                follow_up,
            ).validate_for_entry(self.today)
        except ValidationError as error:
            return None, {error.field or "form": error.message}, ""
        effect = (
            f"You will be reminded to check back on {follow_up.isoformat()}." if follow_up else ""
        )
        return call, {}, effect
