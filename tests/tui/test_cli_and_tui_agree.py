"""One scenario through the CLI and through the TUI, on two files: the same records result.

Visit add + edit, claim add + update (denied, with a denial code) + payment, diary add. The
records are compared field by field, ids aside (the dataclasses leave ids out of ==)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from textual.widgets import Input, Select, SelectionList
from tui_helpers import wait_for_busy, wait_until

from floortrack.cli import main
from floortrack.store import open_repository
from floortrack.tui.dialogs.claim_form import ClaimFormDialog
from floortrack.tui.dialogs.claim_update import ClaimUpdateDialog
from floortrack.tui.dialogs.diary_form import DiaryForm
from floortrack.tui.dialogs.payment_form import PaymentForm
from floortrack.tui.dialogs.session_form import SessionForm
from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.screens.progress import ProgressScreen
from floortrack.tui.screens.sessions import SessionsScreen

SIZE = (130, 40)


def run_cli(data: Path, *args: str) -> None:
    assert main(["--data", str(data), *args]) == 0


async def opened(pilot, key: str, form_type):
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, form_type), form_type.__name__)
    return pilot.app.screen


async def fill(pilot, form, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value
    await pilot.pause()


async def save(pilot, form) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is not form, "the form to close")
    await wait_for_busy(pilot.app)
    await pilot.pause()


def assert_same(cli_records: list, tui_records: list, kind: str) -> None:
    assert len(cli_records) == len(tui_records), kind
    for a, b in zip(cli_records, tui_records, strict=True):
        for f in fields(a):
            if f.name != "id":
                assert getattr(a, f.name) == getattr(b, f.name), f"{kind}.{f.name}"


async def test_the_cli_and_the_tui_store_the_same_records(tmp_path, make_app, loaded):
    cli_file, tui_file = tmp_path / "cli.json", tmp_path / "tui.json"

    run_cli(
        cli_file,
        *("session", "add", "--date", "2026-03-02", "--provider", "Bloom PT"),
        *("--code", "97110:40", "--pain-before", "5"),
    )
    run_cli(cli_file, "session", "edit", "1", "--pain-after", "2", "--note", "felt stronger")

    app = make_app(open_repository(tui_file))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, SessionsScreen)
        form = await opened(pilot, "n", SessionForm)
        await fill(pilot, form, date="2026-03-02", provider="Bloom PT", pain_before="5")
        form.query(".code").first(Input).value = "97110"
        form.query(".minutes").first(Input).value = "40"
        await pilot.pause()
        await save(pilot, form)
        form = await opened(pilot, "e", SessionForm)
        await fill(pilot, form, pain_after="2", note="felt stronger")
        await save(pilot, form)

        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimsScreen), "Claims")
        form = await opened(pilot, "n", ClaimFormDialog)
        form.query_one("#sessions", SelectionList).select_all()
        await pilot.pause()
        await fill(pilot, form, payer="Aetna", billed="200.00")
        assert form.query_one("#units", Input).value == "97110:3"  # from the minutes
        await save(pilot, form)
        form = await opened(pilot, "e", ClaimUpdateDialog)
        form.query_one("#status", Select).value = "denied"
        await fill(pilot, form, on="2026-03-10", denial="CO-97", note="bundled")
        await save(pilot, form)
        form = await opened(pilot, "p", PaymentForm)
        await fill(pilot, form, amount="26.00")
        await save(pilot, form)

        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen), "Progress")
        form = await opened(pilot, "n", DiaryForm)
        await fill(pilot, form, leaks="2", note="ok day")
        await save(pilot, form)

    # The CLI's side of the claim and the diary, typed as a patient would.
    run_cli(
        cli_file,
        *("claim", "add", "--service-date", "2026-03-02", "--payer", "Aetna"),
        *("--billed", "200.00", "--units", "97110:3"),
    )
    run_cli(
        cli_file,
        *("claim", "update", "1", "--status", "denied", "--on", "2026-03-10"),
        *("--denial", "CO-97", "--note", "bundled"),
    )
    run_cli(cli_file, "claim", "pay", "1", "--amount", "26.00")
    run_cli(cli_file, "diary", "add", "--leaks", "2", "--note", "ok day")

    by_cli, by_tui = open_repository(cli_file), open_repository(tui_file)
    assert_same(by_cli.sessions.all(), by_tui.sessions.all(), "visit")
    assert_same(by_cli.claims.all(), by_tui.claims.all(), "claim")
    assert_same(by_cli.diary.all(), by_tui.diary.all(), "diary day")
    (claim,) = by_tui.claims.all()
    assert [h.status for h in claim.history] == ["submitted", "denied"]
    assert claim.session_ids == (by_tui.sessions.all()[0].id,)
