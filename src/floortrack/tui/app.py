"""FloortrackApp: six peer screens as App.MODES (keys 1-6), one DataService, theme memory
(in the preferences file, actions.preferences)."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen
from textual.theme import Theme

from floortrack import clock
from floortrack.actions import preferences
from floortrack.tui import commands
from floortrack.tui.data import DataService
from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.screens.sessions import SessionsScreen

if TYPE_CHECKING:
    from floortrack.store import Repository

# Garbage collection, for an app that holds ten years of records in memory: Python's default
# collects the youngest generation every 700 new objects, and a full collection walks every
# live object (each visit, claim, table cell). That made GC 35-75% of the CPU of a save or a
# keystroke. Everything alive after the imports and after the first load lives as long as the
# app does, so it is frozen (never walked again); the young generation is collected only
# after GC_YOUNG new objects. Records are dataclasses without reference cycles: a record the
# app drops is freed at once by reference counting, frozen or not.
GC_YOUNG = 50_000
GC_THRESHOLDS = (GC_YOUNG, 20, 20)


def tune_gc_for_startup() -> None:
    """No collection until the first load is in (DataService calls `gc_after_first_load`):
    start-up allocates much and frees little, and a collection then only delays the frame."""
    gc.disable()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def gc_after_first_load() -> None:
    gc.freeze()
    gc.enable()


def _lazy(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A MODES entry that imports its screen on first use: only Sessions is needed for the
    first paint, and every import before it counts against the first-paint budget."""

    def make() -> Screen[Any]:
        screen_type: type[Screen[Any]] = getattr(
            import_module(f"floortrack.tui.screens.{module}"), name
        )
        return screen_type()

    return make


class FloortrackApp(App[None]):
    TITLE = "floortrack"
    # The first screen's styles load with the app's: a screen's own CSS_PATH makes Textual
    # re-parse the whole stylesheet when it mounts, which would delay the first paint.
    CSS_PATH: ClassVar = ["app.tcss", "screens/sessions.tcss"]
    # The first screen is the Sessions mode itself: Textual composes it straight away instead
    # of a default screen that on_mount then switches away from (each switch re-parses the
    # stylesheet). Keys 1-6 still switch modes; 1 comes back to this same screen.
    DEFAULT_MODE: ClassVar[str] = "sessions"
    MODES: ClassVar = {
        "sessions": SessionsScreen,
        "codes": _lazy("codes", "CodesScreen"),
        "claims": _lazy("claims", "ClaimsScreen"),
        "overview": _lazy("overview", "OverviewScreen"),
        "progress": _lazy("progress", "ProgressScreen"),
        "plans": _lazy("plans", "PlansScreen"),
    }

    def __init__(
        self,
        repo: Repository,
        *,
        demo: bool = False,
        poll_interval: float = 1.5,
        tune_gc: bool = False,
        work_ahead: bool = False,
    ) -> None:
        """`tune_gc` (as `floortrack.tui.run` does) sets the process's garbage collection up
        for this one long-lived app (GC_THRESHOLDS); `work_ahead` (so does `run`) imports
        and styles the forms and screens once the first load is in (tui/ahead.py). Tests,
        which start many short-lived apps in one process, leave both off."""
        if tune_gc:
            tune_gc_for_startup()
        super().__init__()
        self.repo = repo
        self.demo = demo
        self._tune_gc = tune_gc
        self._work_ahead = work_ahead
        self.data = DataService(self, repo, poll_interval=poll_interval, on_loaded=self._loaded)
        self._theme_restored = False
        self._theme_saved: str | None = None
        if demo:
            self.sub_title = "demo data — changes are thrown away"

    # -- start-up --------------------------------------------------------------------------
    def _loaded(self) -> None:
        """Every record is in: GC back on (see tune_gc_for_startup), and the Overview's
        figures worked out in the background, so its first visit finds them ready instead
        of going over ten years of claims then
        (docs/ARCHITECTURE.md, "Attention, bounded and grouped"); then, with `work_ahead`,
        what the first form and screen would load (tui/ahead.py)."""
        if self._tune_gc:
            gc_after_first_load()
        self.run_worker(
            self._warm_overview,
            thread=True,
            group="warm-up",
            description="Overview figures, ahead of the first visit",
            exit_on_error=False,  # only a head start: the Overview computes them itself
        )

    def _warm_overview(self) -> None:
        from floortrack.tui.screens.overview import compute

        data = self.data
        compute(
            list(data.sessions),
            list(data.claims),
            list(data.plans),
            list(data.auths),
            clock.today(),
            list(data.clinics),
            list(data.calls),
        )
        if self._work_ahead:
            from floortrack.tui import ahead

            ahead.import_modules()
            self.call_from_thread(ahead.load_styles, self)

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        # A widget not yet mounted is styled when it is (App._register applies the whole
        # stylesheet to every new widget). Textual restyles it on every class change even
        # before that: Input sets its -valid class in __init__, so each Input of a form was
        # styled once for nothing, about a third of opening the visit form.
        if node is self or node.is_attached:
            super().update_styles(node, animate)

    def on_mount(self) -> None:
        self._restore_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # The records are read on the store thread while the first frame (with its
        # placeholder) is painted; nothing here waits for them.
        self.data.start()

    def _restore_theme(self) -> None:
        # A few bytes of JSON: read before the first frame so it is painted in the right theme.
        # A data file from before the preferences file may still hold the old choice (read
        # from memory; it is never written there again).
        name = preferences.theme() or self.repo.get_setting("theme")
        if isinstance(name, str) and name in self.available_themes:
            self.theme = name
            self._theme_saved = name
        self._theme_restored = True

    def _remember_theme(self, theme: Theme) -> None:
        if self.demo or not self._theme_restored or self._theme_saved == theme.name:
            return
        self._theme_saved = name = theme.name
        self.run_worker(self._save_theme(name), group="theme")

    async def _save_theme(self, name: str) -> None:
        try:
            await self.data.call(preferences.set_theme, name)
        except OSError as error:  # a preference is not worth more than a word
            self.notify(f"Could not remember the theme: {error}", severity="warning")

    # -- screens ---------------------------------------------------------------------------
    def action_show_help(self) -> None:
        from floortrack.tui.help import HelpScreen  # Markdown is not needed at start-up

        target = self.screen
        if isinstance(target, HelpScreen):
            return
        self.push_screen(HelpScreen(target))

    def action_import_fhir(self) -> None:
        from floortrack.tui.dialogs.fhir_import import open_fhir_import

        open_fhir_import(self)

    def action_show_calls(self) -> None:
        from floortrack.tui.dialogs.calls_dialog import CallsDialog

        async def chosen(claim_id: int | None) -> None:
            if claim_id is not None:
                await self.switch_mode("claims")
                show = getattr(self.screen, "show_claim", None)
                if show is not None:
                    show(claim_id)

        self.push_screen(CallsDialog(self.data.calls), chosen)

    async def action_export_calendar(self) -> None:
        from floortrack.tui.dialogs.calendar_dialog import open_calendar_dialog

        await open_calendar_dialog(self, self.data)

    # -- data: export, backup, restore (palette commands; actions/data_io.py) -------------
    def action_export_data(self) -> None:
        from floortrack import clock
        from floortrack.tui.dialogs.data_dialogs import ExportForm

        self.push_screen(ExportForm(self, self.repo.path.parent, clock.today()))

    @work(group="data-io")
    async def action_backup_now(self) -> None:
        from floortrack.tui.dialogs.data_dialogs import backup_now

        await backup_now(self)

    @work(group="data-io")
    async def action_restore_backup(self) -> None:
        from floortrack.tui.dialogs.data_dialogs import restore_flow

        await restore_flow(self)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The palette's Screenshot: into a folder that exists (never ~/Downloads made up),
        and say where."""
        from floortrack.tui.dialogs.data_dialogs import screenshot_folder

        folder = Path(path) if path else screenshot_folder(self.repo.path)
        try:
            saved = self.save_screenshot(filename, str(folder))
        except OSError as error:
            self.notify(
                f"The screenshot could not be saved in {folder}: {error.strerror or error}",
                severity="error",
            )
            return
        self.notify(f"Screenshot saved to {saved}", title="Screenshot", timeout=8)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        # Textual's default folder (~/Downloads) may not exist: use one that does.
        if path is None:
            from floortrack.tui.dialogs.data_dialogs import screenshot_folder

            path = str(screenshot_folder(self.repo.path))
        return super().deliver_screenshot(filename, path, time_format)

    # -- command palette: the same table as the keys ---------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        noun = getattr(screen, "NOUN", "record")
        titles: set[str] = set()
        for command in commands.COMMANDS:
            if not command.palette:
                continue
            action = command.action
            if command.optional and not (
                isinstance(screen, FloortrackScreen) and hasattr(screen, f"action_{action}")
            ):
                continue
            title = (command.title or command.label).format(noun=noun)
            key = f" ({commands.key_display(command.key)})" if command.key else ""
            titles.add(title)
            help_text = command.help.format(noun=noun) + key
            yield SystemCommand(title, help_text, self._runner(action, screen))
        for system in super().get_system_commands(screen):
            if system.title not in titles:
                yield system

    def _runner(self, action: str, screen: Screen[Any]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.run_action(action, screen)

        return run

    # -- shutdown --------------------------------------------------------------------------
    async def on_unmount(self) -> None:
        self.data.close()
