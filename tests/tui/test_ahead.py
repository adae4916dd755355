"""Work done ahead at idle (tui/ahead.py): every styled screen listed, the form's first
opening finds its styles read, and the styles skipped on the way still show."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Input

import floortrack.tui
from floortrack.tui import ahead
from floortrack.tui.app import FloortrackApp
from floortrack.tui.dialogs.session_form import SessionForm

SIZE = (130, 40)


def _every_screen_class() -> set[type[Screen[object]]]:
    for module in pkgutil.walk_packages(floortrack.tui.__path__, "floortrack.tui."):
        importlib.import_module(module.name)
    found: set[type[Screen[object]]] = set()
    pending: list[type[Screen[object]]] = [Screen]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass.__module__.startswith("floortrack.tui.") and subclass not in found:
                found.add(subclass)
            pending.append(subclass)
    return found


def test_every_screen_with_its_own_css_is_read_ahead() -> None:
    listed = set(ahead.css_paths())
    own_css = {
        cls: (Path(inspect.getfile(cls)).parent / cls.CSS_PATH).resolve()
        for cls in _every_screen_class()
        if isinstance(cls.__dict__.get("CSS_PATH"), str)
    }
    assert own_css, "no screen with a CSS_PATH found: the walk is broken"
    missing = {cls.__name__: str(path) for cls, path in own_css.items() if path not in listed}
    assert not missing, f"add to ahead.STYLED: {missing}"
    assert all(path.is_file() for path in listed)


async def test_the_first_visit_form_opens_on_styles_read_at_idle(
    demo_repo, loaded, wait_until
) -> None:
    app = FloortrackApp(demo_repo, work_ahead=True)
    app.animation_level = "none"
    form_css = str(ahead.css_paths()[ahead.STYLED.index("dialogs/session_form.tcss")])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await wait_until(
            pilot, lambda: app.stylesheet.has_source(form_css, ""), "the form's CSS read ahead"
        )
        reparses = 0
        reparse = app.stylesheet.reparse

        def counted() -> None:
            nonlocal reparses
            reparses += 1
            reparse()

        app.stylesheet.reparse = counted  # type: ignore[method-assign]
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionForm), "the visit form")
        await pilot.pause()
        box = app.screen.query_one("#form")
        assert box.outer_size.width == 100  # SessionForm #form { width: 100 }
        assert box.region.x == (SIZE[0] - 100) // 2  # SessionForm { align: center middle }
        assert reparses == 0


async def test_without_work_ahead_the_form_reads_its_styles_when_it_opens(
    demo_app, loaded, wait_until
) -> None:
    form_css = str(ahead.css_paths()[ahead.STYLED.index("dialogs/session_form.tcss")])
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert not demo_app.stylesheet.has_source(form_css, "")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, SessionForm), "the form")
        await pilot.pause()
        box = demo_app.screen.query_one("#form")
        assert box.outer_size.width == 100
        assert box.region.x == (SIZE[0] - 100) // 2


async def test_the_first_field_of_a_new_form_shows_its_focus(demo_app, loaded, wait_until) -> None:
    # Neither the restyle skipped on the form's first resume nor the one skipped for
    # widgets not yet mounted (app.update_styles) may lose a style set once it is shown.
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, SessionForm), "the form")
        await pilot.pause()
        inputs = list(demo_app.screen.query(Input))
        focused = [field for field in inputs if field.has_focus]
        assert len(focused) == 1
        others = [field for field in inputs if not field.has_focus]
        assert focused[0].styles.background_tint != others[0].styles.background_tint
