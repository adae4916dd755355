"""The claim update form: ModalScreen[Claim | None].

What the patient learned about a claim: its new status (only the moves billing.lifecycle
allows from where it is now), the date, the EOB amounts, denial codes (with completion from
the catalogue's adjustment reasons, each explained as typed) and a note. Saving goes through
billing.lifecycle.change_status, so an impossible move or date is refused with the reason
shown inline, and the status history is kept.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Select, Static

from floortrack.billing import catalogue, lifecycle
from floortrack.model import (
    CLAIM_STATUSES,
    Claim,
    ValidationError,
    check_denial_code,
    parse_date,
    parse_money,
)
from floortrack.tui.dialogs.claim_form import FORM_CSS, FormDialog, form_row, split_tokens
from floortrack.tui.format import fmt_date, status_label

AMOUNTS: tuple[tuple[str, str, str], ...] = (
    ("allowed", "Allowed", "what the plan allows for the services"),
    ("paid", "Plan paid", "what the plan paid the clinic"),
    ("patient_owes", "You owe", "patient responsibility on the EOB"),
    ("deductible", "Deductible", "part of what you owe"),
    ("copay", "Copay", "part of what you owe"),
    ("coinsurance", "Coinsurance", "part of what you owe"),
)


class DenialCodeSuggester(Suggester):
    """Completes the last code typed: 'co-9' -> 'CO-96', '97' -> 'CO-97', 'pr' -> 'PR-1'."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        token = last.strip().upper()
        if not token:
            return None
        completed = complete_denial_code(token)
        if completed is None or completed == token:
            return None
        return f"{head} {completed}" if head else completed


def _carcs() -> list[str]:
    return [e.code for e in catalogue.all_entries() if e.kind == "carc"]


def complete_denial_code(token: str) -> str | None:
    """The first catalogue adjustment code the typed start could be (None if none)."""
    token = token.upper()
    m = re.fullmatch(r"(CO|PR|OA|PI|CR)-?([A-Z0-9]*)", token)
    if m:
        group, reason = m.group(1), m.group(2)
        match = next((c for c in _carcs() if c.startswith(reason)), None)
        return f"{group}-{match}" if match else None
    if token.isdigit():  # a bare reason: the contractual group is by far the most common
        match = next((c for c in _carcs() if c.startswith(token)), None)
        return f"CO-{match}" if match else None
    return None


class ClaimUpdateDialog(FormDialog):
    """Dismisses with the updated (unsaved) Claim, or None when cancelled."""

    DEFAULT_CSS = (
        "ClaimUpdateDialog {"
        + FORM_CSS
        + """
    & #claim-summary {
        color: $text-muted;
        width: 1fr;
    }
    & #denial-explained {
        height: auto;
        padding-left: 16;
    }
    }
    """
    )
    FIELDS = ("status", "on", *(name for name, _, _ in AMOUNTS), "denial", "note")

    def __init__(self, claim: Claim, today: date) -> None:
        super().__init__()
        self.claim = claim
        self.today = today
        self.current = lifecycle.current_status(claim)

    def status_options(self) -> list[tuple[str, str]]:
        """The current status (recorded again, e.g. "still in process") and every allowed
        next status, in the usual order."""
        options = [(f"{status_label(self.current)} (no change)", self.current)]
        options += [
            (status_label(s), s)
            for s in CLAIM_STATUSES
            if s != self.current and lifecycle.can_move(self.current, s)
        ]
        return options

    def compose(self) -> ComposeResult:
        claim = self.claim
        with Vertical(id="form"):
            yield Label(
                f"Update claim {claim.id or ''} — {claim.payer}", id="form-title", markup=False
            )
            yield Static(
                f"Visits {', '.join(fmt_date(d) for d in claim.service_dates)} · now "
                f"{status_label(self.current)}"
                + (
                    " (closed is final: only amounts and notes can change)"
                    if self.current == "closed"
                    else ""
                ),
                id="claim-summary",
            )
            with VerticalScroll(id="form-body"):
                yield from form_row(
                    "Status",
                    Select(
                        self.status_options(),
                        value=self.current,
                        allow_blank=False,
                        id="status",
                        compact=True,
                    ),
                    "status",
                )
                yield from form_row(
                    "On (date)", Input(self.today.isoformat(), id="on", compact=True), "on"
                )
                for name, label, placeholder in AMOUNTS:
                    value = getattr(claim, name)
                    yield from form_row(
                        label,
                        Input(
                            "" if value is None else f"{value:.2f}",
                            placeholder=placeholder,
                            id=name,
                            compact=True,
                        ),
                        name,
                    )
                yield from form_row(
                    "Denial codes",
                    Input(
                        " ".join(claim.denial_codes),
                        placeholder="from the EOB, e.g. CO-97 PR-204 N115",
                        id="denial",
                        compact=True,
                        suggester=DenialCodeSuggester(),
                    ),
                    "denial",
                )
                yield Static("", id="denial-explained")
                yield from form_row(
                    "Note",
                    Input(
                        placeholder="what you were told, a reference number…",
                        id="note",
                        compact=True,
                    ),
                    "note",
                )
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()
        self.validate()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self.touched.add(event.input.id or "")
        self.validate()

    @on(Select.Changed)
    def _status_changed(self) -> None:
        self.touched.add("status")
        self.validate()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def build(self) -> tuple[Claim | None, dict[str, str]]:
        errors: dict[str, str] = {}
        status = self.query_one("#status", Select).value
        status = status if isinstance(status, str) else self.current
        on_day: date | None = None
        try:
            on_day = parse_date(self._value("on"), "on")
        except ValidationError as error:
            errors["on"] = error.message
        amounts: dict[str, Decimal | None] = {}
        for name, _label, _hint in AMOUNTS:
            text = self._value(name).strip()
            try:
                amounts[name] = parse_money(text, name) if text else None
            except ValidationError as error:
                errors[name] = error.message
        codes: list[str] = []
        explained = []
        for token in split_tokens(self._value("denial")):
            try:
                code = check_denial_code(token)
            except ValidationError as error:
                errors["denial"] = error.message
                break
            codes.append(code)
            explained.append(catalogue.explain(code).summary)
        self.query_one("#denial-explained", Static).update("\n".join(explained))
        if errors or on_day is None:
            return None, errors
        note = self._value("note")
        claim = self.claim
        try:
            # The move itself is billing's decision: lifecycle refuses impossible moves and
            # dates (before the last change, in the future) with the reason we show.
            if status != self.current or note.strip():
                claim = lifecycle.change_status(claim, status, on_day, note.strip(), self.today)
            claim = replace(
                claim,
                denial_codes=tuple(dict.fromkeys(codes)),
                allowed=amounts["allowed"],
                paid=amounts["paid"],
                patient_owes=amounts["patient_owes"],
                deductible=amounts["deductible"],
                copay=amounts["copay"],
                coinsurance=amounts["coinsurance"],
            )
        except ValidationError as error:
            return None, {error.field or "form": error.message}
        return claim, {}
