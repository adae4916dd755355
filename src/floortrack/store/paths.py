"""Where the data file lives: --data, else FLOORTRACK_DATA, else the platformdirs default.

Resolved at call time, never at import, so tests and `--data` always win.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "FLOORTRACK_DATA"
DEFAULT_FILENAME = "floortrack.json"


def default_data_path() -> Path:
    import platformdirs  # imported here: only needed when no override is given

    # appauthor=False: on Windows %LOCALAPPDATA%\floortrack, not ...\floortrack\floortrack.
    folder = platformdirs.user_data_path("floortrack", appauthor=False, roaming=False)
    return folder / DEFAULT_FILENAME


def resolve_data_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data file to use, as an absolute path (symlinks in folders resolved)."""
    if explicit:
        chosen = Path(explicit)
    elif os.environ.get(DATA_ENV, "").strip():
        chosen = Path(os.environ[DATA_ENV].strip())
    else:
        chosen = default_data_path()
    # realpath once (docs/STORAGE.md, S1): temp, lock and backup files then live in the file's
    # real folder, and a data file reached through a symlink is replaced where it really is.
    return chosen.expanduser().resolve()
