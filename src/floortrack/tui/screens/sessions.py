"""Sessions (1): every visit, newest first. (Skeleton; the full screen follows.)"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from floortrack.tui.format import fmt_date, fmt_lines, fmt_pain
from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.widgets.empty import EmptyState


class SessionsScreen(FloortrackScreen):
    TITLE_TEXT = "Sessions"
    NOUN = "session"
    HELP = "Your visits, newest first."

    def compose_body(self) -> ComposeResult:
        yield EmptyState("Loading your visits…", id="sessions-empty")
        yield DataTable(id="sessions-table", cursor_type="row")

    def data_changed(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Date", "Clinic", "Visit", "Codes", "Pain")
        rows = sorted(self.data.sessions, key=lambda s: (s.date, s.id or 0), reverse=True)[:500]
        table.add_rows(
            (
                fmt_date(s.date),
                s.provider,
                s.visit_type,
                fmt_lines(s),
                fmt_pain(s.pain_before, s.pain_after),
            )
            for s in rows
        )
        empty = self.query_one(EmptyState)
        empty.display = not rows
        empty.update("No visits yet — press n to log your first one")
        table.display = bool(rows)
