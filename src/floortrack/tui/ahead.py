"""Work the first opening of a form or screen would do while the patient waits, done once
instead while the app is idle after the first load (docs/ARCHITECTURE.md, "Performance
targets").

Two costs were most of opening the visit form the first time (~230 ms at 5,000 visits,
against ~110 ms every time after):

- its modules: the form, its base and the code catalogue it explains codes with (~25 ms);
- its stylesheet: a screen with its own CSS_PATH makes Textual, on first mount, parse the
  app's whole stylesheet again and restyle every widget of every screen. Reading every
  screen's CSS now costs that once, at idle, for all of them.

All of them are read, not only the form's: each screen's rules are scoped to its own class
(`SessionForm #form {…}`), so loading one screen's CSS early changes no other screen.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from textual.app import App

# Every screen and dialog of floortrack.tui with a CSS_PATH of its own, relative to this
# folder (tests/tui/test_ahead.py checks the list is whole).
STYLED = (
    "dialogs/calendar_dialog.tcss",
    "dialogs/diary_form.tcss",
    "dialogs/documents_dialog.tcss",
    "dialogs/fhir_import.tcss",
    "dialogs/letter_dialog.tcss",
    "dialogs/report_dialog.tcss",
    "dialogs/session_form.tcss",
    "screens/claims.tcss",
    "screens/codes.tcss",
    "screens/overview.tcss",
    "screens/plans.tcss",
    "screens/progress.tcss",
)

# What the first visit form imports beyond the first screen's modules.
MODULES = ("floortrack.tui.dialogs.session_form",)


def css_paths() -> list[Path]:
    """Each STYLED file as Textual names it (resolved, like a Screen's `css_path`)."""
    here = Path(__file__).parent
    return [(here / name).resolve() for name in STYLED]


def import_modules() -> None:
    """Safe on a worker thread: importing only defines classes and functions."""
    for name in MODULES:
        import_module(name)


def load_styles(app: App[object]) -> bool:
    """Read every screen's CSS into the app's stylesheet, then parse and restyle once: what
    Textual would otherwise do on the first mount of each such screen (App._load_screen_css,
    whose `has_source` check then finds them read). On the app's thread. True if anything
    was read."""
    stylesheet = app.stylesheet
    missing = [path for path in css_paths() if not stylesheet.has_source(str(path), "")]
    for path in missing:
        stylesheet.read(path)
    if missing:
        stylesheet.reparse()
        stylesheet.update(app)
    return bool(missing)
