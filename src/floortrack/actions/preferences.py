"""Preferences of the front ends (the TUI's theme), in the config file, not the data file."""

from __future__ import annotations

from pathlib import Path

from floortrack.model import ValidationError
from floortrack.store.config import read_config, write_config


def theme(path: Path | None = None) -> str | None:
    """The theme chosen last time, or None."""
    name = read_config(path).get("theme")
    return name if isinstance(name, str) and name else None


def set_theme(name: str, path: Path | None = None) -> str:
    """Remember `name` as the theme; the other preferences are kept."""
    if not name.strip():
        raise ValidationError("a theme needs a name", "theme")
    values = read_config(path)
    if values.get("theme") != name:
        values["theme"] = name
        write_config(values, path)
    return name
