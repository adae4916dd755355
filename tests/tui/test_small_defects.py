"""Small things a patient notices: plurals, words that run together, a column off screen."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable, Static

from floortrack.actions import claims as claim_actions
from floortrack.actions.sessions import add_session
from floortrack.billing import catalogue
from floortrack.tui.screens.claims import ClaimsScreen, claim_detail
from floortrack.tui.screens.codes import entry_detail
from floortrack.tui.screens.sessions import session_detail

TODAY = date(2026, 3, 14)


def runs(text: Text) -> list[str]:
    """Each styled run stripped, as a reader of the screen's text (or an SVG) sees it."""
    plain = text.plain
    cuts = sorted({0, len(plain), *(s.start for s in text.spans), *(s.end for s in text.spans)})
    return [plain[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if plain[a:b].strip()]


def test_code_and_minutes_claim_and_number_code_and_title_never_run_together(repo) -> None:
    visit = add_session(repo, date=date(2026, 3, 2), codes=["97110:30", "97010"], today=TODAY)
    assert any(r.startswith("97110  30 min") for r in runs(session_detail(visit)))
    assert any(r.startswith("97110  30 min") for r in runs(session_detail(visit, False)))
    claim = claim_actions.add_claim(
        repo,
        service_dates=[date(2026, 3, 2)],
        payer="Aetna",
        billed="100.00",
        claim_number="BH260303023",
        today=TODAY,
    ).claim
    assert f"Claim {claim.id} #BH260303023" in runs(claim_detail(claim, [visit], [], TODAY))
    entry = catalogue.lookup("97010")
    assert entry is not None
    assert any(r.startswith("97010  Hot or cold") for r in runs(entry_detail(entry)))


async def test_one_visit_is_not_1_visits(repo, make_app, loaded) -> None:
    add_session(repo, date=date(2026, 3, 2), codes=["97110:30"], today=TODAY)
    app = make_app(repo)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        status = str(app.screen.query_one("#sessions-status", Static).render())
        assert status.startswith("1 visit ·")


async def test_claim_number_is_on_screen_at_80_columns(demo_app, loaded) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        screen = demo_app.screen
        assert isinstance(screen, ClaimsScreen)
        table = screen.query_one(DataTable)
        labels = [str(c.label) for c in table.ordered_columns]
        assert labels[-1] == "Claim #"
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 78
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert len(table.ordered_columns) == 9  # wide again: every column
