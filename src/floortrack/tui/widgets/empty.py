"""The empty state every screen shows when it has nothing to list: it says what to do next."""

from __future__ import annotations

from textual.widgets import Static


class EmptyState(Static):
    """A centred, friendly message such as "No visits yet — press n to log your first one"."""

    DEFAULT_CSS = """
    EmptyState {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-align: center;
        color: $text-muted;
        padding: 1 2;
    }
    """

    def __init__(self, message: str, *, id: str | None = None, classes: str | None = None):
        # markup=False: messages quote what the patient typed (a filter): shown as text.
        super().__init__(message, id=id, classes=classes, markup=False)
        self.message = message
