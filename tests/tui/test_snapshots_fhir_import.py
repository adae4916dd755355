"""Snapshot of the "Import claims from your insurer" dialog showing a preview (empty file,
frozen clock)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "fhir"


async def _preview_denial(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.data.loaded:
            break
        await pilot.pause(0.02)
    await app.run_action("import_fhir")
    await pilot.pause()
    dialog = app.screen
    dialog.query_one("#path").value = "denial_bundle.json"  # relative: the same on every machine
    await pilot.press("enter")
    for _ in range(250):
        if "Would import" in str(dialog.query_one("#preview").render()):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_fhir_import_preview(snap_compare, repo, make_app, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(FIXTURES)
    assert snap_compare(make_app(repo), terminal_size=(110, 36), run_before=_preview_denial)
