"""The Textual app. Only this package imports Textual; the CLI imports it lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from floortrack.store import Repository


def run(repo: Repository, demo: bool = False) -> int:
    """Run the TUI on an open repository until the user quits. Returns an exit code."""
    from floortrack.tui.app import FloortrackApp

    FloortrackApp(repo, demo=demo).run()
    return 0
