"""`floortrack backup` and `floortrack restore`."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from floortrack.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def diary_dates(capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = run(capsys, "diary", "list", "--json")
    return [r["date"] for r in json.loads(out)]


@pytest.fixture
def saved(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-10")
    run(capsys, "diary", "add", "--date", "2026-03-01", "--leaks", "3")


def test_backup_then_restore_with_yes(
    capsys: pytest.CaptureFixture[str], saved: None, tmp_path: Path
) -> None:
    out_file = tmp_path / "copy.json"
    code, out, _ = run(capsys, "backup", "--out", str(out_file))
    assert code == 0 and out.strip() == str(out_file.resolve())
    run(capsys, "diary", "add", "--date", "2026-03-02", "--leaks", "1")
    assert diary_dates(capsys) == ["2026-03-01", "2026-03-02"]

    code, _, err = run(capsys, "restore", str(out_file), "--yes")
    assert code == 0 and "kept in" in err
    assert diary_dates(capsys) == ["2026-03-01"]
    code, out, _ = run(capsys, "backup", "--list")
    assert "prerestore" in out  # the replaced data is one of the kept backups


def test_backup_without_out_goes_to_the_backups_folder(
    capsys: pytest.CaptureFixture[str], saved: None, data_file: Path
) -> None:
    code, out, _ = run(capsys, "backup")
    target = Path(out.strip())
    assert code == 0 and target.parent == data_file.parent / "backups"
    assert target.read_bytes() == data_file.read_bytes()


def test_restore_asks_and_no_keeps_the_data(
    capsys: pytest.CaptureFixture[str],
    saved: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_file = tmp_path / "copy.json"
    run(capsys, "backup", "--out", str(out_file))
    run(capsys, "diary", "add", "--date", "2026-03-02", "--leaks", "1")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "restore", str(out_file))
    assert code == 1 and "Replace the data" in err and "cancelled" in err
    assert diary_dates(capsys) == ["2026-03-01", "2026-03-02"]
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run(capsys, "restore", str(out_file))[0] == 0
    assert diary_dates(capsys) == ["2026-03-01"]


def test_restore_refuses_a_corrupt_file_with_exit_3(
    capsys: pytest.CaptureFixture[str], saved: None, tmp_path: Path, data_file: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"_meta": {"1": {"schema_version": 1}}, "claims": {"1": {"payer": ""}}}')
    before = hashlib.sha256(data_file.read_bytes()).hexdigest()
    listing = sorted(os.listdir(data_file.parent))
    code, out, err = run(capsys, "restore", str(bad), "--yes")
    assert code == 3 and out == ""
    assert str(bad) in err and "nothing was restored" in err and "Traceback" not in err
    assert hashlib.sha256(data_file.read_bytes()).hexdigest() == before
    assert sorted(os.listdir(data_file.parent)) == listing
    assert diary_dates(capsys) == ["2026-03-01"]


def test_restore_replaces_a_corrupt_data_file(
    capsys: pytest.CaptureFixture[str], saved: None, tmp_path: Path, data_file: Path
) -> None:
    good = tmp_path / "good.json"
    run(capsys, "backup", "--out", str(good))
    data_file.write_bytes(b'{"_meta": {"1": {"schema_ver')  # a torn, unreadable file
    assert run(capsys, "diary", "list")[0] == 3  # floortrack refuses to use it
    code, _, err = run(capsys, "restore", str(good), "--yes")
    assert code == 0 and "kept in" in err
    assert diary_dates(capsys) == ["2026-03-01"]
    kept = [p for p in (data_file.parent / "backups").iterdir() if "prerestore" in p.name]
    assert [p.read_bytes() for p in kept] == [b'{"_meta": {"1": {"schema_ver']  # not lost
