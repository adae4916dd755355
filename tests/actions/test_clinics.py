"""Clinic and profile actions: checks, one clinic per name, merged fees and networks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from floortrack.actions import clinics, profile
from floortrack.actions.errors import Refused, ValidationError
from floortrack.model import Clinic
from floortrack.store import open_repository


def test_add_checks_the_npi_and_keeps_one_clinic_per_name(data_file: Path) -> None:
    repo = open_repository(data_file)
    with pytest.raises(ValidationError, match="check digit"):
        clinics.add_clinic(repo, name="Bloom PT", npi="1234567890")
    assert repo.clinics.all() == []  # nothing written
    added = clinics.add_clinic(
        repo, name="Bloom PT", npi="1234-567-893", tax_id="123456789", fees={"97110": "70"}
    )
    assert (added.id, added.npi, added.tax_id) == (1, "1234567893", "12-3456789")
    assert added.fee_for("97110") == Decimal("70.00")
    with pytest.raises(Refused, match="already exists"):
        clinics.add_clinic(repo, name="bloom pt")


def test_edit_merges_fees_and_networks_into_the_clinic_as_it_is(data_file: Path) -> None:
    repo = open_repository(data_file)
    clinic = clinics.add_clinic(
        repo, name="Bloom PT", fees={"97110": "70", "97140": "75"}, networks={"Aetna": "out"}
    )
    assert clinic.id is not None
    other = open_repository(data_file)  # another process changes the phone meanwhile
    clinics.edit_clinic(other, clinic.id, {"phone": "555-0100"})
    new = clinics.edit_clinic(
        repo,
        clinic.id,
        {},
        fee_changes={"97110": None, "97530": "80.00"},
        network_changes={"aetna": "in", "Cigna": "out"},
    )
    assert dict(new.fees) == {"97140": Decimal("75.00"), "97530": Decimal("80.00")}
    assert new.network_for("AETNA") == "in" and new.network_for("Cigna") == "out"
    assert new.phone == "555-0100"  # the other change is kept
    with pytest.raises(ValidationError, match="check digit"):
        clinics.edit_clinic(repo, clinic.id, {"npi": "1234567894"})


def test_delete_and_restore(data_file: Path) -> None:
    repo = open_repository(data_file)
    clinic = clinics.add_clinic(repo, name="Bloom PT")
    assert clinic.id is not None
    old = clinics.delete_clinic(repo, clinic.id)
    assert repo.clinics.all() == []
    assert clinics.restore_clinic(repo, old).id == clinic.id
    assert clinics.find_clinic(repo.clinics.all(), "BLOOM pt").id == clinic.id
    with pytest.raises(ValidationError, match="no clinic named"):
        clinics.find_clinic(repo.clinics.all(), "Riverside")


def test_clinic_values_are_checked() -> None:
    with pytest.raises(ValidationError, match="10 digits"):
        Clinic("X", npi="123")
    with pytest.raises(ValidationError, match="EIN"):
        Clinic("X", tax_id="12-34")
    with pytest.raises(ValidationError, match="'in' or 'out'"):
        Clinic("X", networks=(("Aetna", "maybe"),))
    with pytest.raises(ValidationError, match="place of service"):
        Clinic("X", place_of_service="office")
    with pytest.raises(ValueError, match="fee"):
        clinics.parse_fee("97110")
    clinic = Clinic("X", networks=(("Aetna", "out"),), fees=(("97110", "70"),))
    assert Clinic.from_doc(clinic.to_doc()) == clinic


def test_profile_set_changes_only_the_fields_given(data_file: Path) -> None:
    repo = open_repository(data_file)
    assert profile.get_profile(repo).name == ""
    profile.set_profile(repo, {"name": "Nguyễn Thị Zoë", "date_of_birth": "1988-04-02"})
    profile.set_profile(repo, {"address": "12 Main St"})
    current = profile.get_profile(open_repository(data_file))
    assert (current.name, current.date_of_birth, current.address) == (
        "Nguyễn Thị Zoë",
        date(1988, 4, 2),
        "12 Main St",
    )
    assert len(repo.profile.all()) == 1
    with pytest.raises(ValidationError, match="not a date"):
        profile.set_profile(repo, {"date_of_birth": "02/04/1988"})
