"""Snapshots of the Clinics screen (with its superbill check) and the clinic form."""

from __future__ import annotations

from datetime import date

import pytest

from floortrack.actions import clinics as clinic_actions
from floortrack.actions.profile import set_profile
from floortrack.model import Plan, Session, SessionLine

WIDE = (130, 40)


@pytest.fixture
def clinics_app(repo, make_app):
    clinic_actions.add_clinic(
        repo,
        name="Клиника Bloom",
        npi="1234567893",
        tax_id="12-3456789",
        address="1 Main St, Springfield",
        networks={"Aetna": "out"},
        fees={"97110": "70", "97140": "75"},
    )
    clinic_actions.add_clinic(repo, name="Riverside PT", networks={"Aetna": "in"})
    repo.plans.add(Plan("Aetna", member_id="W1"))
    set_profile(
        repo, {"name": "Zoë Nguyễn", "date_of_birth": "1988-04-02", "diagnoses": ("N39.41",)}
    )
    repo.sessions.add_many(
        [
            Session(
                date(2026, 3, 2),
                "Клиника Bloom",
                lines=(SessionLine("97110", 25), SessionLine("97140", 15)),
                charged="215",
            ),
            Session(
                date(2026, 3, 9),
                "Клиника Bloom",
                lines=(SessionLine("97110"), SessionLine("97530", 10)),
            ),
        ]
    )
    return make_app(repo)


async def _clinics(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:
            break
        await pilot.pause(0.02)
    await pilot.press("4")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("down")  # Клиника Bloom: the clinics are sorted by name
    await pilot.pause()


async def _form(pilot) -> None:
    await _clinics(pilot)
    await pilot.press("e")
    await pilot.pause()


def test_clinics_screen(snap_compare, clinics_app):
    assert snap_compare(clinics_app, terminal_size=WIDE, run_before=_clinics)


def test_clinic_form(snap_compare, clinics_app):
    assert snap_compare(clinics_app, terminal_size=WIDE, run_before=_form)
