"""Where the data file lives: --data, else FLOORTRACK_DATA, else the platformdirs default.

Resolved at call time, never at import, so tests and `--data` always win. pathlib is
imported by the functions that return a Path, not here: `floortrack path` names the file
with os.path alone (pathlib and what it pulls in cost about half the interpreter's start-up).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing's own flag, without importing typing (mypy reads it alike)
if TYPE_CHECKING:
    from pathlib import Path

DATA_ENV = "FLOORTRACK_DATA"
DEFAULT_FILENAME = "floortrack.json"


def default_data_name() -> str:
    import platformdirs  # imported here: only needed when no override is given

    # appauthor=False: on Windows %LOCALAPPDATA%\floortrack, not ...\floortrack\floortrack.
    folder = platformdirs.user_data_dir("floortrack", appauthor=False, roaming=False)
    return os.path.join(folder, DEFAULT_FILENAME)


def unusable_name(path: str | os.PathLike[str]) -> str | None:
    """Why no file can have this name (a NUL, a character the file system's encoding
    cannot write), else None. Such a name reaches floortrack from an argument or a variable
    and would otherwise fail deep in a system call."""
    try:
        encoded = os.fsencode(path)
    except UnicodeError:
        return "its name has a character no file name can have"
    return "its name has a NUL character" if b"\0" in encoded else None


def resolve_data_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data file to use, as an absolute path (symlinks in folders resolved). Raises
    StoreError for a name no file can have."""
    from pathlib import Path

    return Path(resolve_data_name(explicit))


def resolve_data_name(explicit: str | os.PathLike[str] | None = None) -> str:
    """resolve_data_path as a string, without pathlib."""
    if explicit:
        chosen = os.fspath(explicit)
    elif os.environ.get(DATA_ENV, "").strip():
        chosen = os.environ[DATA_ENV].strip()
    else:
        chosen = default_data_name()
    problem = unusable_name(chosen)
    if problem is not None:
        from .errors import StoreError

        raise StoreError(chosen, problem, "name the data file with --data PATH")
    # realpath once (docs/STORAGE.md, S1): temp, lock and backup files then live in the file's
    # real folder, and a data file reached through a symlink is replaced where it really is.
    return os.path.realpath(os.path.expanduser(chosen))


LOCK_SUFFIX = ".lock"
PROTECTED_FOLDERS = ("backups", "documents")  # beside the data file: floortrack's own


class ProtectedPathError(ValueError):
    """An output path that would replace the data file or something floortrack keeps, or
    one no file can have (a NUL in it)."""


def check_output_path(target: Path, data_path: Path) -> Path:
    """The real path an export, report or copy may be written to, or ProtectedPathError.

    Refused: the data file, its lock file, anything in its backups or documents folder,
    and any path that reaches one of those through a symlink or a hard link
    (docs/STORAGE.md, "Outputs never replace the data"); also a name no file can have."""
    from pathlib import Path

    problem = unusable_name(target)
    if problem is not None:
        raise ProtectedPathError(
            f"{str(target)!r} cannot be written: {problem}; choose another path"
        )
    real = Path(os.path.realpath(target.expanduser()))  # follows every symlink on the way
    data = Path(os.path.realpath(data_path))
    protected = {data: "your data file", Path(str(data) + LOCK_SUFFIX): "the data file's lock"}
    what = protected.get(real)
    if what is None:
        for name in PROTECTED_FOLDERS:
            folder = data.parent / name
            if real == folder or folder in real.parents:
                what = f"floortrack's {name} folder ({folder})"
                break
    if what is None:
        try:
            if real.exists() and data.exists() and os.path.samefile(real, data):
                what = "your data file (a link to it)"
        except OSError:  # unreadable: the realpath check above decides
            pass
    if what is not None:
        raise ProtectedPathError(f"{target} is {what}: choose another output path")
    return real
