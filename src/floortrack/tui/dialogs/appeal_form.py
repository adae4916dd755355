"""The appeal form: an appeal of a denial or its outcome (hands `submit` the Appeal).

Level, filed date, outcome, decided date and a note, each checked as typed (model.Appeal,
billing.claim_money). What saving does to the claim is billing's decision, the same function
`floortrack claim appeal` uses: a new appeal moves a denied claim to appealed, an outcome
moves it on (won: paid, partial: partially paid, lost: denied, withdrawn: closed). Before
saving, the form says which move that will be; an impossible one (a paid claim cannot be
appealed) is shown instead, and Save stays disabled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from floortrack.billing import claim_money, lifecycle
from floortrack.model import (
    APPEAL_OUTCOMES,
    Appeal,
    ValidationError,
    parse_date,
)
from floortrack.tui.dialogs.base_form import Check, date_check, whole
from floortrack.tui.dialogs.claim_form import form_row
from floortrack.tui.dialogs.claim_money_form import ClaimMoneyForm
from floortrack.tui.format import fmt_date, status_label

OUTCOME_NAMES: dict[str, str] = {
    "pending": "pending — waiting for the decision",
    "won": "won — the plan pays",
    "partial": "partial — the plan pays part",
    "lost": "lost — the denial stands",
    "withdrawn": "withdrawn — you dropped it",
}


def appeal_line(appeal: Appeal) -> str:
    decided = f", decided {fmt_date(appeal.decided)}" if appeal.decided else ""
    return f"level {appeal.level} filed {fmt_date(appeal.filed)}: {appeal.outcome}{decided}"


class AppealForm(ClaimMoneyForm[Appeal]):
    """Dismisses with the claim once the appeal is saved, or None when cancelled."""

    FIELDS = ("level", "filed", "outcome", "decided", "note")
    # Choosing an outcome is what makes a decision date needed: say so straight away.
    ALSO_TOUCHES = {"outcome": ("decided",)}

    def _defaults(self) -> tuple[int, str, str, str]:
        """Level, filed, outcome, decided to start from: the pending appeal (its outcome is
        what usually comes next), else a new appeal filed today."""
        level = claim_money.pick_level(self.claim)
        known = next((a for a in reversed(self.claim.appeals) if a.level == level), None)
        if known is None:
            return level, self.today.isoformat(), "pending", ""
        decided = known.decided.isoformat() if known.decided else ""
        return level, known.filed.isoformat(), known.outcome, decided

    def compose(self) -> ComposeResult:
        claim = self.claim
        level, filed, outcome, decided = self._defaults()
        summary = (
            f"Visits {', '.join(fmt_date(d) for d in claim.service_dates)} · now "
            f"{status_label(lifecycle.current_status(claim))}"
        )
        if claim.appeals:
            summary += "\nAppeals so far: " + "; ".join(appeal_line(a) for a in claim.appeals)
        with Vertical(id="form"):
            yield Label(
                f"Record an appeal — claim {claim.id or ''}, {claim.payer}",
                id="form-title",
                markup=False,  # the payer is the patient's text
            )
            yield Static(summary, id="claim-summary")
            with VerticalScroll(id="form-body"):
                yield from form_row(
                    "Level",
                    Input(
                        str(level),
                        id="level",
                        compact=True,
                        validators=[whole("level", 1, 5, "appeal level", "Type the level, 1-5")],
                    ),
                    "level",
                    hint="1 = first appeal; an existing level is updated (its outcome)",
                )
                yield from form_row(
                    "Filed on (date)",
                    Input(
                        filed,
                        id="filed",
                        compact=True,
                        validators=[Check(self._filed, required="Type the date you filed it")],
                    ),
                    "filed",
                )
                yield from form_row(
                    "Outcome",
                    Select(
                        [(OUTCOME_NAMES[o], o) for o in APPEAL_OUTCOMES],
                        value=outcome,
                        allow_blank=False,
                        id="outcome",
                        compact=True,
                    ),
                    "outcome",
                )
                yield from form_row(
                    "Decided on",
                    Input(
                        decided,
                        placeholder="date of the decision letter, e.g. 2026-03-14",
                        id="decided",
                        compact=True,
                        validators=[date_check("decided")],
                    ),
                    "decided",
                )
                yield from form_row(
                    "Note",
                    Input(
                        placeholder="reference number, who you spoke to…", id="note", compact=True
                    ),
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
        self.query_one("#filed", Input).focus()

    def _outcome(self) -> str:
        value = self.query_one("#outcome", Select).value
        return value if isinstance(value, str) else "pending"

    def _filed(self, text: str) -> object:
        return claim_money.check_filed(parse_date(text, "filed"), self.today)

    def build_effect(self) -> tuple[Appeal | None, dict[str, str], str]:
        errors = self.field_errors()
        if errors:
            return None, errors, ""
        try:
            appeal = Appeal(
                self.parsed("level"),
                self.parsed("filed"),
                self._outcome(),
                self.parsed("decided"),
                self.text("note"),
            )
            claim_money.check_appeal(appeal, self.today)
        except ValidationError as error:
            return None, {error.field or "form": error.message}, ""
        try:
            after = claim_money.record_appeal(self.claim, appeal, self.today)  # the preview
        except ValidationError as error:
            # The move itself (lifecycle): nothing to fix in one field, the claim refuses it.
            return None, {"form": f"Cannot record this appeal: {error.message}"}, ""
        return appeal, {}, self.effect(after.status)

    def effect(self, status: str) -> str:
        now = lifecycle.current_status(self.claim)
        if status == now:
            return f"The claim stays {status_label(now)}."
        return f"Saving moves the claim from {status_label(now)} to {status_label(status)}."
