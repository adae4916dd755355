"""The theme preference lives in a small config file, never in the health-data file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from floortrack.actions import preferences
from floortrack.store.config import config_path, read_config


def test_the_config_path_follows_floortrack_config(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FLOORTRACK_CONFIG", str(tmp_path / "elsewhere.json"))
    assert config_path() == tmp_path / "elsewhere.json"
    monkeypatch.delenv("FLOORTRACK_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "floortrack" / "config.json"


def test_set_theme_writes_private_json_and_keeps_other_keys(tmp_path) -> None:
    path = tmp_path / "config" / "config.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"other": 1}))
    assert preferences.theme(path) is None
    preferences.set_theme("nord", path)
    assert json.loads(path.read_text()) == {"other": 1, "theme": "nord"}
    assert preferences.theme(path) == "nord"
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    leftovers = [p.name for p in path.parent.iterdir() if p.name != "config.json"]
    assert leftovers == []  # written through a temp file renamed over


def test_an_unreadable_config_is_only_a_default(tmp_path) -> None:
    path = Path(tmp_path / "config.json")
    path.write_text("{not json")
    assert read_config(path) == {}
    assert preferences.theme(path) is None
    preferences.set_theme("textual-light", path)
    assert preferences.theme(path) == "textual-light"
