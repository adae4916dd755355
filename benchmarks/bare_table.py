"""The baseline for the first-paint benchmark: a bare Textual app showing an empty DataTable
with the same columns as floortrack's Sessions screen (and a header and footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareTable(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Date", "Clinic", "Visit", "Codes · minutes", "Units", "Pain"
        )


if __name__ == "__main__":
    BareTable().run()
