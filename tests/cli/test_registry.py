"""The lazy subcommand table: `floortrack <cmd>` loads only <cmd>'s module, and `--help` still
lists every command, in the same order, with the same help line."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from floortrack.cli import COMMAND_MODULES, COMMANDS, build_parser, main


def _registered() -> list[tuple[str, str, str]]:
    """(name, module, help) of every command, from the modules' own register()."""
    found: list[tuple[str, str, str]] = []
    for module in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(f"floortrack.cli.{module}").register(subparsers)
        found += [(a.dest, module, a.help or "") for a in subparsers._choices_actions]
    return found


def test_the_table_lists_exactly_what_the_modules_register() -> None:
    # A command added, renamed, moved or reworded in its module without the table fails here.
    assert _registered() == list(COMMANDS)


def test_help_is_the_same_whether_the_modules_are_loaded_or_not() -> None:
    assert build_parser(load=set()).format_help() == build_parser().format_help()


def test_help_lists_every_command_with_its_help_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # help wraps long lines
    assert "path print the data file in use" in out
    position = 0
    for name, _, help_line in COMMANDS:
        found = out.find(f" {name} {' '.join(help_line.split())}", position)
        assert found > position, name  # every command, in the table's order
        position = found


def test_an_unknown_command_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sesion", "list"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'sesion'" in err
    choices = ", ".join(repr(name) for name in ("path", *(name for name, _, _ in COMMANDS)))
    assert f"(choose from {choices})" in err


def test_a_command_still_has_its_own_options_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["claim", "list", "--help"])
    assert "--status" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main(["--data", "x.json", "claim", "lst"])
    assert stop.value.code == 2
    assert "invalid choice: 'lst'" in capsys.readouterr().err


def _loaded_after(argv: list[str], tmp_path: Path) -> set[str]:
    code = (
        "import sys; from floortrack.cli import main; "
        f"code = main({argv!r}); "
        "print(code, ' '.join(sorted(m for m in sys.modules "
        "if m.startswith(('floortrack', 'filelock', 'tinydb')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={
            "FLOORTRACK_DATA": str(tmp_path / "d.json"),
            "PATH": "",
            "HOME": str(tmp_path),
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # the tree under test
        },
    )
    assert result.returncode == 0, result.stderr
    exit_code, modules = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert exit_code == "0", result.stderr
    return set(modules.split())


def _command_modules(modules: set[str]) -> set[str]:
    return {m.rsplit(".", 1)[1] for m in modules if m.startswith("floortrack.cli.")} & set(
        COMMAND_MODULES
    )


def test_path_loads_no_command_module_nor_the_rules(tmp_path: Path) -> None:
    loaded = _loaded_after(["path"], tmp_path)
    assert _command_modules(loaded) == set()
    assert not {m for m in loaded if m.startswith(("floortrack.actions", "floortrack.billing"))}
    assert "floortrack.reports" not in loaded
    # nor the data file's machinery: printing a path opens no file
    assert not {"filelock", "tinydb", "floortrack.model", "floortrack.store.repository"} & loaded


def test_path_starts_on_the_interpreters_own_modules(tmp_path: Path) -> None:
    """`floortrack path` stays near `python -c pass` (issue 16): none of the standard
    modules that cost more than the interpreter's start-up is imported for it."""
    code = (
        "import sys; before = set(sys.modules); from floortrack.cli import main; "
        "code = main(['path']); print(code, ' '.join(sorted(set(sys.modules) - before)))"
    )
    data = tmp_path / "d.json"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"FLOORTRACK_DATA": str(data), "PATH": "", **_pythonpath()},
    )
    assert result.returncode == 0, result.stderr
    printed, last = result.stdout.strip().splitlines()
    assert printed == str(data.resolve())
    exit_code, _, modules = last.partition(" ")
    assert exit_code == "0"
    heavy = {"argparse", "re", "pathlib", "typing", "contextlib", "collections", "enum"}
    assert heavy & set(modules.split()) == set()


def _pythonpath() -> dict[str, str]:
    return {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}


def test_a_command_loads_only_its_own_module(tmp_path: Path) -> None:
    assert _command_modules(_loaded_after(["explain", "97110"], tmp_path)) == {"codes"}
    # clinics: the visit's money options (--charged, --paid-at-desk) are shared with it
    assert _command_modules(_loaded_after(["session", "list"], tmp_path)) == {
        "sessions",
        "clinics",
    }
