"""Helpers the TUI tests share (imported by name: tests/tui is on sys.path for its tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot
from textual.worker import Worker

# Workers that open a dialog and wait (push_screen_wait) until it closes: waiting for them
# while the dialog is open would wait forever.
DIALOG_GROUPS = frozenset({"forms", "claims-forms"})


def busy_workers(app: App[object]) -> list[Worker[object]]:
    """The app's workers that do work (loads, saves), not those waiting for a dialog."""
    return [w for w in app.workers if w.group not in DIALOG_GROUPS]


async def wait_for_busy(app: App[object]) -> None:
    """Wait until the loads and saves under way are done (not the dialogs left open).

    An empty list would make Textual wait for every worker, so none means return at once."""
    busy = busy_workers(app)
    if busy:
        await app.workers.wait_for_complete(busy)


async def wait_until(
    pilot: Pilot[object], predicate: Callable[[], object], what: str = "", timeout: float = 10.0
) -> None:
    """Let the app run until `predicate()` is true; fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what or 'a condition'} in vain")
        await pilot.pause(0.02)
