"""Snapshots of the Plans screen, the plan form and the keep-mine/take-theirs question."""

from __future__ import annotations

from textual.widgets import Input

from floortrack.actions import plans as plan_actions

WIDE = (130, 40)
NARROW = (80, 24)


async def _plans(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:
            break
        await pilot.pause(0.02)
    await pilot.press("6")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_plans_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_plans)


def test_plans_screen_narrow(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_plans)


def test_plan_form_with_a_mistake(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await _plans(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#field-payer", Input).value = "Aetna [PPO]"
        form.query_one("#field-visit_limit", Input).value = "2.5"
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=NARROW, run_before=run_before)


def test_edit_conflict_question(snap_compare, demo_app, demo_repo):
    async def run_before(pilot) -> None:
        await _plans(pilot)
        await pilot.press("e")
        await pilot.pause()
        plan = demo_repo.plans.all()[0]
        plan_actions.edit_plan(demo_repo, plan.id, {"visit_limit": 25})
        pilot.app.screen.query_one("#field-visit_limit", Input).value = "40"
        await pilot.pause()
        await pilot.press("ctrl+s")
        for _ in range(100):
            if type(pilot.app.screen).__name__ == "ConflictDialog":
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=WIDE, run_before=run_before)
