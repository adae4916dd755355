"""Test isolation for the whole suite: nothing ever touches the real user data dir."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data file (not yet created) via FLOORTRACK_DATA."""
    path = tmp_path / "data" / "floortrack.json"
    monkeypatch.setenv("FLOORTRACK_DATA", str(path))
    monkeypatch.setenv("FLOORTRACK_CONFIG", str(tmp_path / "config" / "config.json"))
    # Point platformdirs somewhere harmless too, in case anything resolves it.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FLOORTRACK_TODAY", raising=False)
    return path
