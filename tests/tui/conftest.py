"""The TUI test kit: a frozen clock, no cursor blink, no animation, apps on demo data.

Snapshots must be byte-stable run after run (CONTRIBUTING.md, "Snapshots"): the terminal
size is fixed by each test, "today" is pinned with FLOORTRACK_TODAY, the Input cursor never
blinks, animations are off, and the data file is the per-test temp file from tests/conftest.py.

Tests wait for conditions, never for a fixed time (CONTRIBUTING.md, "Waiting in tests"):
`loaded`, `settle` and `wait_until` below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
import tui_helpers
from textual.app import App
from textual.dom import DOMNode, NoScreen
from textual.pilot import Pilot
from textual.widgets import Input

from floortrack.demo import build_demo
from floortrack.store import Repository, open_repository
from floortrack.tui.app import FloortrackApp

TODAY = date(2026, 3, 14)
WIDE = (130, 40)
NARROW = (80, 24)


@pytest.fixture(autouse=True)
def stable_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    # A blinking cursor makes every snapshot with an Input flaky (textual #4879).
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def repo(data_file: Path) -> Repository:
    """An empty repository at the test's FLOORTRACK_DATA path."""
    return open_repository(data_file)


@pytest.fixture
def demo_repo(repo: Repository) -> Repository:
    build_demo(repo, TODAY)
    return repo


AppFactory = Callable[..., FloortrackApp]


@pytest.fixture
def make_app() -> AppFactory:
    def make(repo: Repository, *, demo: bool = False, poll_interval: float = 1.5) -> FloortrackApp:
        app = FloortrackApp(repo, demo=demo, poll_interval=poll_interval)
        app.animation_level = "none"
        return app

    return make


@pytest.fixture
def demo_app(demo_repo: Repository, make_app: AppFactory) -> FloortrackApp:
    return make_app(demo_repo)


def _in_front(app: App[object], node: DOMNode) -> bool:
    if node is app:
        return True
    try:
        return node.screen is app.screen
    except NoScreen:  # a widget already removed
        return False


async def _settle(pilot: Pilot) -> None:
    """Wait until the app is idle: every pending message handled (a form's save awaits its
    write inside one), every worker of the app or of the screen in front finished, and what
    they changed rendered. Workers of the screens behind are not waited for: one of them may
    be the worker that opened the dialog in front and waits for its answer."""
    app = pilot.app
    await pilot.pause()
    for _ in range(10):  # a finished worker may start another
        front = [w for w in app.workers if not w.is_finished and _in_front(app, w.node)]
        if not front:
            break
        await app.workers.wait_for_complete(front)
        await pilot.pause()


async def _loaded(pilot: Pilot) -> None:
    """Wait until the app's first data load has been rendered."""
    app = pilot.app
    await tui_helpers.wait_until(pilot, lambda: app.data.loaded, "the first data load")  # type: ignore[attr-defined]
    await _settle(pilot)


@pytest.fixture
def loaded() -> Callable[[Pilot], Awaitable[None]]:
    """`await loaded(pilot)`: wait until the first data load is on screen."""
    return _loaded


@pytest.fixture
def settle() -> Callable[[Pilot], Awaitable[None]]:
    """`await settle(pilot)`: after a key press or a save, wait until the app is idle."""
    return _settle


@pytest.fixture
def wait_until() -> Callable[..., Awaitable[None]]:
    """`await wait_until(pilot, predicate, "what")`: run until `predicate()` holds (10 s)."""
    return tui_helpers.wait_until
