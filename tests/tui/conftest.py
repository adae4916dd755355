"""The TUI test kit: a frozen clock, no cursor blink, no animation, apps on demo data.

Snapshots must be byte-stable run after run (STYLE §8.13): the terminal size is fixed by each
test, "today" is pinned with FLOORTRACK_TODAY, the Input cursor never blinks, animations
are off, and the data file is the per-test temp file from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import wait_for_busy

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


async def _loaded(pilot: Pilot) -> None:
    """Wait until the app's first data load has been rendered."""
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:  # type: ignore[attr-defined]
            break
        await pilot.pause(0.02)
    else:
        raise AssertionError("the data never finished loading")
    await pilot.pause()
    await wait_for_busy(app)
    await pilot.pause()


@pytest.fixture
def loaded() -> Callable[[Pilot], object]:
    """`await loaded(pilot)`: wait until the first data load is on screen."""
    return _loaded
