"""The small preferences file (the TUI's theme), kept apart from the health-data file.

A colour change is not health data: it must not cost a durable save of the records (nor
start the day's backup). The file is JSON under the user config folder
(`platformdirs.user_config_path("floortrack")`), or where FLOORTRACK_CONFIG says; it is
written atomically with mode 0600 (docs/STORAGE.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes

CONFIG_ENV = "FLOORTRACK_CONFIG"
CONFIG_FILENAME = "config.json"


def config_path() -> Path:
    """FLOORTRACK_CONFIG, else config.json in the user config folder (resolved at call time)."""
    given = os.environ.get(CONFIG_ENV, "").strip()
    if given:
        return Path(given).expanduser()
    import platformdirs  # only needed when no override is given

    folder = platformdirs.user_config_path("floortrack", appauthor=False, roaming=False)
    return folder / CONFIG_FILENAME


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The preferences, or {} when the file is missing or unreadable (a preference lost is
    only a default shown again; it never stops the app)."""
    try:
        loaded = json.loads((path or config_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_config(values: dict[str, Any], path: Path | None = None) -> Path:
    """Replace the preferences file with `values`, atomically, readable by the user only."""
    target = path or config_path()
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    payload = json.dumps(values, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    atomic_write_bytes(target, payload)
    return target
