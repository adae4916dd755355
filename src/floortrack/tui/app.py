"""FloortrackApp: five peer screens as App.MODES (keys 1-5), one DataService, theme memory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from importlib import import_module
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.theme import Theme

from floortrack.store import Repository
from floortrack.tui import commands
from floortrack.tui.data import DataService
from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.screens.sessions import SessionsScreen


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
    MODES: ClassVar = {
        "sessions": SessionsScreen,
        "codes": _lazy("codes", "CodesScreen"),
        "claims": _lazy("claims", "ClaimsScreen"),
        "overview": _lazy("overview", "OverviewScreen"),
        "progress": _lazy("progress", "ProgressScreen"),
    }

    def __init__(self, repo: Repository, *, demo: bool = False, poll_interval: float = 1.5) -> None:
        super().__init__()
        self.repo = repo
        self.demo = demo
        self.data = DataService(self, repo, poll_interval=poll_interval)
        self._mode_screens: list[FloortrackScreen] = []
        self._theme_restored = False
        if demo:
            self.sub_title = "demo data — changes are thrown away"

    # -- start-up --------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._restore_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.switch_mode("sessions")
        # The records are read on the store thread while the first frame (with its
        # placeholder) is painted; nothing here waits for them.
        self.data.start()

    def _restore_theme(self) -> None:
        # The setting is in memory already (open_repository read the file), so no I/O here.
        name = self.repo.get_setting("theme")
        if isinstance(name, str) and name in self.available_themes:
            self.theme = name
        self._theme_restored = True

    def _remember_theme(self, theme: Theme) -> None:
        if self.demo or not self._theme_restored:
            return
        if self.repo.get_setting("theme") == theme.name:
            return
        name = theme.name
        self.run_worker(
            self.data.save(lambda repo: repo.set_setting("theme", name), success=None),
            group="theme",
        )

    # -- screens ---------------------------------------------------------------------------
    def register_mode_screen(self, screen: FloortrackScreen) -> None:
        if screen not in self._mode_screens:
            self._mode_screens.append(screen)

    def unregister_mode_screen(self, screen: FloortrackScreen) -> None:
        if screen in self._mode_screens:
            self._mode_screens.remove(screen)

    def data_refreshed(self) -> None:
        """After any load, save or external change: every mounted mode screen re-renders."""
        for screen in list(self._mode_screens):
            screen.data_changed()

    def action_show_help(self) -> None:
        from floortrack.tui.help import HelpScreen  # Markdown is not needed at start-up

        target = self.screen
        if isinstance(target, HelpScreen):
            return
        self.push_screen(HelpScreen(target))

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
