"""The Textual app. Only this package imports Textual; the CLI imports it lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from floortrack.store import Repository


def run(repo: Repository, demo: bool = False) -> int:
    """Run the TUI on an open repository until the user quits. Returns an exit code.

    An unexpected error inside the app is re-raised here after the screen is restored, for
    the CLI's crash handler (exit 70, details in a private log file). Textual's own handler
    would print a traceback with local variables, that is record contents, on the terminal
    (docs/STORAGE.md, "Crashes")."""
    from floortrack.tui.app import FloortrackApp

    app = FloortrackApp(repo, demo=demo, tune_gc=True, work_ahead=True)
    crashes: list[Exception] = []

    def quiet_crash(error: Exception) -> None:
        crashes.append(error)
        # Textual's App._handle_exception without the on-screen traceback (Textual 8.x).
        app._return_code = 1
        app._close_messages_no_wait()

    app._handle_exception = quiet_crash  # type: ignore[method-assign]
    app.run()
    if crashes:
        raise crashes[0]
    return 0
