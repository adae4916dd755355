"""FloortrackScreen: the common base of the six mode screens.

It declares the shared keys once (from tui/commands.py) and hides commands a screen does not
implement. Each screen re-renders from `app.data` in its `on_data_changed` handler: DataService
posts a `DataChanged` message after every load, save and external change.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Select

from floortrack.tui import commands
from floortrack.tui.messages import DataChanged
from floortrack.tui.widgets.footer import KeyFooter
from floortrack.tui.widgets.modebar import ModeBar

if TYPE_CHECKING:
    from floortrack.store import Repository
    from floortrack.tui.app import FloortrackApp
    from floortrack.tui.data import DataService

RecordT = TypeVar("RecordT")


class FloortrackScreen(Screen[None]):
    """Subclasses set HELP (markdown), handle `DataChanged` and implement the actions they support
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
    SHOWS: ClassVar[frozenset[str]] = frozenset()  # the kinds of record (DataChanged) drawn

    def compose(self) -> ComposeResult:
        note = "demo data: changes are thrown away" if self.ft_app.demo else ""
        yield ModeBar(self.MODE or self.TITLE_TEXT.lower(), note)
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    rendered = False  # set by a subclass's on_mount that already drew the snapshot

    def on_mount(self) -> None:
        # Textual calls each class's on_mount in turn, a subclass's first: this one runs
        # after it, once (a subclass calling super().on_mount() would render twice).
        if self.TITLE_TEXT:
            self.sub_title = self.TITLE_TEXT
        # A screen first shown after the data (or the first page of visits) arrived renders
        # it straight away.
        if not self.rendered and (self.data.loaded or self.data.sessions):
            self.post_message(DataChanged())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hide (not just disable) the shared commands this screen has no use for.
        optional = action in commands.optional_actions()
        return not optional or hasattr(self, f"action_{action}")

    # -- escape always leaves an input ---------------------------------------------------
    def home_widget(self) -> Widget | None:
        """Where escape takes the focus out of an input: the screen's main list (its first
        shown table, else its first shown option list). Screens may say otherwise."""
        for kind in (DataTable, OptionList):
            for widget in self.query(kind):
                if widget.display and widget.focusable:
                    return widget
        return None

    def on_key(self, event: events.Key) -> None:
        # Runs after a subclass's own on_key (Textual calls each class's handler in turn),
        # so a screen may first close its filter bar; the focus then goes to the list, and
        # the screen keys (1-6, n, e, d ...) work again instead of typing into the input.
        if event.key != "escape":
            return
        focused = self.focused
        if not isinstance(focused, Input | Select) and not _is_text_area(focused):
            return
        home = self.home_widget()
        if home is not None and home is not focused:
            home.focus()
        else:
            self.set_focus(None)
        event.stop()


def _is_text_area(widget: Widget | None) -> bool:
    """Whether `widget` is a TextArea, without importing TextArea (and its document
    modules) for the first frame: only forms have one, and a form imports it."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and isinstance(widget, module.TextArea)


class DeleteUndoScreen(FloortrackScreen, Generic[RecordT]):
    """A screen whose `d` deletes the selected record after asking and whose `u` restores
    the last one deleted (`last_deleted`)."""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.last_deleted: RecordT | None = None

    def confirm_delete(
        self, question: str, delete: Callable[[Repository], RecordT], deleted: str
    ) -> None:
        """Ask `question` (Delete / Cancel); on yes run `delete` as one save, keep the record it
        removed in `last_deleted` and notify `deleted`. A failed save was already notified by
        data.save, and the previous `last_deleted` stays."""

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            result = await self.data.save(delete, success=None)
            if result and result.value is not None:
                self.last_deleted = result.value
                self.notify(deleted, timeout=8, markup=False)

        # Imported on first use: the first screen paints without loading the dialogs.
        from floortrack.tui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog(question, "Delete"), answered)

    def record_to_undo(self) -> RecordT | None:
        """`last_deleted`, or None after saying there is nothing to undo."""
        if self.last_deleted is None:
            self.notify("Nothing to undo.")
        return self.last_deleted

    async def undo_delete(
        self, restore: Callable[[Repository, RecordT], object], restored: Callable[[RecordT], str]
    ) -> None:
        """`u`: put the last deleted record back under its old id and select it. It stays
        offered until a restore succeeds, so a failed one (already notified) can be retried."""
        record = self.record_to_undo()
        if record is None:
            return
        result = await self.data.save(lambda repo: restore(repo, record), success=restored(record))
        if result:
            self.last_deleted = None
            record_id = getattr(record, "id", None)
            if record_id is not None:
                self.select_id(record_id)

    def select_id(self, record_id: int) -> object:
        """Show and select the record with this id (screens with a list override this)."""
        return None
