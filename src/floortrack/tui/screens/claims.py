"""Placeholder for the Claims screen (its owner replaces this module)."""

from __future__ import annotations

from textual.app import ComposeResult

from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.widgets.empty import EmptyState


class ClaimsScreen(FloortrackScreen):
    TITLE_TEXT = "Claims"
    HELP = "The Claims screen is being built."

    def compose_body(self) -> ComposeResult:
        yield EmptyState("No claims yet")
