"""Issue 14 through the CLI (in-process `floortrack.cli.main`): outputs, check, terminal
output, and importing an export twice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from floortrack.cli import main
from floortrack.store import open_repository


@pytest.fixture
def data(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLOORTRACK_DATA", str(data_file))
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-14")
    assert main(["session", "add", "--date", "2026-03-02", "--code", "97110:25"]) == 0
    return data_file


def test_outputs_never_replace_the_data_file(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = data.read_bytes()
    link = tmp_path / "innocent.json"
    link.symlink_to(data)
    hard = tmp_path / "hard.json"
    os.link(data, hard)
    (data.parent / "backups").mkdir(exist_ok=True)
    targets = [
        ["export", "--format", "json", "--out", str(data)],
        ["export", "--format", "json", "--out", str(link)],
        ["export", "--format", "json", "--out", str(hard)],
        ["export", "--format", "json", "--out", str(data) + ".lock"],
        ["export", "--format", "csv", "--out", str(data.parent / "backups")],
        ["report", "--format", "md", "--out", str(data)],
        ["report", "--format", "md", "--out", str(link)],
    ]
    for argv in targets:
        assert main(argv) == 1, argv
        assert "choose another output path" in capsys.readouterr().err
    assert main(["backup", "--out", str(link)]) == 3
    assert data.read_bytes() == before
    assert main(["session", "list"]) == 0  # and the file still opens


def test_check_command(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "checksum intact" in capsys.readouterr().err
    data.write_bytes(data.read_bytes().replace(b'"minutes":25', b'"minutes":35'))
    assert main(["session", "list"]) == 3
    assert "changed outside floortrack" in capsys.readouterr().err
    assert main(["check"]) == 3
    assert "--resign" in capsys.readouterr().err
    assert main(["check", "--resign"]) == 0
    assert main(["session", "list", "--json"]) == 0
    assert '"minutes": 35' in capsys.readouterr().out
    data.write_bytes(data.read_bytes().replace(b'"minutes":35', b'"minutes":"x"'))
    assert main(["check", "--resign"]) == 3
    assert "does not validate" in capsys.readouterr().err


def test_control_characters_never_reach_the_terminal(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = "Bloom\x1b]0;owned\x07\x1b[2J\u202e"
    argv = ["session", "add", "--date", "2026-03-03", "--code", "97110:20", "--provider", evil]
    assert main(argv) == 0
    assert main(["session", "list"]) == 0
    out, err = capsys.readouterr()
    assert "Bloom]0;owned" in out
    assert "\x1b" not in out + err and "\x07" not in out and "\u202e" not in out
    assert main(["session", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" in out  # JSON keeps the value, escaped


def test_importing_an_export_twice_adds_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diary", "add", "--date", "2026-03-05", "--leaks", "2"]) == 0
    export = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--out", str(export)]) == 0
    assert main(["import", str(export)]) == 0
    assert main(["import", str(export)]) == 0
    assert "already in your data" in capsys.readouterr().err
    repo = open_repository(data)
    assert len(repo.sessions) == 1 and len(repo.diary) == 1
    # The same day with other values: refused, nothing imported.
    text = export.read_text().replace('"leaks": 2', '"leaks": 5')
    other = tmp_path / "other.json"
    other.write_text(text)
    assert main(["import", str(other)]) == 1
    assert "diary day 2026-03-05 is already in your data" in capsys.readouterr().err
    assert open_repository(data).diary.all()[0].leaks == 2


def test_text_that_cannot_be_printed_is_replaced_not_a_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A lone surrogate: what bytes in argv that are not UTF-8 can become.
    from floortrack.cli import main

    code = main(["explain", "\ud800"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "unexpected error" not in err
    assert "?" in out + err  # the character it could not print, as a question mark


@pytest.mark.parametrize("name", ["out\x00.json", "out\ud800.json"])
def test_a_name_no_file_can_have_is_one_line_never_a_crash(
    name: str, data_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from floortrack.cli import main as cli_main

    assert cli_main(["session", "add", "--date", "2026-03-02", "--code", "97110:25"]) == 0
    before = data_file.read_bytes()
    capsys.readouterr()
    outputs = [
        ["export", "--format", "json", "--out", name],
        ["report", "--format", "md", "--out", name],
        ["backup", "--out", name],
    ]
    for argv in outputs:
        assert cli_main(argv) in (1, 3), argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "cannot be written" in err, (argv, err)
    assert cli_main(["--data", name, "session", "list"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("no file name can have" in err or "NUL" in err)
    assert data_file.read_bytes() == before
