"""Placeholder for the Progress screen (its owner replaces this module)."""

from __future__ import annotations

from textual.app import ComposeResult

from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.widgets.empty import EmptyState


class ProgressScreen(FloortrackScreen):
    TITLE_TEXT = "Progress"
    HELP = "The Progress screen is being built."

    def compose_body(self) -> ComposeResult:
        yield EmptyState("No diary entries yet")
