"""The "Import claims from your insurer" dialog: path, preview (a dry run), then Import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Button, Input, Static
from tui_helpers import wait_until

from floortrack.tui.dialogs.fhir_import import FhirImportDialog

SIZE = (110, 36)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "fhir"


def text_of(dialog: FhirImportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def open_dialog(app, pilot, loaded) -> FhirImportDialog:
    await loaded(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*"import claims")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, FhirImportDialog), "the dialog opens")
    return app.screen


async def preview(pilot, dialog: FhirImportDialog, path: str) -> None:
    dialog.query_one("#path", Input).value = path
    await pilot.pause()
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: (
            "Would import" in text_of(dialog, "#preview")
            or dialog.query_one("#preview-error", Static).display
        ),
        "the preview",
    )


async def test_preview_then_import_adds_the_claims_and_visits(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot, loaded)
        assert dialog.query_one("#import", Button).disabled
        await preview(pilot, dialog, str(FIXTURES / "visits.ndjson"))
        shown = text_of(dialog, "#preview")
        assert "Would import: 2 added, 0 updated, 0 unchanged, 0 skipped" in shown
        assert "2026-03-16  Bloom Pelvic PT  97140 97530 90912" in shown
        assert len(repo.claims) == 0  # a preview writes nothing
        assert not dialog.query_one("#import", Button).disabled
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, FhirImportDialog), "closed")
        await app.workers.wait_for_complete()
        assert sorted(c.claim_number for c in repo.claims.all()) == [
            "AET-2026-0003",
            "AET-2026-0004",
        ]
        assert len(repo.sessions) == 2
        assert len(app.data.claims) == 2  # the screens' snapshot was refreshed


async def test_a_changed_path_needs_a_new_preview(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot, loaded)
        await preview(pilot, dialog, str(FIXTURES / "denial_bundle.json"))
        assert not dialog.query_one("#import", Button).disabled
        dialog.query_one("#path", Input).value = str(FIXTURES / "visits.ndjson")
        await pilot.pause()
        assert dialog.query_one("#import", Button).disabled


async def test_a_malformed_file_says_where_and_offers_no_import(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot, loaded)
        await preview(pilot, dialog, str(FIXTURES / "malformed.json"))
        error = text_of(dialog, "#preview-error")
        assert "entry 2 (ExplanationOfBenefit/aetna-eob-5), item[1].quantity.value" in error
        assert dialog.query_one("#import", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FhirImportDialog) and len(repo.claims) == 0


async def test_text_from_the_file_is_shown_as_text_not_markup(
    repo, make_app, loaded, tmp_path: Path
):
    doc = json.loads((FIXTURES / "denial_bundle.json").read_text())
    eob = doc["entry"][1]["resource"]
    eob["contained"][0]["name"] = "[bold red]Bloom[/] PT"
    eob["identifier"][0]["value"] = "[link=x]AET-9"
    path = tmp_path / "[odd] name.json"
    path.write_text(json.dumps(doc))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot, loaded)
        await preview(pilot, dialog, str(path))
        shown = text_of(dialog, "#preview")
        assert "[bold red]Bloom[/] PT" in shown and "claim [link=x]AET-9" in shown


@pytest.mark.parametrize("where", ["missing.json"])
async def test_a_missing_file_is_said(repo, make_app, loaded, tmp_path: Path, where: str):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot, loaded)
        await preview(pilot, dialog, str(tmp_path / where))
        assert "does not exist" in text_of(dialog, "#preview-error")
