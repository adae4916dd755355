"""What the payment and appeal forms share (a base_form.Form plus the claim summary and a
preview of what saving does).

Each field's message (from model.py / billing.claim_money, through the Inputs' validators)
is shown next to it as the patient types; Save stays disabled while anything is wrong. Save
hands the record to `submit` (actions.claims.pay_claim / appeal_claim through data.save):
when the write fails or the action refuses it, the reason is shown in the form, which stays
open with everything typed; when it succeeds the form closes with the saved claim.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from textual.widgets import Static

from floortrack.model import Claim
from floortrack.tui.dialogs.base_form import Form, Submit
from floortrack.tui.dialogs.claim_form import FORM_CSS

RecordT = TypeVar("RecordT")

CLAIM_MONEY_CSS = (
    "ClaimMoneyForm {"
    + FORM_CSS
    + """
    & > #form {
        width: 84;
    }
    & #claim-summary, & #form-status {
        color: $text-muted;
        height: auto;
    }
    & #form-status.-problem {
        color: $error;
    }
    & #effect {
        height: auto;
        margin-top: 1;
        padding-left: 16;
    }
    }
    """
)


class ClaimMoneyForm(Form[RecordT, Claim]):
    """Subclasses compose `#form-body` rows (claim_form.form_row), `#effect`, `#form-error`,
    `#form-status` and `#cancel` / `#save` Buttons, list their FIELDS, and implement
    `build_effect()`."""

    DEFAULT_CSS = CLAIM_MONEY_CSS
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(
        self, claim: Claim, today: date, submit: Submit[RecordT, Claim] | None = None
    ) -> None:
        super().__init__(submit)
        self.claim = claim
        self.today = today
        self._effect = ""

    def build_effect(self) -> tuple[RecordT | None, dict[str, str], str]:
        """(the record the fields describe, per field what is wrong, what saving will do)."""
        raise NotImplementedError

    def build(self) -> tuple[RecordT | None, dict[str, str]]:
        record, errors, self._effect = self.build_effect()
        return record, errors

    def show_extra(self, result: RecordT | None, errors: dict[str, str]) -> None:
        self.query_one("#effect", Static).update(self._effect)

    def status_text(self, errors: dict[str, str]) -> str:
        return ""  # each message is next to its field

    def on_mount(self) -> None:
        self.query_one("#form-status", Static).display = False
        self.check()
