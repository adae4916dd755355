"""The payment form: money the patient paid the clinic (hands `submit` the PatientPayment).

Amount, date (today unless changed) and a note, checked as typed by model.PatientPayment /
model.parse_money and billing.claim_money (no payment in the future). Below the fields, what
the balance becomes (billing.eob), so an overpayment shows before it is saved.
"""

from __future__ import annotations

from decimal import Decimal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from floortrack.billing import claim_money, eob, lifecycle
from floortrack.model import PatientPayment, ValidationError, parse_date, parse_money
from floortrack.tui.dialogs.base_form import Check
from floortrack.tui.dialogs.claim_form import form_row
from floortrack.tui.dialogs.claim_money_form import ClaimMoneyForm
from floortrack.tui.format import fmt_date, fmt_money, status_label


def balance_text(left: Decimal | None) -> str:
    """What the patient will still owe, in words (None: the EOB has not said yet)."""
    if left is None:
        return "Your share is not known until the EOB arrives."
    if left < 0:
        return (
            f"You will have paid {fmt_money(-left)} more than your share: "
            "ask the clinic for a refund."
        )
    return f"Balance after this payment: {fmt_money(left)}"


class PaymentForm(ClaimMoneyForm[PatientPayment]):
    """Dismisses with the claim once the payment is saved, or None when cancelled."""

    FIELDS = ("amount", "on", "note")

    def compose(self) -> ComposeResult:
        claim = self.claim
        b = eob.breakdown(claim)
        with Vertical(id="form"):
            yield Label(
                f"Record a payment — claim {claim.id or ''}, {claim.payer}",
                id="form-title",
                markup=False,  # the payer is the patient's text
            )
            yield Static(
                f"Visits {', '.join(fmt_date(d) for d in claim.service_dates)} · "
                f"{status_label(lifecycle.current_status(claim))} · "
                f"your share {fmt_money(b.responsibility)} · "
                f"you paid {fmt_money(claim.patient_paid)} · "
                f"balance {fmt_money(eob.balance(claim))}",
                id="claim-summary",
            )
            with VerticalScroll(id="form-body"):
                yield from form_row(
                    "Amount",
                    Input(
                        placeholder="what you paid the clinic, e.g. 25.00",
                        id="amount",
                        compact=True,
                        validators=[
                            Check(
                                lambda t: parse_money(t, "amount"),
                                required="Enter the amount you paid, e.g. 25.00",
                            )
                        ],
                    ),
                    "amount",
                )
                yield from form_row(
                    "Paid on (date)",
                    Input(
                        self.today.isoformat(),
                        id="on",
                        compact=True,
                        validators=[Check(self._paid_on, required="Type the date you paid")],
                    ),
                    "on",
                )
                yield from form_row(
                    "Note",
                    Input(
                        placeholder="card at the desk, cheque no., receipt…",
                        id="note",
                        compact=True,
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
        self.query_one("#amount", Input).focus()

    def _paid_on(self, text: str) -> object:
        return claim_money.check_payment_date(parse_date(text, "on"), self.today)

    def build_effect(self) -> tuple[PatientPayment | None, dict[str, str], str]:
        errors = self.field_errors()
        if errors:
            return None, errors, ""
        try:
            payment = PatientPayment(self.parsed("on"), self.parsed("amount"), self.text("note"))
            after = claim_money.add_payment(self.claim, payment, self.today)  # the preview
        except ValidationError as error:
            return None, {error.field or "form": error.message}, ""
        return payment, {}, balance_text(eob.balance(after))
