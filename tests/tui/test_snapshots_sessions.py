"""Snapshots of the Sessions screen and the shell's dialogs, on demo data with a frozen clock.

Regenerate with `pytest tests/tui/test_snapshots_sessions.py --snapshot-update` and LOOK at
the SVGs in __snapshots__/ before committing them.
"""

from __future__ import annotations

from textual.pilot import Pilot

WIDE = (130, 40)
NARROW = (80, 24)


def _after_load(loaded, settle, *keys: str):
    async def run_before(pilot: Pilot) -> None:
        await loaded(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_sessions_wide(snap_compare, demo_app, loaded, settle) -> None:
    assert snap_compare(
        demo_app, terminal_size=WIDE, run_before=_after_load(loaded, settle, "down", "down")
    )


def test_sessions_narrow(snap_compare, demo_app, loaded, settle) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_after_load(loaded, settle))


def test_sessions_filtered(snap_compare, demo_app, loaded, settle) -> None:
    keys = ("slash", *"2026-01", "enter")
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load(loaded, settle, *keys))


def test_session_form_edit(snap_compare, demo_app, loaded, settle) -> None:
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load(loaded, settle, "e"))


def test_session_form_invalid(snap_compare, demo_app, loaded, settle) -> None:
    keys = ("n", "tab", "tab", "tab", *"9711", "tab", *"500")  # Date, Clinic, Visit type, code
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load(loaded, settle, *keys))


def test_session_form_narrow(snap_compare, demo_app, loaded, settle) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=_after_load(loaded, settle, "e"))


def test_confirm_delete(snap_compare, demo_app, loaded, settle) -> None:
    assert snap_compare(demo_app, terminal_size=WIDE, run_before=_after_load(loaded, settle, "d"))


def test_help_screen(snap_compare, demo_app, loaded, settle) -> None:
    assert snap_compare(
        demo_app, terminal_size=WIDE, run_before=_after_load(loaded, settle, "question_mark")
    )


def test_sessions_empty(snap_compare, repo, make_app, loaded, settle) -> None:
    assert snap_compare(make_app(repo), terminal_size=WIDE, run_before=_after_load(loaded, settle))
