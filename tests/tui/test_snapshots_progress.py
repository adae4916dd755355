"""Snapshots of the Progress screen and its dialogs (demo data, frozen clock, no blink)."""

from __future__ import annotations

from pathlib import Path

import pytest

from floortrack.model import DiaryEntry
from floortrack.tui.dialogs import report_dialog

WIDE = (130, 40)
NARROW = (80, 24)


@pytest.fixture(autouse=True)
def fixed_report_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # The dialog suggests a file in ~/Documents; a fixed folder keeps the snapshot stable.
    monkeypatch.setattr(report_dialog, "default_folder", lambda: Path("/tmp"))


def progress_after(loaded, settle, *keys: str):
    async def run_before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("5")
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    return run_before


def test_progress_wide(snap_compare, demo_app, loaded, settle):
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=progress_after(loaded, settle))


def test_progress_narrow(snap_compare, demo_app, loaded, settle):
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=progress_after(loaded, settle))


def test_progress_last_year(snap_compare, demo_app, loaded, settle):
    assert snap_compare(
        demo_app, terminal_size=WIDE, run_before=progress_after(loaded, settle, "p")
    )


def test_progress_empty(snap_compare, repo, make_app, loaded, settle):
    assert snap_compare(
        make_app(repo), terminal_size=WIDE, run_before=progress_after(loaded, settle)
    )


def test_diary_form(snap_compare, repo, make_app, loaded, settle):
    repo.diary.add(DiaryEntry("2026-03-13", leaks=2, pads=1, sets=3))
    assert snap_compare(
        make_app(repo), terminal_size=WIDE, run_before=progress_after(loaded, settle, "n", "1", "5")
    )


def test_report_dialog(snap_compare, demo_app, loaded, settle):
    assert snap_compare(
        demo_app, terminal_size=WIDE, run_before=progress_after(loaded, settle, "r")
    )
