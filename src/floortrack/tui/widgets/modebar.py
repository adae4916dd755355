"""The bar at the top of every screen: the six screens with their keys, the current one
marked, each clickable. It is how a first-time user discovers that `3` shows the claims."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from floortrack.tui.commands import MODE_TITLES


class ModeBar(Static):
    DEFAULT_CSS = """
    ModeBar {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, current: str, note: str = "") -> None:
        super().__init__(self.build(current, note))

    @staticmethod
    def build(current: str, note: str = "") -> Content:
        parts: list[Content | str] = [Content.styled(" floortrack ", "bold $text-primary")]
        for number, (mode, title) in enumerate(MODE_TITLES.items(), start=1):
            label = f" {number} {title} "
            style = "reverse bold" if mode == current else "$text"
            link = Content.from_markup(f"[@click=app.switch_mode('{mode}')]{label}[/]")
            parts.append(link.stylize(style))
        if note:
            parts.append(Content.styled(f"  {note}", "$text-warning"))
        return Content.assemble(*parts)
