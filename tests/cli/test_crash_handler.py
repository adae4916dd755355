"""An unexpected error exits 70 with one short line; the traceback goes to a private log.

Never a traceback (which can show record contents) on the terminal, never exit 0.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from floortrack import cli
from floortrack.cli import main


def _boom(_args: object) -> int:
    secret = "Bloom Pelvic PT, leaks 4"  # a local variable Rich would print
    raise RuntimeError(f"internal failure near {len(secret)}")


def test_an_unexpected_error_exits_70_with_a_private_log(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_file.parent.mkdir(parents=True)
    code = cli._run_guarded(lambda: _boom(None), str(data_file), "session")
    out = capsys.readouterr()
    assert code == 70
    assert "Traceback" not in out.err and "Bloom" not in out.err
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and "unexpected error" in lines[0] and "RuntimeError" in lines[0]
    logs = list((data_file.parent / "logs").iterdir())
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert stat.S_IMODE(os.lstat(logs[0]).st_mode) == 0o600
    text = logs[0].read_text()
    assert "RuntimeError: internal failure" in text
    assert "Bloom" not in text  # no local variables, even in the private log


def test_a_crash_inside_the_tui_exits_70_without_a_traceback_on_screen(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from floortrack.tui import app as app_module

    data_file.parent.mkdir(parents=True)

    def explode(self: object) -> None:
        raise RuntimeError("broken while mounting")

    monkeypatch.setattr(app_module.FloortrackApp, "on_mount", explode, raising=False)
    monkeypatch.setenv("FLOORTRACK_DATA", str(data_file))

    original_run = app_module.FloortrackApp.run

    def headless_run(self: app_module.FloortrackApp, *a: object, **k: object) -> object:
        return original_run(self, headless=True)

    monkeypatch.setattr(app_module.FloortrackApp, "run", headless_run)
    code = main([])
    out = capsys.readouterr()
    assert code == 70, out.err
    assert "Traceback" not in out.err and "broken while mounting" not in out.err
    assert "unexpected error" in out.err
    assert list((data_file.parent / "logs").iterdir())
