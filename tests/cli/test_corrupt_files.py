"""A bad data file gives exit 3 and is left alone, through the real console script
(docs/STORAGE.md, S6).

For a representative few of the corrupt-file cases (the full corpus runs in-process in
tests/store/test_corrupt_open.py), every command kind is tried: a read (`session list`),
a write (`session add`), `export --format json`, and the TUI launch (no command, stdin not
a terminal: it must refuse before taking over the screen). Each must exit 3 with one line
on stderr naming the file, print no traceback, and change no byte, mtime or folder entry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

FLOORTRACK = Path(sys.executable).with_name("floortrack")

COMMANDS = {
    "read": ["session", "list"],
    "write": ["session", "add", "--date", "2026-01-20", "--code", "97110:25"],
    "export": ["export", "--format", "json"],
    "tui": [],
}


def _valid(path: Path) -> bytes:
    """A small valid file written by the CLI itself."""
    env = {**os.environ, "FLOORTRACK_DATA": str(path), "FLOORTRACK_TODAY": "2026-02-01"}
    for day in ("2026-01-05", "2026-01-08"):
        subprocess.run(
            [FLOORTRACK, "session", "add", "--date", day, "--code", "97110:25", "97140:15"],
            env=env,
            check=True,
            capture_output=True,
        )
    return path.read_bytes()


def _future(raw: bytes) -> bytes:
    return raw.replace(b'"schema_version":1', b'"schema_version":7')


def _bad_minutes(raw: bytes) -> bytes:
    doc = orjson.loads(raw)
    doc["_meta"]["1"].pop("content_crc32")  # edited by hand: the checksum is gone
    doc["sessions"]["1"]["lines"][0]["minutes"] = "abc"
    return orjson.dumps(doc)


def _date_number(raw: bytes) -> bytes:
    doc = orjson.loads(raw)
    doc["_meta"]["1"]["content_crc32"] = 1  # edited by hand: the checksum no longer matches
    doc["sessions"]["2"]["date"] = 12
    return orjson.dumps(doc)


CASES = {
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "binary": lambda raw: bytes(range(256)) * 8,
    "array": lambda raw: b"[]",
    "no _meta (stock TinyDB)": lambda raw: b'{"_default": {}}',
    "newer schema": _future,
    "minutes 'abc'": _bad_minutes,
    "date 12": _date_number,
}


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else (b"dir", 0)
        for p in sorted(folder.iterdir())
    }


def _run(args: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLOORTRACK_DATA": str(path), "FLOORTRACK_TODAY": "2026-02-01"}
    return subprocess.run(
        [FLOORTRACK, *args],
        env=env,
        stdin=subprocess.DEVNULL,  # not a terminal: the TUI could never start here
        capture_output=True,
        text=True,
        timeout=30,
    )


def _assert_exit_3_untouched(path: Path, args: list[str], expect: str) -> None:
    before = _state(path.parent)
    result = _run(args, path)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("floortrack: ")
    assert str(path) in lines[0]
    assert expect in lines[0]
    assert result.stdout == ""
    assert _state(path.parent) == before


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _valid(tmp_path_factory.mktemp("valid") / "floortrack.json")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_file_exit_3_and_untouched(
    data_file: Path, valid_bytes: bytes, case: str, command: str
) -> None:
    data_file.parent.mkdir(parents=True, exist_ok=True)
    data_file.write_bytes(CASES[case](valid_bytes))
    expect = "newer floortrack" if case == "newer schema" else "cannot use data file"
    _assert_exit_3_untouched(data_file, COMMANDS[command], expect)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_directory_at_the_data_path(data_file: Path, command: str) -> None:
    data_file.mkdir(parents=True)
    (data_file / "keep.txt").write_text("not ours")
    _assert_exit_3_untouched(data_file, COMMANDS[command], "not a regular file")
    assert (data_file / "keep.txt").read_text() == "not ours"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a mode-000 file (CI runs as root)")
def test_an_unreadable_file(data_file: Path, valid_bytes: bytes) -> None:
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(valid_bytes)
    data_file.chmod(0o000)
    try:
        _assert_exit_3_untouched(data_file, COMMANDS["read"], "permission")
    finally:
        data_file.chmod(0o600)


def test_the_valid_file_still_works(data_file: Path, valid_bytes: bytes) -> None:
    """The control: the same commands on the undamaged file succeed (so exit 3 means damage)."""
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(valid_bytes)
    data_file.chmod(0o600)
    assert _run(COMMANDS["read"], data_file).returncode == 0
    assert _run(COMMANDS["export"], data_file).returncode == 0
    added = _run(COMMANDS["write"], data_file)
    assert added.returncode == 0 and added.stdout.strip() == "3"
