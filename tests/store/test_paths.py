"""Which file floortrack uses, and where its companions go (docs/STORAGE.md, S1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from floortrack.cli import main
from floortrack.store import open_repository, resolve_data_path


def test_a_symlinked_data_file_is_saved_where_it_really_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "synced" / "floortrack.json"
    real.parent.mkdir()
    link = tmp_path / "floortrack.json"
    link.symlink_to(real)
    assert resolve_data_path(str(link)) == real.resolve()

    args = ["--data", str(link), "session", "add", "--date", "2026-03-02", "--code", "97110:25"]
    assert main(args) == 0
    capsys.readouterr()

    assert link.is_symlink() and link.resolve() == real.resolve()  # not replaced by a file
    assert [s.provider for s in open_repository(real).sessions.all()] == [""]
    assert (real.parent / "floortrack.json.lock").exists()
    assert not (tmp_path / "floortrack.json.lock").exists()


def test_the_data_option_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOORTRACK_DATA", str(tmp_path / "env.json"))
    assert resolve_data_path(str(tmp_path / "option.json")) == (tmp_path / "option.json").resolve()
    assert resolve_data_path(None) == (tmp_path / "env.json").resolve()
