"""`floortrack clinic add|edit|list|delete`, `floortrack profile show|set`, and the
`--charged --paid-at-desk` options of `session add|edit`.

Rules live in actions/clinics.py and actions/profile.py (docs/BENEFITS.md, "Clinics").
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .common import UserError, info, money_text, open_repo, positive_id, print_json, table

if TYPE_CHECKING:
    from floortrack.model import Clinic


def register(subparsers: Any) -> None:
    clinic = subparsers.add_parser(
        "clinic", help="clinics: NPI, tax ID, network status with each payer, fees"
    )
    sub = clinic.add_subparsers(title="clinic commands", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a clinic; prints its id")
    _clinic_options(add, for_edit=False)
    add.set_defaults(handler=add_clinic)
    edit = sub.add_parser("edit", help="change a clinic (only the options given)")
    edit.add_argument("clinic", metavar="ID|NAME")
    _clinic_options(edit, for_edit=True)
    edit.set_defaults(handler=edit_clinic)
    lst = sub.add_parser("list", help="your clinics")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=list_clinics)
    delete = sub.add_parser("delete", help="delete a clinic (your visits keep its name)")
    delete.add_argument("id", type=positive_id)
    delete.set_defaults(handler=delete_clinic)

    profile = subparsers.add_parser("profile", help="your name, date of birth and address")
    psub = profile.add_subparsers(title="profile commands", metavar="ACTION", required=True)
    show = psub.add_parser("show", help="show your profile")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=show_profile)
    pset = psub.add_parser("set", help="change your profile (only the options given)")
    pset.add_argument("--name", metavar="TEXT")
    pset.add_argument("--date-of-birth", dest="date_of_birth", metavar="D")
    pset.add_argument("--address", metavar="TEXT", help="use \\n or a quoted newline for lines")
    pset.add_argument("--phone", metavar="TEXT")
    pset.add_argument(
        "--diagnosis",
        dest="diagnoses",
        metavar="ICD10",
        nargs="+",
        action="extend",
        help="your diagnosis codes (replaces them), used on superbills; 'none' clears",
    )
    pset.set_defaults(handler=set_profile)


def _clinic_options(parser: argparse.ArgumentParser, for_edit: bool) -> None:
    parser.add_argument("--name", required=not for_edit, metavar="TEXT")
    parser.add_argument("--npi", metavar="N", help="10-digit NPI (checked by its last digit)")
    parser.add_argument("--tax-id", metavar="EIN", help="the clinic's tax ID, e.g. 12-3456789")
    parser.add_argument("--address", metavar="TEXT")
    parser.add_argument("--phone", metavar="TEXT")
    parser.add_argument(
        "--place-of-service", metavar="NN", help="2-digit place of service (default 11, office)"
    )
    parser.add_argument(
        "--network",
        metavar="PAYER:in|out",
        nargs="+",
        action="extend",
        help="network status with a payer, e.g. Aetna:out"
        + ("; PAYER:none removes" if for_edit else ""),
    )
    parser.add_argument(
        "--fee",
        metavar="CODE:AMOUNT",
        nargs="+",
        action="extend",
        help="the clinic's charge for a code, e.g. 97110:70.00"
        + ("; CODE:none removes" if for_edit else ""),
    )
    parser.add_argument("--note", metavar="TEXT")


def _text_arg(value: str | None) -> str | None:
    return None if value is None else value.replace("\\n", "\n")


def _plain_changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in ("name", "npi", "tax_id", "address", "phone", "place_of_service", "note"):
        value = _text_arg(getattr(args, name))
        if value is not None:
            changes[name] = value
    return changes


def _fee_changes(args: argparse.Namespace) -> dict[str, str | None]:
    from floortrack.actions import clinics as actions

    return dict(actions.parse_fee(text) for text in args.fee or ())


def _network_changes(args: argparse.Namespace) -> dict[str, str | None]:
    from floortrack.actions import clinics as actions

    return dict(actions.parse_network(text) for text in args.network or ())


def add_clinic(args: argparse.Namespace) -> int:
    from floortrack.actions import clinics as actions

    fees = _fee_changes(args)
    networks = _network_changes(args)
    if any(v is None for v in fees.values()) or any(v is None for v in networks.values()):
        raise UserError("'none' removes a fee or network status: use it with `clinic edit`")
    repo = open_repo(args)
    clinic = actions.add_clinic(
        repo,
        **_plain_changes(args),
        fees={k: v for k, v in fees.items() if v is not None},
        networks={k: v for k, v in networks.items() if v is not None},
    )
    print(clinic.id)
    info(f"Added clinic {clinic.id}: {clinic.name}.")
    return 0


def edit_clinic(args: argparse.Namespace) -> int:
    from floortrack.actions import clinics as actions

    changes = _plain_changes(args)
    fees, networks = _fee_changes(args), _network_changes(args)
    if not (changes or fees or networks):
        raise UserError("nothing to change: give at least one option, e.g. --npi 1234567893")
    repo = open_repo(args)
    clinic = actions.find_clinic(repo.clinics.all(), args.clinic)
    assert clinic.id is not None
    new = actions.edit_clinic(repo, clinic.id, changes, fee_changes=fees, network_changes=networks)
    info(f"Updated clinic {new.id} ({new.name}).")
    return 0


def clinic_json(clinic: Clinic) -> dict[str, Any]:
    return {
        "id": clinic.id,
        "name": clinic.name,
        "npi": clinic.npi,
        "tax_id": clinic.tax_id,
        "address": clinic.address,
        "phone": clinic.phone,
        "place_of_service": clinic.place_of_service,
        "networks": dict(clinic.networks),
        "fees": dict(clinic.fees),
        "note": clinic.note,
    }


def list_clinics(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    clinics = repo.clinics.all()
    if args.json:
        print_json([clinic_json(c) for c in clinics])
        return 0
    if not clinics:
        info('No clinics yet. Add one with: floortrack clinic add --name "Bloom PT" --npi N')
        return 0
    rows = [
        [
            str(c.id),
            c.name,
            c.npi or "-",
            c.tax_id or "-",
            ", ".join(f"{p}: {s}" for p, s in c.networks) or "-",
            ", ".join(f"{code} {money_text(fee)}" for code, fee in c.fees) or "-",
        ]
        for c in clinics
    ]
    print(table(rows, ["id", "name", "NPI", "tax ID", "network", "fees"]))
    return 0


def delete_clinic(args: argparse.Namespace) -> int:
    from floortrack.actions import clinics as actions

    repo = open_repo(args)
    old = actions.delete_clinic(repo, args.id)
    info(f"Deleted clinic {args.id} ({old.name}).")
    return 0


def show_profile(args: argparse.Namespace) -> int:
    from floortrack.actions import profile as profile_actions

    repo = open_repo(args)
    p = profile_actions.get_profile(repo)
    if args.json:
        print_json(
            {
                "name": p.name,
                "date_of_birth": p.date_of_birth,
                "address": p.address,
                "phone": p.phone,
                "diagnoses": list(p.diagnoses),
            }
        )
        return 0
    if not (p.name or p.date_of_birth or p.address or p.diagnoses):
        info('No profile yet. Set it with: floortrack profile set --name "..." --date-of-birth D')
        return 0
    print(f"Name:          {p.name or '-'}")
    print(f"Date of birth: {p.date_of_birth.isoformat() if p.date_of_birth else '-'}")
    print(f"Address:       {p.address.replace(chr(10), ', ') or '-'}")
    print(f"Phone:         {p.phone or '-'}")
    print(f"Diagnoses:     {' '.join(p.diagnoses) or '-'}")
    return 0


def set_profile(args: argparse.Namespace) -> int:
    from floortrack.actions import profile as profile_actions

    changes: dict[str, Any] = {
        name: _text_arg(getattr(args, name))
        for name in profile_actions.PROFILE_FIELDS
        if name != "diagnoses" and getattr(args, name) is not None
    }
    if args.diagnoses is not None:
        codes = [c for c in args.diagnoses if c.strip().lower() not in ("none", "-")]
        changes["diagnoses"] = tuple(codes)
    repo = open_repo(args)
    profile_actions.set_profile(repo, changes)
    info("Updated your profile.")
    return 0


# ---------------------------------------------------------------------------
# `session add|edit --charged A --paid-at-desk A`


def add_visit_money_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--charged", metavar="A", help="what the clinic charged for the visit ('none' clears)"
    )
    parser.add_argument(
        "--paid-at-desk", metavar="A", help="what you paid the clinic at the visit ('none' clears)"
    )


def visit_money_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The Session fields given (plain values; the model checks them)."""
    changes: dict[str, Any] = {}
    for name in ("charged", "paid_at_desk"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = None if value.strip().lower() in ("none", "-", "") else value
    return changes
