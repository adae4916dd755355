"""Where an unexpected error's details go: a private log file, never the terminal.

A traceback printed on screen can show record contents (Textual's shows local variables);
the patient sees one line naming this file instead, and can attach it to a bug report
(docs/STORAGE.md, "Crashes"). The file holds the traceback without local variables.
"""

from __future__ import annotations

import contextlib
import os
import platform
import traceback
from datetime import datetime
from pathlib import Path

from floortrack import __version__

KEEP_LOGS = 10


def log_folder(data_path: Path | None) -> Path:
    """`logs/` beside the data file when its folder exists, else the platform's log folder."""
    if data_path is not None and data_path.parent.is_dir():
        return data_path.parent / "logs"
    import platformdirs

    return platformdirs.user_log_path("floortrack", appauthor=False)


def write_crash_log(error: BaseException, data_path: Path | None, command: str = "") -> Path | None:
    """Write `error`'s traceback to a new 0600 file; return its path (None if impossible)."""
    folder = log_folder(data_path)
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True)
            os.chmod(folder, 0o700)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"crash-{stamp}.log"
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"floortrack {__version__} on Python {platform.python_version()}\n")
            handle.write(f"command: {command or '(the app)'}\n\n")
            handle.writelines(traceback.format_exception(error))
    except OSError:
        return None
    _rotate(folder)
    return path


def _rotate(folder: Path) -> None:
    with contextlib.suppress(OSError):
        logs = sorted(p for p in folder.iterdir() if p.name.startswith("crash-"))
        for old in logs[:-KEEP_LOGS]:
            with contextlib.suppress(OSError):
                old.unlink()
