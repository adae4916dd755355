"""Snapshots of the Sessions screen and the shell's dialogs, on demo data with a frozen clock.

Regenerate with `pytest tests/tui/test_snapshots_sessions.py --snapshot-update` and LOOK at
the SVGs in __snapshots__/ before committing them.
"""

from __future__ import annotations

from textual.pilot import Pilot

WIDE = (130, 40)
NARROW = (80, 24)


def _after_load(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        for _ in range(200):
            if app.data.loaded:  # type: ignore[attr-defined]
                break
            await pilot.pause(0.02)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause(0.1)

    return run_before


def test_sessions_wide(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load("down", "down"))


def test_sessions_narrow(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_after_load())


def test_sessions_filtered(snap_compare, demo_app) -> None:
    keys = ("slash", *"2026-01", "enter")
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load(*keys))


def test_session_form_edit(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load("e"))


def test_session_form_invalid(snap_compare, demo_app) -> None:
    keys = ("n", "tab", "tab", "tab", *"9711", "tab", *"500")  # Date, Clinic, Visit type, code
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load(*keys))


def test_session_form_narrow(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_after_load("e"))


def test_confirm_delete(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load("d"))


def test_help_screen(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load("question_mark"))


def test_sessions_empty(snap_compare, repo, make_app) -> None:
    assert snap_compare(make_app(repo), terminal_size=WIDE, run_before=_after_load())
