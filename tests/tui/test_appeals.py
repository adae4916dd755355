"""Claims screen: the appeal letter (L), logging a call (c), opening a kept document (o); the
calendar export from the palette; a due call follow-up in Overview."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from textual.widgets import Button, Input, Static

from floortrack.tui.dialogs.letter_dialog import LetterDialog
from floortrack.tui.screens.claims import ClaimsScreen

SIZE = (130, 40)


async def open_claims(app, pilot, loaded) -> ClaimsScreen:
    await loaded(pilot)
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.screen, ClaimsScreen)
    return app.screen


async def wait_closed(app, pilot) -> None:
    for _ in range(200):
        if not isinstance(app.screen, LetterDialog):
            return
        await pilot.pause(0.05)
    raise AssertionError("the letter dialog never closed")


async def test_write_a_letter_for_the_denied_claim(demo_app, demo_repo, loaded, tmp_path: Path):
    denied = next(c for c in demo_repo.claims.all() if "CO-97" in c.denial_codes)
    out = tmp_path / "appeal.md"
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(denied.id)
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause(0.2)
        dialog = demo_app.screen
        assert isinstance(dialog, LetterDialog)
        assert dialog.query_one("#out", Input).value.endswith(".pdf")  # a PDF by default
        dialog.query_one("#out", Input).value = str(tmp_path / "appeal.txt")
        await pilot.pause()
        assert "end the file name in .pdf, .html or .md" in str(
            dialog.query_one("#out-error", Static).render()
        )
        assert dialog.query_one("#write", Button).disabled
        dialog.query_one("#name", Input).value = "Sam Rivera"
        dialog.query_one("#out", Input).value = str(out)
        await pilot.pause()
        assert not dialog.query_one("#paper-row").display  # paper only matters for a PDF
        await pilot.press("ctrl+s")
        await wait_closed(demo_app, pilot)
        assert isinstance(demo_app.screen, ClaimsScreen)
        await pilot.pause()
        # the name and folder are offered again next time
        await pilot.press("L")
        await pilot.pause(0.2)
        again = demo_app.screen
        assert isinstance(again, LetterDialog)
        assert again.query_one("#name", Input).value == "Sam Rivera"
        assert again.query_one("#out", Input).value.startswith(str(tmp_path))
        await pilot.press("escape")
        await pilot.pause()
    text = out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert denied.claim_number in text and "CO-97" in text and "Sam Rivera" in text
    assert "Enclosure: Claim packet" in text  # the evidence follows the letter by default


async def test_a_claim_with_nothing_denied_gets_no_dialog(demo_app, demo_repo, loaded):
    paid = next(c for c in demo_repo.claims.all() if c.status == "paid" and not c.denial_codes)
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(paid.id)
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause(0.2)
        assert isinstance(demo_app.screen, ClaimsScreen)
        titles = {c.title for c in demo_app.get_system_commands(screen)}
        assert "Write appeal letter" in titles


async def test_export_the_calendar_from_the_palette(demo_app, loaded, tmp_path: Path):
    from icalendar import Calendar

    from floortrack.tui.dialogs.calendar_dialog import CalendarDialog

    out = tmp_path / "deadlines.ics"
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        command = next(
            c for c in demo_app.get_system_commands(demo_app.screen) if c.title == "Export calendar"
        )
        await command.callback()
        await pilot.pause(0.2)
        dialog = demo_app.screen
        assert isinstance(dialog, CalendarDialog)
        dialog.query_one("#out", Input).value = str(out)
        await pilot.pause()
        await pilot.click("#write")
        for _ in range(200):
            if not isinstance(demo_app.screen, CalendarDialog):
                break
            await pilot.pause(0.05)
        assert not isinstance(demo_app.screen, CalendarDialog)
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert events and all(str(e["uid"]).endswith("@floortrack.local") for e in events)


async def test_log_a_call_from_the_claim_and_see_it_everywhere(demo_app, demo_repo, loaded):
    from floortrack.tui.dialogs.call_form import CallForm

    denied = next(c for c in demo_repo.claims.all() if "CO-97" in c.denial_codes)
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(denied.id)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause(0.2)
        form = demo_app.screen
        assert isinstance(form, CallForm)
        assert form.query_one("#with_whom", Input).value == denied.payer
        form.query_one("#rep", Input).value = "Jordan"
        form.query_one("#reference", Input).value = "REF-55120"
        form.query_one("#follow_up", Input).value = "2026-03-01"  # before the call: refused
        form.query_one("#note", Input).value = "will be reprocessed"
        await pilot.pause()
        assert form.query_one("#save", Button).disabled
        form.query_one("#follow_up", Input).value = "2026-03-20"
        await pilot.pause()
        await pilot.press("ctrl+s")
        for _ in range(100):
            if not isinstance(demo_app.screen, CallForm):
                break
            await pilot.pause(0.05)
        assert isinstance(demo_app.screen, ClaimsScreen)
        await pilot.pause(0.2)
        detail = str(screen.query_one("#claim-detail-body", Static).render())
        assert "Calls" in detail and "REF-55120" in detail and "will be reprocessed" in detail
    [call] = demo_repo.calls.all()
    assert (call.claim_id, call.rep, call.follow_up.isoformat()) == (
        denied.id,
        "Jordan",
        "2026-03-20",
    )


async def test_open_a_kept_document(demo_app, demo_repo, loaded, tmp_path: Path, monkeypatch):
    from floortrack.actions.documents import attach_document
    from floortrack.tui.dialogs import documents_dialog

    denied = next(c for c in demo_repo.claims.all() if "CO-97" in c.denial_codes)
    eob = tmp_path / "eob.pdf"
    eob.write_bytes(b"%PDF-1.4 EOB")
    doc = attach_document(demo_repo, denied.id, eob, kind="eob")
    opened: list[Path] = []
    monkeypatch.setattr(documents_dialog, "system_open", opened.append)
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_claims(demo_app, pilot, loaded)
        screen.show_claim(denied.id)
        await pilot.pause()
        assert "EOB: eob.pdf" in str(screen.query_one("#claim-detail-body", Static).render())
        await pilot.press("o")
        await pilot.pause(0.2)
        assert isinstance(demo_app.screen, documents_dialog.DocumentsDialog)
        await pilot.press("enter")
        await pilot.pause(0.2)
    assert opened == [demo_repo.path.parent / "documents" / doc.stored]


async def test_an_overdue_call_follow_up_is_in_needs_attention(demo_app, demo_repo, loaded):
    from textual.widgets import OptionList

    from floortrack.model import Call
    from floortrack.tui.screens.overview import OverviewScreen

    denied = next(c for c in demo_repo.claims.all() if "CO-97" in c.denial_codes)
    demo_repo.calls.add(
        Call(
            denied.payer,
            date(2026, 3, 2),
            "will reprocess",
            denied.id,
            "Jordan",
            "R-7",
            date(2026, 3, 10),
        )
    )
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        for _ in range(100):
            await pilot.pause(0.05)
            screen = demo_app.screen
            if isinstance(screen, OverviewScreen):
                options = screen.query_one("#attention-list", OptionList)
                if options.option_count:
                    break
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Follow up your 2026-03-02 call with" in t for t in titles)


async def test_typed_text_is_never_read_as_markup(repo, make_app, loaded, tmp_path: Path):
    from floortrack.model import Claim, StatusChange
    from floortrack.tui.dialogs.call_form import CallForm

    repo.claims.add(
        Claim(
            (date(2026, 3, 2),),
            "Acme [bold]Health[/",
            "90.00",
            claim_number="[x]",
            status="denied",
            denial_codes=("CO-50",),
            history=(StatusChange("denied", date(2026, 3, 10)),),
        )
    )
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(app, pilot, loaded)
        await pilot.press("L")
        await pilot.pause(0.2)
        dialog = app.screen
        assert isinstance(dialog, LetterDialog)
        assert "Acme [bold]Health[/" in str(dialog.query_one("#form-title", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CallForm)


async def test_the_call_list_opens_the_calls_claim(demo_app, demo_repo, loaded):
    from floortrack.model import Call
    from floortrack.tui.dialogs.calls_dialog import CallsDialog

    denied = next(c for c in demo_repo.claims.all() if "CO-97" in c.denial_codes)
    demo_repo.calls.add(Call("Bloom PT", date(2026, 3, 1), "general question"))
    demo_repo.calls.add(Call(denied.payer, date(2026, 3, 2), "reprocess", denied.id, "Jo", "R-1"))
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        command = next(
            c for c in demo_app.get_system_commands(demo_app.screen) if c.title == "Show calls"
        )
        await command.callback()
        await pilot.pause(0.2)
        dialog = demo_app.screen
        assert isinstance(dialog, CallsDialog)
        assert [c.note for c in dialog.calls] == ["reprocess", "general question"]  # newest first
        await pilot.press("enter")
        await pilot.pause(0.3)
        screen = demo_app.screen
        assert isinstance(screen, ClaimsScreen)
        assert screen._current_claim().id == denied.id
