"""The claim update form (a base_form.Form): what the patient learned about a claim.

Its new status (only the moves billing.lifecycle allows from where it is now), the date, the
EOB amounts, denial codes (with completion from the catalogue's adjustment reasons, each
explained as typed) and a note. It hands `submit` a `ClaimUpdate`: only the fields changed
since the form opened, and the status (actions.claims.update_claim applies both, on the claim
as it is in the file). An impossible move or date is shown inline before saving. A note with
the status unchanged is added to the claim's note, never as a second status line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
    parse_money,
)
from floortrack.tui.dialogs.base_form import Check, Submit, date_check, each
from floortrack.tui.dialogs.claim_form import FORM_CSS, ClaimForm, form_row
from floortrack.tui.format import fmt_date, status_label

AMOUNTS: tuple[tuple[str, str, str], ...] = (
    ("allowed", "Allowed", "what the plan allows for the services"),
    ("paid", "Plan paid", "what the plan paid the clinic"),
    ("patient_owes", "You owe", "patient responsibility on the EOB"),
    ("deductible", "Deductible", "part of what you owe"),
    ("copay", "Copay", "part of what you owe"),
    ("coinsurance", "Coinsurance", "part of what you owe"),
)


def _money_of(name: str) -> Callable[[str], object]:
    """model.parse_money for one named amount (its messages name the field)."""
    return lambda text: parse_money(text, name)


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


@dataclass(frozen=True)
class ClaimUpdate:
    """update_claim's arguments: the changed fields, and the status with its date and note
    (status None: unchanged, with no note)."""

    changes: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    on: date | None = None
    status_note: str = ""


class ClaimUpdateDialog(ClaimForm[ClaimUpdate, Claim]):
    """Hands `submit` a ClaimUpdate; dismisses with the saved Claim (None: cancelled)."""

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

    def __init__(
        self, claim: Claim, today: date, submit: Submit[ClaimUpdate, Claim] | None = None
    ) -> None:
        super().__init__(submit)
        self.claim = claim  # the base of the edit: the claim as it was when opened
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
                    "On (date)",
                    Input(
                        self.today.isoformat(),
                        id="on",
                        compact=True,
                        validators=[date_check("on", required="type the date of the news")],
                    ),
                    "on",
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
                            validators=[Check(_money_of(name))],
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
                        validators=[each(check_denial_code)],
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
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()
        self.check()

    def build(self) -> tuple[ClaimUpdate | None, dict[str, str]]:
        errors = self.field_errors()
        explained = [catalogue.explain(code).summary for code in self.parsed("denial") or ()]
        self.query_one("#denial-explained", Static).update("\n".join(explained))
        if errors:
            return None, errors
        claim = self.claim
        changes: dict[str, Any] = {}
        for name, _label, _hint in AMOUNTS:
            value = self.parsed(name)
            if value != getattr(claim, name):
                changes[name] = value
        codes = tuple(dict.fromkeys(self.parsed("denial") or ()))
        if codes != claim.denial_codes:
            changes["denial_codes"] = codes
        selected = self.query_one("#status", Select).value
        status = selected if isinstance(selected, str) else self.current
        note = self.text("note").strip()
        on_day: date = self.parsed("on")
        if status != self.current:
            try:
                # Billing's decision, shown before saving: lifecycle refuses impossible moves
                # and dates (before the last change, in the future) with the reason.
                lifecycle.change_status(claim, status, on_day, note, self.today)
            except ValidationError as error:
                return None, {error.field or "form": error.message}
            return ClaimUpdate(changes, status, on_day, note), {}
        # Status unchanged: a note is added to the claim's note (no second status line).
        return ClaimUpdate(changes, self.current if note else None, None, note), {}

    def nothing_to_save(self, result: ClaimUpdate) -> bool:
        return not result.changes and result.status is None
