"""Correct a claim after it was entered (the `x` key on Claims): its units (with modifiers,
97140-GP-59:1), the amount billed, the claim number, the EOB adjustments (CO-45:60.00), and a
mistaken status through the correction trail (the original entry stays in the history).

A FieldForm: the values are checked by the model and by billing.lifecycle as you type; Save
sends only the fields that changed to actions.claims.update_claim (with the claim the form
started from, so a change made elsewhere is kept or asked about) and a status correction to
actions.claims.correct_claim."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from floortrack.billing import lifecycle
from floortrack.model import (
    CLAIM_STATUSES,
    Adjustment,
    Claim,
    ClaimLine,
    ValidationError,
    parse_date,
    parse_money,
)
from floortrack.tui.dialogs.field_form import Field, FieldForm
from floortrack.tui.format import fmt_date, status_label


@dataclass(frozen=True)
class Correction:
    """What the form asks for: changed fields, and/or one history entry corrected."""

    changes: dict[str, Any] = field(default_factory=dict)
    entry: int | None = None
    status: str = ""
    on: date | None = None
    note: str = ""


def lines_text(claim: Claim) -> str:
    return " ".join(str(line) for line in claim.lines)


def adjustment_text(adjustment: Adjustment) -> str:
    on_line = f":{adjustment.code}" if adjustment.code else ""
    return f"{adjustment.carc}:{adjustment.amount:.2f}{on_line}"


def adjustments_text(claim: Claim) -> str:
    return " ".join(adjustment_text(a) for a in claim.adjustments)


def _tokens(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").replace(";", " ").split() if t]


def parse_lines(text: str, old: tuple[ClaimLine, ...]) -> tuple[ClaimLine, ...]:
    """'97110:2 97140-GP-59:1' -> lines; a line billed before with the same code and
    modifiers keeps its per-line EOB amounts."""
    kept = {line.coded: line for line in old}
    lines = []
    for token in _tokens(text):
        line = ClaimLine.parse(token)
        before = kept.get(line.coded)
        lines.append(replace(before, units=line.units) if before is not None else line)
    return tuple(lines)


def build_correction(
    claim: Claim, values: dict[str, str], initial: dict[str, str], today: date
) -> Correction:
    """The correction these form values describe; ValidationError says what is wrong."""
    changes: dict[str, Any] = {}
    if values["claim_number"].strip() != initial["claim_number"].strip():
        changes["claim_number"] = values["claim_number"].strip()
    if values["billed"].strip() != initial["billed"].strip():
        changes["billed"] = parse_money(values["billed"].strip().lstrip("$"), "billed")
    if _tokens(values["units"]) != _tokens(initial["units"]):
        changes["lines"] = parse_lines(values["units"], claim.lines)
    if _tokens(values["adjustment"]) != _tokens(initial["adjustment"]):
        changes["adjustments"] = tuple(Adjustment.parse(t) for t in _tokens(values["adjustment"]))
    candidate = replace(claim, **changes) if changes else claim  # the model checks each field
    entry: int | None = None
    status, day, note = values["status"], None, values["note"].strip()
    if values["entry"]:
        entry = int(values["entry"])
        if not status:
            raise ValidationError("choose the status this entry should have said", "status")
        row = next(r for r in lifecycle.effective_history(claim) if r.index == entry)
        day = parse_date(values["on"], "on") if values["on"].strip() else row.on
        if (status, day) == (row.status, row.on):
            raise ValidationError("that is what the entry already says", "status")
        lifecycle.correct_status(candidate, entry, status, day, note, today)  # fits? (raises)
    elif status or values["on"].strip():
        raise ValidationError("pick the history entry to correct first", "entry")
    if not changes and entry is None:
        raise ValidationError(
            "nothing to change yet: edit a field, or pick a history entry to correct", ""
        )
    return Correction(changes, entry, status, day, note)


def entry_options(claim: Claim) -> tuple[tuple[str, str], ...]:
    rows = lifecycle.effective_history(claim)
    options = [("No status correction", "")]
    for row in reversed(rows):  # the newest (most likely mistaken) first
        options.append((f"{fmt_date(row.on)}  {status_label(row.status)}", str(row.index)))
    return tuple(options)


STATUS_OPTIONS: tuple[tuple[str, str], ...] = (
    ("—", ""),
    *((status_label(s), s) for s in CLAIM_STATUSES),
)


def correct_form(
    claim: Claim, today: date, on_save: Callable[[Correction], Awaitable[str | None]]
) -> FieldForm[Correction]:
    fields = (
        Field("claim_number", "Claim number", claim.claim_number, "as on the EOB"),
        Field("billed", "Billed", f"{claim.billed:.2f}", "e.g. 240.00"),
        Field(
            "units",
            "Units",
            lines_text(claim),
            "e.g. 97110:2 97140-GP-59:1",
            hint="CODE-MODIFIERS:UNITS, separated by spaces.",
        ),
        Field(
            "adjustment",
            "Adjustments",
            adjustments_text(claim),
            "e.g. CO-45:60.00 PR-2:20.00",
            hint="GROUP-REASON:AMOUNT from the EOB (CO-45:60.00), separated by spaces.",
        ),
        Field("entry", "Correct entry", "", options=entry_options(claim)),
        Field("status", "It should say", "", options=STATUS_OPTIONS),
        Field("on", "On", "", "blank: the entry's own date"),
        Field("note", "Why", "", "e.g. the EOB was for another claim"),
    )
    intro = (
        "Change what was entered wrong. A corrected status keeps the original entry in the "
        "history, marked as corrected."
    )
    form: FieldForm[Correction]

    def build(values: dict[str, str]) -> Correction:
        return build_correction(claim, values, form.initial, today)

    form = FieldForm(
        f"Correct claim {claim.id} · {claim.payer}",
        fields,
        build,
        on_save,
        intro=intro,
        save_label="Save correction",
    )
    return form
