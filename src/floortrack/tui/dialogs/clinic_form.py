"""The clinic form: add or edit a clinic. ModalScreen[Clinic | None].

Every value is checked as you type with the model's rules and the NPI check digit
(billing/npi.py), each message next to its field; Save stays disabled while anything is
wrong. Network status is typed as "Aetna: out, Cigna: in" and fees as "97110: 70.00,
97140: 75". `submit` writes the clinic through the actions (actions/clinics.py); when that fails the
form stays open with what was typed (the one form framework: tui/dialogs/base_form.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from floortrack.actions.clinics import merge_fees, parse_fee, parse_network
from floortrack.billing.npi import npi_problem
from floortrack.model import Clinic, ValidationError, check_npi_shape
from floortrack.tui.dialogs.base_form import Form, Submit

# (field, label, placeholder)
ROWS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "as your visits name it, e.g. Bloom PT"),
    ("npi", "NPI", "10 digits, on the clinic's bills"),
    ("tax_id", "Tax ID", "EIN, e.g. 12-3456789"),
    ("address", "Address", "street, city, state, ZIP"),
    ("phone", "Phone", "optional"),
    ("place_of_service", "Place", "place of service code, 11 = office"),
    ("networks", "Network", "Aetna: out, Cigna: in"),
    ("fees", "Fees", "97110: 70.00, 97140: 75"),
    ("note", "Note", "optional"),
)


def networks_text(clinic: Clinic | None) -> str:
    return ", ".join(f"{p}: {s}" for p, s in clinic.networks) if clinic else ""


def fees_text(clinic: Clinic | None) -> str:
    return ", ".join(f"{code}: {fee}" for code, fee in clinic.fees) if clinic else ""


def _pairs(text: str) -> list[str]:
    return [part.strip().replace(" ", "") for part in text.split(",") if part.strip()]


class ClinicForm(Form[Clinic, Clinic]):
    DEFAULT_CSS = """
    ClinicForm {
        align: center middle;
    }
    ClinicForm #form {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    ClinicForm #form-title {
        text-style: bold;
        color: $text-primary;
        padding-bottom: 1;
    }
    ClinicForm .row {
        height: auto;
    }
    ClinicForm .label {
        width: 10;
        color: $text-muted;
    }
    ClinicForm Input {
        width: 1fr;
        background: $boost;
    }
    ClinicForm .error {
        color: $error;
        padding-left: 10;
        height: auto;
        display: none;
    }
    ClinicForm #buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    ClinicForm #form-status {
        width: 1fr;
        color: $text-muted;
    }
    ClinicForm #form-status.-problem {
        color: $error;
    }
    ClinicForm Button {
        margin-left: 2;
    }
    """

    FIELDS = tuple(name for name, _, _ in ROWS)

    def __init__(
        self, clinic: Clinic | None, *, others: Sequence[Clinic], submit: Submit[Clinic, Clinic]
    ) -> None:
        """`others`: the other clinics, to refuse a second clinic with the same name."""
        super().__init__(submit)
        self.clinic = clinic
        self.other_names = {
            c.name.casefold(): c.id for c in others if clinic is None or c.id != clinic.id
        }

    def _prefill(self, name: str) -> str:
        c = self.clinic
        if name == "networks":
            return networks_text(c)
        if name == "fees":
            return fees_text(c)
        if c is None:
            return "11" if name == "place_of_service" else ""
        return str(getattr(c, name)).replace("\n", ", ")

    def compose(self) -> ComposeResult:
        title = f"Edit {self.clinic.name}" if self.clinic else "New clinic"
        with Vertical(id="form"):
            yield Static(title, id="form-title")
            for name, label, placeholder in ROWS:
                with Horizontal(classes="row"):
                    yield Label(label, classes="label")
                    yield Input(self._prefill(name), placeholder=placeholder, id=name, compact=True)
                yield Static("", id=f"{name}-error", classes="error")
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.check()
        self.query_one("#name", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def build(self) -> tuple[Clinic | None, dict[str, str]]:
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        name = self._value("name").strip()
        if not name:
            errors["name"] = "a clinic needs a name"
        elif name.casefold() in self.other_names:
            errors["name"] = f"there is already a clinic named {name}"
        values["name"] = name
        try:
            npi = check_npi_shape(self._value("npi"))
            problem = npi_problem(npi) if npi else None
            if problem is not None:
                errors["npi"] = problem
            values["npi"] = npi
        except ValidationError as error:
            errors["npi"] = error.message
        networks: dict[str, str] = {}
        try:
            for text in _pairs(self._value("networks")):
                payer, status = parse_network(text)
                if status is None:
                    raise ValidationError(f"'{text}': say in or out", "network")
                networks[payer] = status
        except ValidationError as error:
            errors["networks"] = error.message
        fees: dict[str, str] = {}
        try:
            for text in _pairs(self._value("fees")):
                code, amount = parse_fee(text)
                if amount is None:
                    raise ValidationError(f"'{text}': give an amount", "fee")
                fees[code] = amount
        except ValidationError as error:
            errors["fees"] = error.message
        for field in ("tax_id", "address", "phone", "place_of_service", "note"):
            values[field] = self._value(field)
            original = getattr(self.clinic, field, None)
            if isinstance(original, str) and values[field] == original.replace("\n", ", "):
                values[field] = original  # shown on one line; unchanged, keep its lines
        if errors:
            return None, errors
        try:
            clinic = Clinic(networks=tuple(networks.items()), fees=merge_fees((), fees), **values)
        except ValidationError as error:
            field = {"network": "networks", "fee": "fees"}.get(error.field, error.field)
            known = {n for n, _, _ in ROWS}
            return None, {field if field in known else "note": error.message}
        if self.clinic is not None:
            clinic = clinic.with_id(self.clinic.id) if self.clinic.id is not None else clinic
        return clinic, {}
