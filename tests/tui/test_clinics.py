"""Clinics screen: add, edit, delete and undo clinics; the superbill check beside each line."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Static
from tui_helpers import wait_until

from floortrack.actions import clinics as clinic_actions
from floortrack.actions.profile import set_profile
from floortrack.model import Plan, Session, SessionLine
from floortrack.tui.dialogs.clinic_form import ClinicForm
from floortrack.tui.screens.clinics import ClinicsScreen
from floortrack.tui.screens.overview import OverviewScreen

SIZE = (130, 40)


async def open_clinics(app, pilot, loaded) -> ClinicsScreen:
    await loaded(pilot)
    await pilot.press("4")
    await pilot.pause()
    assert isinstance(app.screen, OverviewScreen)
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ClinicsScreen)
    return app.screen


def detail(screen) -> str:
    return str(screen.query_one("#clinic-detail-body", Static).render())


async def test_add_a_clinic_with_the_form_refusing_a_wrong_npi(repo, make_app, loaded):
    repo.sessions.add(Session(date(2026, 3, 2), "Bloom PT", lines=(SessionLine("97110", 25),)))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clinics(app, pilot, loaded)
        assert "No clinics yet" in str(screen.query_one("#clinics-empty").render())
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClinicForm)
        form.query_one("#name", Input).value = "Bloom PT"
        form.query_one("#npi", Input).value = "1234567890"
        form.query_one("#fees", Input).value = "97110: 70"
        await pilot.pause()
        assert "check digit" in str(form.query_one("#npi-error", Static).render())
        assert form.query_one("#save").disabled
        form.query_one("#npi", Input).value = "1234567893"
        await pilot.pause()
        assert not form.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ClinicsScreen), "form closed")
        await wait_until(pilot, lambda: screen.rows, "the clinic listed")
        [clinic] = repo.clinics.all()
        assert (clinic.name, clinic.npi) == ("Bloom PT", "1234567893")
        text = detail(screen)
        assert "Superbill check, March 2026" in text
        assert "2026-03-02  97110" in text and "$140.00" in text
        assert "no tax ID" in text and "no diagnosis" in text  # general problems listed


async def test_problems_sit_next_to_their_line_and_the_month_moves(repo, make_app, loaded):
    clinic_actions.add_clinic(
        repo,
        name="Bloom PT",
        npi="1234567893",
        tax_id="12-3456789",
        address="1 Main St",
        networks={"Aetna": "out"},
    )
    repo.plans.add(Plan("Aetna", member_id="W1"))
    set_profile(repo, {"name": "Zoë", "date_of_birth": "1988-04-02", "diagnoses": ("N39.41",)})
    repo.sessions.add_many(
        [
            Session(date(2026, 2, 2), "Bloom PT", lines=(SessionLine("97110"),), charged="90"),
            Session(date(2026, 3, 2), "Bloom PT", lines=(SessionLine("97110", 25),), charged="140"),
        ]
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clinics(app, pilot, loaded)
        assert "Nothing an insurer would reject" in detail(screen)  # March is complete
        await pilot.press("comma")
        await pilot.pause()
        text = detail(screen)
        assert "February 2026" in text
        lines = text.splitlines()
        at = next(i for i, ln in enumerate(lines) if "2026-02-02  97110" in ln)
        assert "timed code with no minutes" in lines[at + 1]  # right under its line

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")  # confirm
        await wait_until(pilot, lambda: not repo.clinics.all(), "deleted")
        await pilot.pause()
        await pilot.press("u")
        await wait_until(pilot, lambda: repo.clinics.all(), "restored")
        await wait_until(pilot, lambda: screen.query_one(DataTable).row_count == 1, "listed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
