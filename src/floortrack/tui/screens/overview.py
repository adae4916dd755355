"""Placeholder for the Overview screen (its owner replaces this module)."""

from __future__ import annotations

from textual.app import ComposeResult

from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.widgets.empty import EmptyState


class OverviewScreen(FloortrackScreen):
    TITLE_TEXT = "Overview"
    HELP = "The Overview screen is being built."

    def compose_body(self) -> ComposeResult:
        yield EmptyState("Nothing to overview yet")
