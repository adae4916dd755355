"""FloortrackScreen: the common base of the five mode screens.

It declares the shared keys once (from tui/commands.py), hides commands a screen does not
implement, and defines the contract the app relies on: `data_changed()` re-renders from
`app.data` after every load, save and external change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from floortrack.tui import commands
from floortrack.tui.widgets.modebar import ModeBar

if TYPE_CHECKING:
    from floortrack.tui.app import FloortrackApp
    from floortrack.tui.data import DataService


class FloortrackScreen(Screen[None]):
    """Subclasses set HELP (markdown), implement `data_changed` and the actions they support
    (`action_new`, `action_edit`, `action_delete`, `action_filter`, `action_undo`), and put
    their content in `compose_body()`."""

    BINDINGS: ClassVar = commands.bindings()
    HELP: ClassVar[str] = ""
    TITLE_TEXT: ClassVar[str] = ""

    @property
    def ft_app(self) -> FloortrackApp:
        return cast("FloortrackApp", self.app)

    @property
    def data(self) -> DataService:
        return self.ft_app.data

    MODE: ClassVar[str] = ""  # this screen's key in App.MODES, for the mode bar

    def compose(self) -> ComposeResult:
        note = "demo data: changes are thrown away" if self.ft_app.demo else ""
        yield ModeBar(self.MODE or self.TITLE_TEXT.lower(), note)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        if self.TITLE_TEXT:
            self.sub_title = self.TITLE_TEXT
        self.ft_app.register_mode_screen(self)
        # A screen first shown after the data (or the first page of visits) arrived renders
        # it straight away.
        if self.data.loaded or self.data.sessions:
            self.call_after_refresh(self.data_changed)

    def on_unmount(self) -> None:
        self.ft_app.unregister_mode_screen(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hide (not just disable) the shared commands this screen has no use for.
        optional = action in commands.optional_actions()
        return not optional or hasattr(self, f"action_{action}")

    def data_changed(self) -> None:
        """Re-render from self.data (snapshot lists). Called on the UI thread."""
