"""Progress (5): is therapy working? Diary trends and visit pain as charts, and the diary itself.

Top: the period (last 4 weeks, 3 months, year, all; `p` cycles) and the trend in words.
Charts: leaks, urgency, pads, bathroom trips and daily pain (weekly or monthly averages of
the diary), pain before/after each visit, exercise adherence
(share of recorded days with sets done, per week) and visits per month. Right: the diary
days of the period, newest first. `n` records today (or opens today if already recorded),
`e`/`enter` edits the selected day, `d` deletes it (asks first), `r` makes a report.

The arithmetic is billing/progress.py; this module only draws it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.events import Resize
from textual.widgets import DataTable, Static, Tab, Tabs

from floortrack import clock
from floortrack.actions import diary as diary_actions
from floortrack.actions.edits import Resolve
from floortrack.billing import progress
from floortrack.model import DiaryEntry
from floortrack.tui import commands
from floortrack.tui.data import SaveResult
from floortrack.tui.dialogs.diary_form import DiaryForm, DiaryResult
from floortrack.tui.dialogs.report_dialog import open_report_dialog
from floortrack.tui.format import fmt_date
from floortrack.tui.messages import DataChanged
from floortrack.tui.screens.base import DeleteUndoScreen
from floortrack.tui.widgets.bar_chart import BarChart, BarGroup
from floortrack.tui.widgets.empty import EmptyState

PAGE_SIZE = 500
NARROW_WIDTH = 110
DIARY_COLUMNS = ("Date", "Leaks", "Pads", "Urg", "Trips", "Pain", "Sets")
# The diary measures charted besides leaks (weekly or monthly averages, like leaks).
DIARY_CHARTS: tuple[tuple[str, str], ...] = (
    ("urgency", "Urgency per day"),
    ("pads", "Pads per day"),
    ("trips", "Bathroom trips per day"),
    ("pain", "Daily pain (0-10)"),
)


def _cell(value: int | None) -> str:
    return "·" if value is None else str(value)


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _week_label(day: date) -> str:
    return day.strftime("%b ") + str(day.day)


def _month_label(day: date) -> str:
    # January carries the year ("Jan '26"), so a long period reads without guessing.
    return day.strftime("%b") if day.month != 1 else day.strftime("%b '%y")


class ProgressScreen(DeleteUndoScreen[DiaryEntry]):
    TITLE_TEXT = "Progress"
    NOUN = "diary day"
    CSS_PATH = "progress.tcss"
    AUTO_FOCUS = "#diary-table"
    # The shared command table, with "Make report" also shown in this screen's footer.
    BINDINGS: ClassVar = commands.bindings(
        replace(c, footer=True) if c.id == "report" else c for c in commands.COMMANDS
    )
    HELP = """\
**Progress** shows whether therapy is working, from your diary and your visits.

- **Leaks per day**: the average of each week (each month for a year or more), over the
  days you recorded leaks. A dot means nothing was recorded then (not zero).
- **Urgency**, **pads**, **bathroom trips** and **daily pain** (0-10, from the diary): the
  same weekly (or monthly) averages.
- **Pain at visits**: pain before (left bar) and after (right bar) each visit, 0-10; for
  3 months and longer, the average of each week (or month) of visits.
- **Exercise**: the share of recorded days on which you did at least one set, per week
  (per month for a year or more).
- **Visits per month**: how many visits you logged.

The line at the top names the period and compares its first and last week with data
(month, for a year or more).
Change the period with `p` or by clicking it. `n` records today's diary (numbers only;
`ctrl+s` saves), `e` or `enter` edits the selected day, `d` deletes it.
`r` makes a report to hand to a clinic or insurer (also in the command palette).
"""

    def __init__(self) -> None:
        super().__init__()
        self.period = progress.DEFAULT_PERIOD
        self.rows: list[DiaryEntry] = []
        self.narrow = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="progress-top"):
            yield Tabs(
                *(Tab(label, id=f"period-{key}") for key, (label, _) in progress.PERIODS.items()),
                active=f"period-{self.period}",
                id="period-tabs",
            )
        yield Static("Loading your diary…", id="trend-headline")
        yield Static("", id="trend-details")
        yield EmptyState("Loading your diary…", id="progress-empty")
        with Horizontal(id="progress-body"):
            with Grid(id="charts"):
                with Vertical(classes="chart-box"):
                    yield Static("", id="leaks-title", classes="chart-title")
                    yield BarChart(id="chart-leaks")
                for measure, _ in DIARY_CHARTS:
                    with Vertical(classes="chart-box"):
                        yield Static("", id=f"diary-{measure}-title", classes="chart-title")
                        top = 10.0 if measure == "pain" else None
                        yield BarChart(top=top, id=f"chart-diary-{measure}")
                with Vertical(classes="chart-box"):
                    yield Static("", id="pain-title", classes="chart-title")
                    yield BarChart(series=2, top=10, id="chart-pain")
                with Vertical(classes="chart-box"):
                    yield Static("", id="adherence-title", classes="chart-title")
                    yield BarChart(top=1.0, fmt=_percent, id="chart-adherence")
                with Vertical(classes="chart-box"):
                    yield Static("Visits per month", classes="chart-title")
                    yield BarChart(id="chart-visits")
            with Vertical(id="diary-pane"):
                yield Static("Diary", classes="pane-title", id="diary-title")
                yield EmptyState("", id="diary-empty")
                yield DataTable(id="diary-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(self.narrow, "-narrow")
        self.query_one(DataTable).add_columns(*DIARY_COLUMNS)
        self.query_one("#progress-body").display = False
        self.query_one("#progress-empty").display = False

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.narrow:
            self.narrow = narrow
            self.set_class(narrow, "-narrow")

    # -- rendering -------------------------------------------------------------------------
    def _range(self) -> tuple[date, date]:
        first = progress.earliest(self.data.diary, self.data.sessions)
        return progress.period_range(self.period, clock.today(), first)

    SHOWS: ClassVar[frozenset[str]] = frozenset({"diary", "sessions"})

    def on_data_changed(self, message: DataChanged) -> None:
        if message.kinds & self.SHOWS:
            self.show_data()

    def show_data(self) -> None:
        if not self.data.loaded:  # visits arrive first; the diary comes with the rest
            return
        diary, sessions = self.data.diary, self.data.sessions
        today = clock.today()
        start, end = self._range()
        body = self.query_one("#progress-body")
        empty = self.query_one("#progress-empty", EmptyState)
        headline = self.query_one("#trend-headline", Static)
        details = self.query_one("#trend-details", Static)
        if not diary and not sessions:
            body.display = False
            empty.display = True
            empty.update(
                "No diary entries yet — press n to record today: leaks, pads, urgency, "
                "bathroom trips, pain and exercise sets.\nA few weeks of entries show here "
                "as charts, with the trend in words."
            )
            headline.update("")
            details.update("")
            self._fill_table([])
            return
        empty.display = False
        body.display = True

        # Weeks for short periods; months for a year or more, so the whole period fits.
        bucket = "week" if self.period in ("4w", "3m") else "month"
        period_name = progress.PERIODS[self.period][0]
        if diary:
            trend = progress.headline(diary, start, end, today, bucket)
            headline.update(f"{period_name}: {trend[:1].lower()}{trend[1:]}")
        else:
            headline.update("No diary entries yet — press n to record today")
        pain_points = progress.pain_per_session(sessions, start, end)
        stats = progress.adherence(diary, start, end)
        details.update(f"{progress.describe_pain(pain_points, today)} · {stats.describe()}")

        label = _week_label if bucket == "week" else _month_label
        every = "weekly" if bucket == "week" else "monthly"
        self.query_one("#leaks-title", Static).update(f"Leaks per day · {every} average")
        per = "week" if bucket == "week" else "month"
        self.query_one("#adherence-title", Static).update(f"Exercise days · % per {per}")
        leaks = progress.averages(diary, "leaks", start, end, bucket)
        self.query_one("#chart-leaks", BarChart).set_data(
            [BarGroup(label(p.start), (p.value,)) for p in leaks],
            empty="No leaks recorded in this period — press n to add a diary day",
        )
        for measure, title in DIARY_CHARTS:
            self.query_one(f"#diary-{measure}-title", Static).update(f"{title} · {every}")
            points = progress.averages(diary, measure, start, end, bucket)
            self.query_one(f"#chart-diary-{measure}", BarChart).set_data(
                [BarGroup(label(p.start), (p.value,)) for p in points],
                empty=f"No {title.lower()} recorded in this period",
            )
        # Visit by visit over 4 weeks; weekly or monthly averages for longer periods.
        legend = "[$primary]█ before[/] [$success]█ after[/]"
        pain_chart = self.query_one("#chart-pain", BarChart)
        if self.period == "4w":
            self.query_one("#pain-title", Static).update(f"Pain at visits · {legend}")
            groups = [
                BarGroup(_week_label(p.date), (_float(p.before), _float(p.after)))
                for p in pain_points
            ]
        else:
            self.query_one("#pain-title", Static).update(f"Visit pain, {every} · {legend}")
            groups = [
                BarGroup(label(b.start), (b.before, b.after))
                for b in progress.pain_averages(sessions, start, end, bucket)
            ]
        pain_chart.set_data(groups, empty="No visit with a pain score in this period")
        adherence = progress.adherence_series(diary, start, end, bucket)
        self.query_one("#chart-adherence", BarChart).set_data(
            [BarGroup(label(p.start), (p.value,)) for p in adherence],
            empty="No exercise sets recorded in this period",
        )
        months = progress.sessions_per_month(sessions, start, end)
        self.query_one("#chart-visits", BarChart).set_data(
            [BarGroup(_month_label(m.month), (float(m.count),)) for m in months],
            empty="No visits in this period",
        )
        in_period = [e for e in diary if start <= e.date <= end]
        self._fill_table(sorted(in_period, key=lambda e: (e.date, e.id or 0), reverse=True))
        self.query_one("#diary-title", Static).update(
            f"Diary · {len(in_period)} day{'s' if len(in_period) != 1 else ''} "
            f"in the {period_name.lower()}"
            if self.period != "all"
            else f"Diary · {len(in_period)} days"
        )

    def _fill_table(self, rows: list[DiaryEntry]) -> None:
        table = self.query_one(DataTable)
        selected = self.selected()
        self.rows = rows[:PAGE_SIZE]  # newest first; older days: choose a shorter period
        table.clear()
        table.add_rows(
            (
                fmt_date(e.date),
                _cell(e.leaks),
                _cell(e.pads),
                _cell(e.urgency),
                _cell(e.trips),
                _cell(e.pain),
                _cell(e.sets),
            )
            for e in self.rows
        )
        empty = self.query_one("#diary-empty", EmptyState)
        empty.update(
            "No diary days in this period — press n to record today"
            if self.data.diary
            else "No diary entries yet — press n to record today"
        )
        empty.display = not self.rows
        table.display = bool(self.rows)
        if selected is not None:
            self.select_id(selected.id)

    def selected(self) -> DiaryEntry | None:
        table = self.query_one(DataTable)
        if not self.rows or not table.display:
            return None
        row = table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_id(self, entry_id: int | None) -> bool:
        for index, entry in enumerate(self.rows):
            if entry.id == entry_id:
                self.query_one(DataTable).move_cursor(row=index)
                return True
        return False

    # -- period ----------------------------------------------------------------------------
    @on(Tabs.TabActivated, "#period-tabs")
    def _period_chosen(self, event: Tabs.TabActivated) -> None:
        key = (event.tab.id or "").removeprefix("period-")
        if key in progress.PERIODS and key != self.period:
            self.period = key
            if self.data.loaded:
                self.show_data()

    def action_cycle_period(self) -> None:
        keys = list(progress.PERIODS)
        following = keys[(keys.index(self.period) + 1) % len(keys)]
        self.query_one("#period-tabs", Tabs).active = f"period-{following}"

    # -- new / edit / delete ---------------------------------------------------------------
    def action_new(self) -> None:
        if not self.data.loaded:
            self.notify("Still loading your diary — try again in a moment.")
            return
        today = clock.today()
        existing = next((e for e in self.data.diary if e.date == today), None)
        self._open_form(existing)  # today already recorded: open it rather than refuse

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("No diary day selected — press n to record today.")
            return
        self._open_form(entry)

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        self.action_edit()

    @work(group="forms")
    async def _open_form(self, entry: DiaryEntry | None) -> None:

        async def submit(result: DiaryResult, resolve: Resolve) -> SaveResult[DiaryEntry]:
            if isinstance(result, DiaryEntry):
                values = {name: getattr(result, name) for name in diary_actions.MEASURES}
                return await self.data.save(
                    lambda repo: diary_actions.add_entry(
                        repo, date=result.date, note=result.note, **values
                    ),
                    success=f"Saved the diary of {fmt_date(result.date)}",
                )
            assert entry is not None and entry.id is not None
            entry_id = entry.id
            return await self.data.save(
                lambda repo: diary_actions.edit_entry(
                    repo, entry_id, result, base=entry, resolve=resolve
                ),
                success=f"Saved the diary of {fmt_date(entry.date)}",
            )

        taken = {e.date: e.id for e in self.data.diary if e.id is not None}
        form = DiaryForm(entry, today=clock.today(), taken=taken, submit=submit)
        saved = await self.app.push_screen_wait(form)
        if saved is not None:
            self.show_data()  # the snapshot has it already; DataChanged may still be queued
            self.select_id(saved.id)
        self.query_one(DataTable).focus()

    def action_delete(self) -> None:
        entry = self.selected()
        if entry is None or entry.id is None:
            self.notify("No diary day selected.")
            return
        record_id, day = entry.id, fmt_date(entry.date)
        self.confirm_delete(
            f"Delete the diary of {day}?\nYou can undo this with u.",
            lambda repo: diary_actions.delete_entry(repo, record_id),
            f"Deleted the diary of {day} — press u to undo",
        )

    async def action_undo(self) -> None:
        await self.undo_delete(
            diary_actions.restore_entry,
            lambda record: f"Restored the diary of {fmt_date(record.date)}",
        )

    # -- report ----------------------------------------------------------------------------
    def action_report(self) -> None:
        if not self.data.loaded:
            self.notify("Still loading your data — try again in a moment.")
            return
        open_report_dialog(self, self.data)
