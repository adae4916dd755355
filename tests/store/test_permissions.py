"""Health data is private - folder 0700; data, lock, temp and backup files 0600
(docs/STORAGE.md, S7).

Checked under a permissive umask (022), the usual private one (077), none (000) and the
pathological 0777. Files and folders that already exist with loose modes are reported (a
notice the CLI prints on stderr), never chmod-ed: floortrack changes only what it creates.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from floortrack.model import Session, SessionLine
from floortrack.store import atomic as atomic_module
from floortrack.store import open_repository
from floortrack.store.backups import backup_folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _visit(day: str = "2026-01-05") -> Session:
    return Session(date=day, lines=(SessionLine("97110", 25),))


@pytest.fixture(params=[0o022, 0o077, 0o000, 0o777], ids=lambda u: f"umask{u:03o}")
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_first_save_creates_private_folder_and_files(
    data_file: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp_modes: list[int] = []
    real_replace = os.replace

    def watching_replace(src: Any, dst: Any) -> None:
        temp_modes.append(_mode(Path(src)))  # the temp file, just before it becomes the data
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", watching_replace)
    repo = open_repository(data_file)
    assert not data_file.parent.exists()  # opening alone creates nothing
    repo.sessions.add(_visit())
    assert _mode(data_file.parent) == 0o700
    assert _mode(data_file) == 0o600
    assert _mode(Path(str(data_file) + ".lock")) == 0o600
    assert temp_modes == [0o600]

    # The next day's first save keeps a backup copy: private too.
    monkeypatch.setenv("FLOORTRACK_TODAY", "2099-01-01")
    repo.sessions.add(_visit("2026-01-08"))
    backups = list(backup_folder(data_file).iterdir())
    assert backups, "no daily backup was made"
    assert _mode(backup_folder(data_file)) == 0o700
    assert {_mode(b) for b in backups} == {0o600}
    assert set(temp_modes) == {0o600}


def test_loose_folder_and_file_are_reported_not_chmodded(data_file: Path) -> None:
    """floortrack never changes the mode of something it did not create; it says so."""
    open_repository(data_file).sessions.add(_visit())
    os.chmod(data_file.parent, 0o755)
    os.chmod(data_file, 0o644)
    repo = open_repository(data_file)
    assert _mode(data_file.parent) == 0o755
    assert _mode(data_file) == 0o644
    assert any(f"chmod 700 {data_file.parent}" in n for n in repo.notices)
    assert any(f"chmod 600 {data_file}" in n for n in repo.notices)
    assert len(repo.sessions) == 1  # and the data is untouched
    repo.sessions.add(_visit("2026-01-08"))  # a save writes the file anew, private
    assert _mode(data_file) == 0o600 and _mode(data_file.parent) == 0o755


def test_a_shared_sticky_folder_is_never_chmodded(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    repo = open_repository(shared / "floortrack.json")
    repo.sessions.add(_visit())
    assert _mode(shared) == 0o1777
    assert _mode(shared / "floortrack.json") == 0o600
    again = open_repository(shared / "floortrack.json")
    assert any("shared folder" in n for n in again.notices)


def test_a_refused_file_and_its_folder_keep_their_modes(data_file: Path) -> None:
    data_file.parent.mkdir()
    os.chmod(data_file.parent, 0o755)
    data_file.write_bytes(b"not json")
    os.chmod(data_file, 0o644)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("floortrack")), "session", "list"],
        env={**os.environ, "FLOORTRACK_DATA": str(data_file)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 3
    assert _mode(data_file.parent) == 0o755 and _mode(data_file) == 0o644


def test_cli_prints_the_permission_notice_on_stderr(data_file: Path) -> None:
    open_repository(data_file).sessions.add(_visit())
    os.chmod(data_file.parent, 0o755)
    os.chmod(data_file, 0o644)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("floortrack")), "session", "list", "--json"],
        env={**os.environ, "FLOORTRACK_DATA": str(data_file)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "private" in result.stderr and str(data_file) in result.stderr
    assert '"date": "2026-01-05"' in result.stdout  # stdout stays clean JSON
    assert _mode(data_file) == 0o644 and _mode(data_file.parent) == 0o755  # read-only command


def test_private_modes_kept_already_private_files_get_no_notice(data_file: Path) -> None:
    open_repository(data_file).sessions.add(_visit())
    assert open_repository(data_file).notices == []
