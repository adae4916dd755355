"""Progress screen (5): trends from the demo diary, quick diary entry, period, report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from textual.widgets import Button, DataTable, Input, Select, Static, Tabs

from floortrack.model import DiaryEntry
from floortrack.tui.dialogs.confirm import ConfirmDialog
from floortrack.tui.dialogs.diary_form import DiaryForm
from floortrack.tui.dialogs.report_dialog import ReportDialog
from floortrack.tui.screens.progress import ProgressScreen
from floortrack.tui.widgets.bar_chart import BarChart
from floortrack.tui.widgets.empty import EmptyState

SIZE = (130, 40)
TODAY = date(2026, 3, 14)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def diary_dates(app) -> list[str]:
    table = app.screen.query_one("#diary-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_progress(app, pilot, loaded) -> ProgressScreen:
    await loaded(pilot)
    await pilot.press("5")
    await pilot.pause()
    assert isinstance(app.screen, ProgressScreen)
    return app.screen


async def test_demo_diary_shows_leaks_and_pain_going_down(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_progress(demo_app, pilot, loaded)
        headline = text_of(demo_app, "#trend-headline")
        assert headline.startswith("Last 3 months: leaks per day down from")
        assert "(better)" in headline
        details = text_of(demo_app, "#trend-details")
        assert "Pain before visits down" in details and "Exercises done on" in details
        leaks = screen.query_one("#chart-leaks", BarChart)
        values = [g.values[0] for g in leaks.groups if g.values[0] is not None]
        assert values[0] > values[-1]  # the chart's first week leaks more than its last
        assert screen.query_one("#chart-pain", BarChart).groups  # pain per visit is drawn
        dates = diary_dates(demo_app)
        assert dates == sorted(dates, reverse=True) and dates[0] <= TODAY.isoformat()


async def test_period_changes_with_p_and_all_covers_everything(demo_app, demo_repo, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_progress(demo_app, pilot, loaded)
        assert screen.period == "3m"
        await pilot.press("p")  # 3 months -> year
        await pilot.pause()
        await pilot.press("p")  # year -> all
        await pilot.pause()
        assert screen.period == "all"
        assert screen.query_one(Tabs).active == "period-all"
        assert len(diary_dates(demo_app)) == len(demo_repo.diary)
        await pilot.press("p")  # all -> 4 weeks
        await pilot.pause()
        four_weeks = diary_dates(demo_app)
        assert four_weeks and all(d >= "2026-02-15" for d in four_weeks)


async def test_record_today_in_a_few_keystrokes(repo, make_app, loaded, settle):
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(app, pilot, loaded)
        assert app.screen.query_one("#progress-empty", EmptyState).display
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DiaryForm)
        assert form.query_one("#date", Input).value == TODAY.isoformat()
        await pilot.press("2", "tab", "1", "ctrl+s")  # leaks 2, pads 1, save
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert diary_dates(app) == [TODAY.isoformat()]
    [entry] = repo.diary.all()
    assert (entry.date, entry.leaks, entry.pads, entry.sets) == (TODAY, 2, 1, None)


async def test_n_on_a_recorded_day_edits_it(repo, make_app, loaded, settle):
    repo.diary.add(DiaryEntry(TODAY, leaks=3))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DiaryForm) and form.entry is not None
        assert form.query_one("#leaks", Input).value == "3"
        form.query_one("#leaks", Input).value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [(e.date, e.leaks) for e in repo.diary.all()] == [(TODAY, 1)]


async def test_form_shows_errors_and_saves_nothing(repo, make_app, loaded):
    repo.diary.add(DiaryEntry(date(2026, 3, 1), leaks=3))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(app, pilot, loaded)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#pain", Input).value = "12"
        await pilot.pause()
        assert "pain must be between 0 and 10" in text_of(app, "#row1-error")
        assert form.query_one("#save", Button).disabled
        form.query_one("#pain", Input).value = "3"
        form.query_one("#date", Input).value = "2026-03-01"  # already recorded
        await pilot.pause()
        assert "already in the diary" in text_of(app, "#date-error")
        form.query_one("#date", Input).value = "2026-03-20"  # future
        await pilot.pause()
        assert "cannot be in the future" in text_of(app, "#date-error")
        await pilot.press("ctrl+s", "escape")  # typed: it asks before discarding
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
    assert len(repo.diary) == 1


async def test_delete_asks_and_undo_restores(demo_app, demo_repo, loaded, settle):
    before = len(demo_repo.diary)
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_progress(demo_app, pilot, loaded)
        newest = diary_dates(demo_app)[0]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert len(demo_repo.diary) == before - 1
        assert newest not in diary_dates(demo_app)
        await pilot.press("u")
        await settle(pilot)
        assert diary_dates(demo_app)[0] == newest
    assert len(demo_repo.diary) == before


async def test_make_a_pdf_report_for_a_denied_claim(
    demo_app, demo_repo, loaded, wait_until, tmp_path
):
    denied = next(c for c in demo_repo.claims.all() if c.status == "denied")
    out = tmp_path / "packet.pdf"
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_progress(demo_app, pilot, loaded)
        await pilot.press("r")
        await pilot.pause()
        dialog = demo_app.screen
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#claim", Select).value = str(denied.id)
        await pilot.pause()
        assert not dialog.query_one("#period-row").display  # a claim sets its own dates
        dialog.query_one("#out", Input).value = str(out)
        await pilot.pause()
        await pilot.click("#make")
        await wait_until(
            pilot, lambda: not isinstance(demo_app.screen, ReportDialog), "the PDF to be written"
        )
        assert isinstance(demo_app.screen, ProgressScreen)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Claim packet" in text and denied.claim_number in text and "denied" in text


async def test_report_dialog_refuses_a_missing_folder(demo_app, loaded, tmp_path: Path):
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_progress(demo_app, pilot, loaded)
        await pilot.press("r")
        await pilot.pause()
        dialog = demo_app.screen
        dialog.query_one("#out", Input).value = str(tmp_path / "nope" / "x.pdf")
        await pilot.pause()
        assert "does not exist" in text_of(demo_app, "#out-error")
        assert dialog.query_one("#make", Button).disabled


async def test_progress_and_make_report_are_in_the_palette_and_help(demo_app, loaded):
    from floortrack.tui.help import HelpScreen

    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_progress(demo_app, pilot, loaded)
        titles = {c.title for c in demo_app.get_system_commands(screen)}
        assert {"Make report", "Next period", "Switch to Progress", "New diary day"} <= titles
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = demo_app.screen
        assert isinstance(help_screen, HelpScreen)
        assert ("r", "Make a report (PDF, HTML or Markdown) for a clinic or insurer") in (
            help_screen.screen_keys
        )
        assert any(key == "p" for key, _ in help_screen.screen_keys)
        assert "Leaks per day" in help_screen.text  # the screen's own explanation


async def test_visits_without_a_diary_still_show_pain_and_say_what_to_do(repo, make_app, loaded):
    from floortrack.model import Session, SessionLine

    lines = (SessionLine("97110", 30),)
    repo.sessions.add(Session(date(2026, 3, 2), lines=lines, pain_before=6, pain_after=3))
    repo.sessions.add(Session(date(2026, 3, 9), lines=lines, pain_before=4, pain_after=2))
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot, loaded)
        assert text_of(app, "#trend-headline") == "No diary entries yet — press n to record today"
        assert "Pain before visits down from 6/10 to 4/10" in text_of(app, "#trend-details")
        assert screen.query_one("#diary-empty", EmptyState).display
        assert not screen.query_one("#progress-empty", EmptyState).display
        assert screen.query_one("#chart-pain", BarChart).groups


async def test_make_report_from_the_claims_screen_preselects_the_claim(
    demo_app, demo_repo, loaded, settle
):
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        await settle(pilot)
        selected = demo_app.screen._current_claim()
        assert selected is not None
        await pilot.press("r")
        await pilot.pause()
        dialog = demo_app.screen
        assert isinstance(dialog, ReportDialog)
        assert dialog.query_one("#claim", Select).value == str(selected.id)
        assert "floortrack-claim-" in dialog.query_one("#out", Input).value


async def test_urgency_pads_trips_and_daily_pain_are_charted(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_progress(demo_app, pilot, loaded)
        for measure in ("urgency", "pads", "trips", "pain"):
            chart = screen.query_one(f"#chart-diary-{measure}", BarChart)
            assert any(v is not None for g in chart.groups for v in g.values), measure
        assert "Urgency per day" in text_of(demo_app, "#diary-urgency-title")


async def test_the_trend_sentence_follows_the_period(demo_app, loaded):
    async with demo_app.run_test(size=SIZE) as pilot:
        await open_progress(demo_app, pilot, loaded)
        seen = set()
        for _ in range(4):
            headline = text_of(demo_app, "#trend-headline")
            seen.add(headline.split(":")[0])
            await pilot.press("p")
            await pilot.pause()
        assert seen == {"Last 4 weeks", "Last 3 months", "Last year", "All time"}


async def test_a_report_covers_the_last_year_unless_all_time_is_chosen(
    demo_repo, make_app, loaded, wait_until
):
    from floortrack.model import Session

    demo_repo.sessions.add(Session(date(2023, 5, 2), provider="An old clinic"))
    app = make_app(demo_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(app, pilot, loaded)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        assert dialog.query_one("#period", Select).value == "1y"
        assert text_of(app, "#form-status") == ""
        dialog.query_one("#period", Select).value = "all"
        await wait_until(
            pilot, lambda: "takes a while" in text_of(app, "#form-status"), "the size warning"
        )
        assert "since 2023-05-02" in text_of(app, "#form-status")
