"""Clinics: add, edit, delete (and restore, for undo), find by name or id.

Every rule is here: one clinic per name (case-insensitive), an NPI must pass its check digit
(billing/npi.py), network status is "in" or "out" per payer, fees are money per code
(docs/BENEFITS.md, "Clinics"). Each change is one transaction on the file as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from floortrack.billing.npi import npi_problem
from floortrack.model import Clinic, check_npi_shape
from floortrack.store import Repository, Transaction

from .edits import Resolve, apply_changes
from .errors import NotFoundError, Refused, ValidationError


def _check_npi(npi: str) -> None:
    normal = check_npi_shape(npi)
    if normal:
        problem = npi_problem(normal)
        if problem is not None:
            raise ValidationError(problem[0].upper() + problem[1:], "npi")


def _check_unique(tx: Transaction, repo: Repository, clinic: Clinic) -> None:
    for other in tx.all(repo.clinics):
        if other.id != clinic.id and other.name.casefold() == clinic.name.casefold():
            raise Refused(
                f"a clinic named {other.name} already exists (id {other.id}): change it with "
                f"`floortrack clinic edit {other.id}`",
                "name",
            )


def parse_fee(text: str) -> tuple[str, str | None]:
    """'97110:70.00' -> ("97110", "70.00"); '97110:none' -> ("97110", None) (removes it)."""
    code, sep, amount = text.strip().partition(":")
    if not sep or not code.strip() or not amount.strip():
        raise ValidationError(f"'{text}' is not a fee: use CODE:AMOUNT like 97110:70.00", "fee")
    amount = amount.strip()
    return code.strip(), None if amount.lower() in ("none", "-") else amount


def parse_network(text: str) -> tuple[str, str | None]:
    """'Aetna:out' -> ("Aetna", "out"); 'Aetna:none' removes it."""
    payer, sep, status = text.strip().rpartition(":")
    status = status.strip().lower()
    if not sep or not payer.strip():
        raise ValidationError(
            f"'{text}' is not a network status: use PAYER:in or PAYER:out, e.g. Aetna:out",
            "network",
        )
    if status in ("none", "-"):
        return payer.strip(), None
    if status not in ("in", "out"):
        raise ValidationError(
            f"network status must be 'in' or 'out' (got '{status}' in '{text}')", "network"
        )
    return payer.strip(), status


def merge_fees(
    current: Iterable[tuple[str, Decimal]], changes: Mapping[str, str | Decimal | None]
) -> tuple[tuple[str, Any], ...]:
    """The clinic's fees with `changes` applied (None removes a code's fee)."""
    from floortrack.model import check_procedure_code

    fees: dict[str, Any] = dict(current)
    for code, amount in changes.items():
        key = check_procedure_code(code, "fee")
        if amount is None:
            fees.pop(key, None)
        else:
            fees[key] = amount
    return tuple(fees.items())


def merge_networks(
    current: Iterable[tuple[str, str]], changes: Mapping[str, str | None]
) -> tuple[tuple[str, str], ...]:
    by_key = {payer.casefold(): (payer, status) for payer, status in current}
    for payer, status in changes.items():
        if status is None:
            by_key.pop(payer.casefold(), None)
        else:
            by_key[payer.casefold()] = (payer, status)
    return tuple(by_key.values())


def add_clinic(
    repo: Repository,
    *,
    name: str,
    npi: str = "",
    tax_id: str = "",
    address: str = "",
    phone: str = "",
    place_of_service: str = "11",
    networks: Mapping[str, str] | None = None,
    fees: Mapping[str, str | Decimal] | None = None,
    note: str = "",
) -> Clinic:
    _check_npi(npi)
    clinic = Clinic(
        name=name,
        npi=npi,
        tax_id=tax_id,
        address=address,
        phone=phone,
        place_of_service=place_of_service,
        networks=tuple((networks or {}).items()),
        fees=merge_fees((), fees or {}),
        note=note,
    )

    def op(tx: Transaction) -> Clinic:
        _check_unique(tx, repo, clinic)
        return tx.add(repo.clinics, clinic)

    return repo.transaction(op)


def edit_clinic(
    repo: Repository,
    clinic_id: int,
    changes: Mapping[str, Any],
    *,
    base: Clinic | None = None,
    resolve: Resolve = None,
    fee_changes: Mapping[str, str | Decimal | None] | None = None,
    network_changes: Mapping[str, str | None] | None = None,
) -> Clinic:
    """Apply `changes` (plain Clinic fields) and merge `fee_changes` / `network_changes`
    (per code / per payer; None removes one) into the clinic as it is in the file."""
    if "npi" in changes:
        _check_npi(str(changes["npi"] or ""))

    def op(tx: Transaction) -> Clinic:
        current = tx.get(repo.clinics, clinic_id)
        edited = apply_changes(current, changes, base=base, resolve=resolve, label="clinic")
        if fee_changes:
            edited = apply_changes(edited, {"fees": merge_fees(edited.fees, fee_changes)})
        if network_changes:
            edited = apply_changes(
                edited, {"networks": merge_networks(edited.networks, network_changes)}
            )
        _check_unique(tx, repo, edited)
        return tx.put(repo.clinics, edited)

    return repo.transaction(op)


def delete_clinic(repo: Repository, clinic_id: int) -> Clinic:
    return repo.transaction(lambda tx: tx.delete(repo.clinics, clinic_id))


def restore_clinic(repo: Repository, clinic: Clinic) -> Clinic:
    def op(tx: Transaction) -> Clinic:
        _check_unique(tx, repo, clinic)
        return tx.restore(repo.clinics, clinic)

    return repo.transaction(op)


def find_clinic(clinics: Iterable[Clinic], name_or_id: str) -> Clinic:
    """The clinic with this id, or this name (case-insensitive)."""
    text = name_or_id.strip()
    all_clinics = list(clinics)
    if text.isdigit():
        for clinic in all_clinics:
            if clinic.id == int(text):
                return clinic
    for clinic in all_clinics:
        if clinic.name.casefold() == text.casefold():
            return clinic
    if text.isdigit():
        raise NotFoundError("clinic", int(text))
    names = ", ".join(c.name for c in all_clinics) or "none yet"
    raise ValidationError(
        f"no clinic named '{text}' (clinics: {names}); add it with `floortrack clinic add "
        f'--name "{text}"`',
        "clinic",
    )


def clinic_for(clinics: Iterable[Clinic], provider: str) -> Clinic | None:
    """The clinic a visit's provider text names (case-insensitive), if it is recorded."""
    wanted = provider.strip().casefold()
    if not wanted:
        return None
    return next((c for c in clinics if c.name.casefold() == wanted), None)
