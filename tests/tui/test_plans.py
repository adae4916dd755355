"""Plans (6): add, edit, delete and undo plans and authorisations through actions/plans.py."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, DataTable, Input, Select, Static
from tui_helpers import wait_until

from floortrack.actions import plans as plan_actions
from floortrack.tui.dialogs.field_form import ConflictDialog, FieldForm
from floortrack.tui.screens.plans import PlansScreen

SIZE = (120, 35)


async def open_plans(app, pilot, loaded) -> PlansScreen:
    await loaded(pilot)
    await pilot.press("6")
    await wait_until(pilot, lambda: isinstance(app.screen, PlansScreen), "the Plans screen")
    await pilot.pause()
    return app.screen


async def fill(pilot, form: FieldForm, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value
    await pilot.pause()


async def test_empty_plans_screen_says_what_to_do(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(app, pilot, loaded)
        assert "press n to add your insurance plan" in str(
            screen.query_one("#plans-empty", Static).render()
        )
        assert "press tab, then n" in str(screen.query_one("#auths-empty", Static).render())


async def test_add_a_plan_then_edit_it_then_delete_and_undo(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        assert form.query_one("#save", Button).disabled  # no payer yet
        await fill(pilot, form, payer="Aetna", visit_limit="2.5")
        assert form.query_one("#save", Button).disabled
        assert "whole number" in str(form.query_one("#error-visit_limit", Static).render())
        await fill(pilot, form, visit_limit="20")
        assert not form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        [plan] = repo.plans.all()
        assert (plan.payer, plan.visit_limit, plan.plan_type) == ("Aetna", 20, "commercial")
        table = screen.query_one("#plans-table", DataTable)
        assert table.row_count == 1

        # Edit: only the changed field goes to edit_plan; a CLI change to another is kept.
        plan_actions.edit_plan(repo, plan.id, {"member_id": "W123"})
        await pilot.press("e")
        await pilot.pause()
        await fill(pilot, app.screen, visit_limit="30")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the edit form to close")
        saved = repo.plans.get(plan.id)
        assert (saved.visit_limit, saved.member_id) == (30, "W123")

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: not repo.plans.all(), "the delete")
        await pilot.press("u")
        await wait_until(pilot, lambda: repo.plans.all(), "the undo")
        assert repo.plans.all()[0].id == plan.id


async def test_an_edit_that_clashes_asks_keep_mine_or_take_theirs(repo, make_app, loaded):
    plan = plan_actions.add_plan(repo, payer="Aetna", visit_limit=20)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(app, pilot, loaded)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        # Meanwhile, from a shell: the same field changed.
        plan_actions.edit_plan(repo, plan.id, {"visit_limit": 25})
        await fill(pilot, form, visit_limit="30")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), "the question")
        await pilot.click("#mine")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        assert repo.plans.get(plan.id).visit_limit == 30


async def test_add_an_authorisation_and_see_visits_left(demo_repo, make_app, loaded):
    app = make_app(demo_repo)
    before = len(demo_repo.auths)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(app, pilot, loaded)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is screen.query_one("#auths-table", DataTable)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        assert form.query_one("#field-payer", Input).value  # the selected plan's payer
        await fill(pilot, form, visits="12", start="2026-04-01", end="2026-03-01")
        assert "cannot end before it starts" in str(form.query_one("#error-end", Static).render())
        await fill(pilot, form, end="2026-06-30", number="A-77")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        assert len(demo_repo.auths) == before + 1
        new = next(a for a in demo_repo.auths.all() if a.number == "A-77")
        assert (new.visits, new.start) == (12, date(2026, 4, 1))
        assert screen._selected_auth().id == new.id  # the new one is selected
        table = screen.query_one("#auths-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(r[1] == "A-77" and r[4] == "12" and r[6] == "12" for r in rows)


async def test_escape_on_a_changed_form_asks_first(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Aetna", "escape")
        await pilot.pause()
        from floortrack.tui.dialogs.confirm import ConfirmDialog

        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: back to the form, with what was typed
        await pilot.pause()
        assert isinstance(app.screen, FieldForm)
        assert app.screen.query_one("#field-payer", Input).value == "Aetna"
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        assert not repo.plans.all()


async def test_a_plan_made_in_the_cli_and_in_the_tui_is_stored_the_same(
    repo, make_app, loaded, tmp_path, capsys
):
    from floortrack.cli import main
    from floortrack.store import open_repository

    cli_file = tmp_path / "cli" / "floortrack.json"
    argv = ["--data", str(cli_file), "plan", "add", "--payer", "Aetna", "--type", "medicare"]
    argv += ["--visit-limit", "20", "--appeal-days", "60", "--member-id", "W1", "--note", "PT"]
    assert main(argv) == 0, capsys.readouterr().err
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await fill(
            pilot,
            form,
            payer="Aetna",
            visit_limit="20",
            appeal_window_days="60",
            member_id="W1",
            note="PT",
        )
        form.query_one("#field-plan_type", Select).value = "medicare"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
    [from_cli] = open_repository(cli_file).plans.all()
    [from_tui] = repo.plans.all()
    assert from_tui.to_doc() == from_cli.to_doc()
