"""User text is shown as text on every screen, never read as Textual/Rich markup.

A clinic, payer, claim number or note holding `[/]` used to raise MarkupError (at every
start); `[bold]x[/]` and `[@click=app.quit]` were interpreted. Here every screen and the
record dialogs open on such data, show it literally, and the unit calculator survives `[/`
typed into it (docs/STORAGE.md, "Output").
"""

from __future__ import annotations

import html
import re

from floortrack.model import (
    Authorization,
    Claim,
    ClaimLine,
    CodeNote,
    DiaryEntry,
    Plan,
    Session,
    SessionLine,
)
from floortrack.store import Repository

BROKEN = "[/]"
ACTIVE = "[bold]x[/] [@click=app.quit]"
SHOWN = ACTIVE[:18]  # narrow columns clip a long name with "…"
SIZE = (130, 40)


def hostile(repo: Repository) -> None:
    repo.sessions.add(
        Session(
            date="2026-03-02",
            provider=ACTIVE,
            lines=(SessionLine("97110", 25),),
            symptoms=BROKEN,
            note=f"{BROKEN} {ACTIVE}",
        )
    )
    repo.sessions.add(
        Session(date="2026-03-05", provider=BROKEN, lines=(SessionLine("97140", 15),))
    )
    repo.claims.add(
        Claim(
            service_dates=("2026-03-02",),
            session_ids=(1,),
            payer=ACTIVE,
            billed="120.00",
            claim_number=BROKEN,
            status="denied",
            submitted="2026-03-03",
            lines=(ClaimLine("97110", 2),),
            denial_codes=("CO-97",),
            note=ACTIVE,
        )
    )
    repo.plans.add(Plan(ACTIVE, visit_limit=20, member_id=BROKEN))
    repo.auths.add(Authorization(ACTIVE, 12, "2026-01-01", "2026-06-30", number=BROKEN))
    repo.diary.add(DiaryEntry("2026-03-10", leaks=2, note=ACTIVE))
    repo.code_notes.add(CodeNote("97110", ACTIVE))


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = re.sub(r"<style.*?</style>", "", app.export_screenshot(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def settle(app, pilot) -> None:
    # Not workers.wait_for_complete(): a form's long-lived worker would make it wait forever.
    await pilot.pause(0.1)
    await pilot.pause()


async def test_markup_in_records_is_shown_literally_on_every_screen(repo, make_app, loaded):
    hostile(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for key, shows in (
            ("1", [ACTIVE, BROKEN]),  # sessions: clinic column
            ("3", [ACTIVE, BROKEN]),  # claims: payer, claim number
            ("4", [ACTIVE]),  # overview: plan and authorisation
            ("5", []),  # progress (diary notes are not in the table)
        ):
            await pilot.press(key)
            await settle(app, pilot)
            assert app.is_running, f"screen {key} stopped the app"
            text = screen_text(app)
            for literal in shows:
                literal = SHOWN if literal == ACTIVE else literal
                assert literal in text, f"screen {key} does not show {literal!r} as typed"
        # The record dialogs: payment and appeal titles name the payer.
        await pilot.press("3")
        await settle(app, pilot)
        for key in ("p", "a", "e"):
            await pilot.press(key)
            await settle(app, pilot)
            assert app.is_running
            title = str(app.screen.query_one("#form-title").render())
            assert ACTIVE in title, f"dialog {key} does not show the payer as typed"
            await pilot.press("escape")
            await settle(app, pilot)
        # A visit's detail shows its note and symptoms literally.
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("2")  # codes, last: its search box takes the keys
        await settle(app, pilot)
        assert app.is_running
    assert app.return_code in (0, None)


async def test_typing_markup_in_the_unit_calculator_does_not_crash(repo, make_app, loaded):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        await settle(app, pilot)
        app.screen.query_one("#units-input").focus()
        for text in ("[/", "[bold]", "97110:[/]"):
            await pilot.press(*text)
            await settle(app, pilot)
            assert app.is_running
            assert text[-2:] in screen_text(app)
            for _ in text:
                await pilot.press("backspace")
    assert app.return_code in (0, None)


async def test_a_filter_holding_markup_is_shown_literally(repo, make_app, loaded):
    hostile(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for key in ("3", "1"):
            await pilot.press(key)
            await settle(app, pilot)
            await pilot.press("slash")
            await pilot.press(*"zz[/]")
            await settle(app, pilot)
            assert app.is_running
            assert "zz[/]" in screen_text(app)
            await pilot.press("escape")
            await settle(app, pilot)
    assert app.return_code in (0, None)
