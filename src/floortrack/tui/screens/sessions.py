"""Sessions (1): every visit, newest first, with a detail pane for the selected one.

`/` filters by words, codes, months or date ranges; `n`/`e` open the session form; `d`
deletes after asking and `u` undoes the last delete. Ten years of visits are shown a page
of 500 rows at a time (`]` / `[`), never trickled into the table row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import DataTable, Input, Static

from floortrack import clock
from floortrack.actions import sessions as visit_actions
from floortrack.actions.edits import Resolve
from floortrack.billing.plans import UnitRule, session_rules, session_unit_rule, unit_rule
from floortrack.model import PROCEDURE_RE, Session, ValidationError, normalize_code, parse_date
from floortrack.tui.data import SaveResult
from floortrack.tui.debounce import KeyDebounce
from floortrack.tui.format import fmt_date, fmt_lines, fmt_pain, plural
from floortrack.tui.messages import DataChanged
from floortrack.tui.screens.base import DeleteUndoScreen
from floortrack.tui.widgets.empty import EmptyState
from floortrack.tui.widgets.keyed_table import KeyedTable, KeyedText

PAGE_SIZE = 500
FIRST_ROWS = 60  # rows added before the first frame; more than a tall terminal shows
# How long the first frame may wait for the newest page (read on the store thread since the
# app was made): long enough for a page read from the month index, short enough that a slow
# disk shows "Loading your visits…" at once.
FIRST_PAGE_WAIT = 0.15
NARROW_WIDTH = 110  # below this the detail pane moves under the table
CODES_WIDE, CODES_NARROW = 26, 26
# (label, width). Fixed widths: the first frame is laid out right away, instead of squeezed
# until the table has measured every cell of the page. Longer text is clipped with "…"; the
# detail pane shows it whole.
WIDE_COLUMNS = (
    ("Date", 10),
    ("Clinic", 20),
    ("Visit", 13),
    ("Codes · minutes", CODES_WIDE),
    ("Units", 5),
    ("Pain", 5),
)
NARROW_COLUMNS = (
    ("Date", 10),
    ("Clinic", 14),
    ("Codes · minutes", CODES_NARROW),
    ("Units", 5),
    ("Pain", 5),
)  # the visit type is in the pane

# ---------------------------------------------------------------------------
# Filtering: what `/` accepts. Words are ANDed: "bloom 97140 2026-03".

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _range_bound(text: str, end: bool) -> date | None:
    """'2026', '2026-03' or '2026-03-14' as the first (or last) day it covers."""
    if not text:
        return None
    if not _PARTIAL_DATE.match(text):
        raise ValidationError(f"'{text}' is not a date: use 2026, 2026-03 or 2026-03-14")
    parts = text.split("-")
    if len(parts) == 3:
        return parse_date(text)
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = int(parts[1])
    if not 1 <= month <= 12:
        raise ValidationError(f"'{text}' is not a month: use 01 to 12")
    if not end:
        return date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def session_filter(
    query: str, haystack: Callable[[Session], str] | None = None
) -> Callable[[Session], bool]:
    """A predicate for the filter text; raises ValidationError for a malformed date range.
    `haystack` gives a visit's lower-cased words (a screen passes its cached ones)."""
    words = haystack or _haystack
    tests: list[Callable[[Session], bool]] = []
    for token in query.split():
        if ".." in token:
            low_text, _, high_text = token.partition("..")
            low, high = _range_bound(low_text, False), _range_bound(high_text, True)
            tests.append(partial(_between, low, high))
        elif _PARTIAL_DATE.match(token):
            tests.append(partial(_on_day, token))
        elif PROCEDURE_RE.match(normalize_code(token)):
            tests.append(partial(_has_code, normalize_code(token)))
        else:
            tests.append(partial(_mentions, token.lower(), words))
    return lambda s: all(test(s) for test in tests)


DEFAULT_RULE = unit_rule((), None)  # no payer known: the per-code rule, said to be assumed


def _between(low: date | None, high: date | None, s: Session) -> bool:
    return (low is None or s.date >= low) and (high is None or s.date <= high)


def _on_day(prefix: str, s: Session) -> bool:
    return s.date.isoformat().startswith(prefix)


def _has_code(code: str, s: Session) -> bool:
    return code in s.codes


def _mentions(word: str, haystack: Callable[[Session], str], s: Session) -> bool:
    return word in haystack(s)


def _haystack(session: Session) -> str:
    return " ".join(
        (session.provider, session.visit_type, session.symptoms, session.note, session.codes_text)
    ).lower()


@lru_cache(maxsize=4096)
def _visit_units(codes_text: str, method: str) -> int | None:
    """Total units for a visit's lines under `method`, cached by the lines' text."""
    if not codes_text:
        return None
    from floortrack.billing.units import calculate_units  # not needed for the first paint

    try:
        return calculate_units(codes_text.split(";"), method).total_units
    except ValidationError:
        return None


# ---------------------------------------------------------------------------
# The detail pane


def session_detail(session: Session, meanings: bool = True, rule: UnitRule | None = None) -> Text:
    """The detail pane. Without `meanings` (catalogue not read yet) codes and minutes only.
    `rule` is the visit's unit rule (billing.plans.session_unit_rule)."""
    rule = rule or DEFAULT_RULE
    out = Text()
    out.append(f"{fmt_date(session.date)}", style="bold")
    out.append(f" · {session.visit_type}\n", style="bold")
    out.append(f"{session.provider or 'clinic not recorded'}\n\n")
    if session.lines and not meanings:
        out.append("Codes\n", style="bold underline")
        for line in session.lines:
            minutes = "untimed" if line.minutes is None else f"{line.minutes} min"
            out.append(f"{line.code}  {minutes}\n", style="bold")
        out.append("(reading what the codes mean…)\n", style="dim")
    elif session.lines:
        from floortrack.billing import catalogue
        from floortrack.billing.units import calculate_units

        try:
            result = calculate_units(session.lines, rule.method)
        except ValidationError:
            result = None
        out.append("Codes\n", style="bold underline")
        for line in session.lines:
            entry = catalogue.lookup(line.code)
            meaning = entry.title if entry and entry.kind == "procedure" else "not in the list"
            minutes = "untimed" if line.minutes is None else f"{line.minutes} min"
            units = result.units.get(line.code) if result else None
            unit_text = "" if units is None else f" → {units} unit{'s' if units != 1 else ''}"
            # One span: the code and its minutes never run together ("9711030 min").
            out.append(f"{line.code}  {minutes}{unit_text}\n", style="bold")
            out.append(f"  {meaning}\n", style="dim")
        if result:
            out.append(
                f"\n{result.total_timed_minutes} timed minutes → {result.total_units} "
                f"unit{'s' if result.total_units != 1 else ''}\n"
            )
            out.append(f"Units by the {rule.label}\n", style="dim")
            for note in result.notes[:2]:
                out.append(f"{note}\n", style="dim")
    else:
        out.append("No codes logged for this visit.\n", style="dim")
    out.append("\nPain ", style="bold")
    out.append(f"{fmt_pain(session.pain_before, session.pain_after)} (before→after, 0-10)\n")
    if session.symptoms:
        out.append("\nSymptoms\n", style="bold")
        out.append(f"{session.symptoms}\n")
    if session.note:
        out.append("\nNotes\n", style="bold")
        out.append(f"{session.note}\n")
    return out


# ---------------------------------------------------------------------------


class SessionsScreen(DeleteUndoScreen[Session]):
    TITLE_TEXT = "Sessions"
    NOUN = "session"
    # Its styles (sessions.tcss) are loaded by the app, see FloortrackApp.CSS_PATH.
    AUTO_FOCUS = "#sessions-table"
    HELP = """\
**Sessions** lists every visit, newest first. Select one to see its codes in plain words,
the units the minutes allow under the CMS 8-minute rule, pain, symptoms and notes.

**Filter** (`/`): type words, codes or dates; all must match. Examples:
`bloom` (clinic or notes), `97140` (a code), `2026-03` (a month),
`2026-01-01..2026-03-31` (a range; either end may be left out). `esc` clears it.

Big histories are shown 500 visits at a time: `]` next page, `[` previous page.
"""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Session] = []  # the filtered list, newest first
        self.page = 0
        self.query_text = ""
        self.narrow = False
        self._page_rows: list[Session] = []
        self._fill_generation = 0  # bumped by every refill; stale deferred rows are dropped
        self._rules: dict[int, UnitRule] = {}  # each visit's unit rule (billing.plans)
        # Per visit id: the record and what was worked out from it (table cells, filter
        # words), reused while the record is the same one.
        self._cells: dict[int, tuple[Session, tuple[object, ...], tuple[str | Text, ...]]] = {}
        self._words: dict[int, tuple[Session, str]] = {}
        self._ordered: tuple[list[Session], list[Session]] = ([], [])  # (source, newest first)
        self._filter_keys = KeyDebounce(self, self._apply_filter)
        self._shown_from: tuple[object, ...] = ()  # the lists and filter show_data last used

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="sessions-body"):
            with Vertical(id="sessions-list"):
                yield Input(
                    placeholder="Filter: words, a code (97140), a month (2026-03) or a range "
                    "(2026-01-01..2026-03-31)",
                    id="sessions-filter",
                    classes="filter-bar",
                    compact=True,
                    disabled=True,  # enabled by / so a hidden bar never takes the focus
                )
                yield Static("Loading your visits…", id="sessions-status")
                yield EmptyState("Loading your visits…", id="sessions-empty")
                yield KeyedTable(
                    key_cell=1, id="sessions-table", cursor_type="row", zebra_stripes=True
                )
            with VerticalScroll(id="sessions-detail"):
                yield Static("", id="detail-text")

    def on_mount(self) -> None:
        self.narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(self.narrow, "-narrow")
        table = self.query_one(DataTable)
        _add_columns(table, self.narrow)
        table.display = False
        if self.data.first_page(FIRST_PAGE_WAIT):
            self.show_data()  # now, so that the first frame already shows the visits
            self.rendered = True  # FloortrackScreen.on_mount (called after this) need not

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.narrow:
            self.narrow = narrow
            self.set_class(narrow, "-narrow")
            table = self.query_one(DataTable)
            table.clear(columns=True)
            _add_columns(table, narrow)
            self._fill()

    # -- rendering -------------------------------------------------------------------------
    # Visits, and what decides their units: the plan of each visit's claim (or payer).
    SHOWS: ClassVar[frozenset[str]] = frozenset({"sessions", "claims", "plans"})

    def on_data_changed(self, message: DataChanged) -> None:
        if not message.kinds & self.SHOWS:
            return
        # The visits a save touched are worked out again; the others keep their cells.
        changes = message.changes_to("sessions")
        if changes is None:
            self._cells.clear()
            self._words.clear()
        else:
            for session_id in changes.changed | changes.removed:
                self._cells.pop(session_id, None)
                self._words.pop(session_id, None)
        if not self._shows_current():  # a save's form drew these lists already (_show_saved)
            self.show_data()

    def _newest_first(self) -> list[Session]:
        source = self.data.sessions
        if self._ordered[0] is not source:  # the snapshot list is replaced on every change
            ordered = sorted(source, key=lambda s: (s.date, s.id or 0), reverse=True)
            self._ordered = (source, ordered)
        return self._ordered[1]

    def _words_of(self, session: Session) -> str:
        cached = self._words.get(session.id or 0)
        if cached is not None and (cached[0] is session or cached[0] == session):
            return cached[1]
        words = _haystack(session)
        self._words[session.id or 0] = (session, words)
        return words

    def _shown_sources(self) -> tuple[object, ...]:
        data = self.data
        return (data.sessions, data.claims, data.plans, self.query_text)

    def _shows_current(self) -> bool:
        """Was the table last drawn from the snapshot lists (and filter) there are now? After a
        save the DataChanged is normally handled before the form's result arrives, and drawing
        again would repeat that work."""
        now = self._shown_sources()
        return len(self._shown_from) == len(now) and all(
            a is b for a, b in zip(self._shown_from, now, strict=True)
        )

    def show_data(self) -> None:
        self._shown_from = self._shown_sources()
        try:
            keep = session_filter(self.query_text, self._words_of)
            error = ""
        except ValidationError as exc:
            keep, error = (lambda s: True), exc.message
        newest_first = self._newest_first()
        self._rules = session_rules(self.data.sessions, self.data.claims, self.data.plans)
        self.rows = [s for s in newest_first if keep(s)] if self.query_text else newest_first
        self.page = min(self.page, max(0, (len(self.rows) - 1) // PAGE_SIZE))
        self._fill(error)

    def _fill(self, error: str = "") -> None:
        table = self.query_one(KeyedTable)
        selected = self.selected()
        start = self.page * PAGE_SIZE
        page = self.rows[start : start + PAGE_SIZE]
        self._fill_generation += 1
        if self.data.loaded or len(page) <= FIRST_ROWS:
            # Only the rows that differ from those shown change.
            table.show_rows([self._row_of(s, i) for i, s in enumerate(page)])
        else:
            # First paint: a screenful of rows now, the rest of the page right after the frame
            # (working out and measuring 500 rows' cells would otherwise delay the first sight
            # of the data).
            table.show_rows([self._row_of(s, i) for i, s in enumerate(page[:FIRST_ROWS])])
            generation = self._fill_generation

            def add_rest() -> None:
                if generation == self._fill_generation:  # not already refilled since
                    table.show_rows([self._row_of(s, i) for i, s in enumerate(page)])

            self.call_after_refresh(add_rest)
        # The page list maps cursor row -> session (the table's order is the page's).
        self._page_rows = page
        empty = self.query_one(EmptyState)
        total = len(self.data.sessions)
        if not total:
            empty.update("No visits yet — press n to log your first one")
        elif not page:
            empty.update("No visit matches this filter — press esc to clear it")
        empty.display = not page
        table.display = bool(page)
        if page and self.focused is None:
            table.focus()
        self.query_one("#sessions-status", Static).update(error or self._status_text(page))
        if selected is not None:  # keep the same visit selected if it is still on this page
            index = next((i for i, s in enumerate(page) if s.id == selected.id), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)
        self._show_detail()

    def _rule(self, session: Session) -> UnitRule:
        """The unit rule for a visit: its claim's or payer's plan, else the assumed one."""
        return self._rules.get(session.id or 0, DEFAULT_RULE)

    def _row_of(self, s: Session, index: int) -> tuple[str, tuple[str | Text, ...]]:
        """The row's key and cells, worked out again only if the visit, its unit rule, the
        width or the catalogue changed since."""
        method = self._rule(s).method
        if s.id is None:  # not stored (never the case for a listed visit): not cached
            key = f"new-{index}"
            return key, self._cells_for(s, method, key)
        key = str(s.id)
        variant = (self.narrow, self.data.catalogue_ready, method)
        cached = self._cells.get(s.id)
        # The same record, or an equal one (a store that built the records again).
        if cached is not None and cached[1] == variant and (cached[0] is s or cached[0] == s):
            return key, cached[2]
        cells = self._cells_for(s, method, key)
        self._cells[s.id] = (s, variant, cells)
        return key, cells

    def _cells_for(self, s: Session, method: str, key: str) -> tuple[str | Text, ...]:
        # The clinic is the patient's own text: a Text cell, never markup (a str cell is);
        # it also carries the row's key (KeyedTable orders the rows by it).
        pain = fmt_pain(s.pain_before, s.pain_after)
        # Units need the catalogue (timed or not); until it is read they show as "…".
        units = _units_text(s, method) if self.data.catalogue_ready else "…"
        if self.narrow:
            return (
                fmt_date(s.date),
                KeyedText(_clip(s.provider, 14), key),
                _clip(fmt_lines(s), CODES_NARROW),
                units,
                pain,
            )
        return (
            fmt_date(s.date),
            KeyedText(_clip(s.provider, 20), key),
            s.visit_type,
            _clip(fmt_lines(s), CODES_WIDE),
            units,
            pain,
        )

    def _status_text(self, page: list[Session]) -> str:
        count = len(self.rows)
        total = len(self.data.sessions)
        what = (
            f"{count:,} of {plural(total, 'visit')} match"
            if self.query_text
            else plural(total, "visit")
        )
        if count > PAGE_SIZE:
            first = self.page * PAGE_SIZE + 1
            pages = (count - 1) // PAGE_SIZE + 1
            what += (
                f" · showing {first:,}–{first + len(page) - 1:,} (page {self.page + 1} of "
                f"{pages}; ] next, [ previous)"
            )
        return what + " · newest first"

    def selected(self) -> Session | None:
        table = self.query_one(DataTable)
        rows = self._page_rows
        if not rows or not table.display:
            return None
        row = table.cursor_row
        return rows[row] if 0 <= row < len(rows) else None

    def select_id(self, session_id: int) -> bool:
        for index, session in enumerate(self.rows):
            if session.id == session_id:
                wanted = index // PAGE_SIZE
                if wanted != self.page:
                    self.page = wanted
                    self._fill()
                self.query_one(DataTable).move_cursor(row=index % PAGE_SIZE)
                return True
        return False

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        session = self.selected()
        detail = self.query_one("#detail-text", Static)
        if session is None:
            detail.update(Text("Select a visit to see its details.", style="dim"))
        else:
            detail.update(session_detail(session, self.data.catalogue_ready, self._rule(session)))

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        self.action_edit()

    # -- filter ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        bar = self.query_one("#sessions-filter", Input)
        bar.disabled = False
        bar.add_class("-visible")
        bar.focus()

    @on(Input.Changed, "#sessions-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_keys.key()

    def _apply_filter(self) -> None:
        text = self.query_one("#sessions-filter", Input).value.strip()
        if text == self.query_text:
            return  # e.g. the Changed an Input posts when it is mounted
        self.query_text = text
        self.page = 0
        self.show_data()

    @on(Input.Submitted, "#sessions-filter")
    def _filter_done(self) -> None:
        self._filter_keys.now()  # enter filters now, without the wait
        self.query_one(DataTable).focus()

    def key_escape(self) -> None:
        if self.query_one("#sessions-filter", Input).has_class("-visible"):
            self._close_filter()
            self.query_one(DataTable).focus()

    def _close_filter(self) -> None:
        self._filter_keys.cancel()
        bar = self.query_one("#sessions-filter", Input)
        bar.value = ""
        bar.remove_class("-visible")
        bar.disabled = True
        if self.query_text:  # re-list now, not when the Input's Changed message arrives
            self.query_text = ""
            self.page = 0
            self.show_data()

    # -- paging ----------------------------------------------------------------------------
    def action_next_page(self) -> None:
        if (self.page + 1) * PAGE_SIZE < len(self.rows):
            self.page += 1
            self._fill()
            self.query_one(DataTable).move_cursor(row=0)

    def action_prev_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self._fill()
            self.query_one(DataTable).move_cursor(row=0)

    # -- new / edit ------------------------------------------------------------------------
    def _providers(self) -> list[str]:
        latest: dict[str, date] = {}
        for s in self.data.sessions:
            if s.provider and latest.get(s.provider, date.min) < s.date:
                latest[s.provider] = s.date
        return sorted(latest, key=lambda p: latest[p], reverse=True)  # most recent first

    def action_new(self) -> None:
        if not self.data.loaded:
            self.notify("Still loading your visits — try again in a moment.")
            return
        self._open_form(None)

    def action_edit(self) -> None:
        session = self.selected()
        if session is None:
            self.notify("No visit selected — press n to log one.")
            return
        self._open_form(session)

    @work(group="forms")
    async def _open_form(self, session: Session | None) -> None:
        from floortrack.tui.dialogs.session_form import SessionForm, VisitResult

        shown: list[int] = []  # the id of the visit `submit` saved and selected

        async def submit(result: VisitResult, resolve: Resolve) -> SaveResult[Session]:
            saved = await save(result, resolve)
            if saved and saved.value is not None and saved.value.id is not None:
                # Listed and selected now, in the same step as the form's dismiss, so the
                # first frame without the form shows the row selected. Left until
                # push_screen_wait returns (the result reaches this worker two event-loop
                # turns after the dismiss), it took a second layout and frame.
                self._show_saved(saved.value.id)
                shown.append(saved.value.id)
            return saved

        async def save(result: VisitResult, resolve: Resolve) -> SaveResult[Session]:
            if isinstance(result, Session):
                return await self.data.save(
                    lambda repo: visit_actions.add_session(
                        repo,
                        codes=result.lines,
                        date=result.date,
                        provider=result.provider,
                        visit_type=result.visit_type,
                        pain_before=result.pain_before,
                        pain_after=result.pain_after,
                        symptoms=result.symptoms,
                        note=result.note,
                    ),
                    success=f"Saved the visit of {fmt_date(result.date)}",
                )
            assert session is not None and session.id is not None
            visit_id = session.id
            return await self.data.save(
                lambda repo: visit_actions.edit_session(
                    repo, visit_id, result, base=session, resolve=resolve
                ),
                success="Saved the visit",
            )

        today = clock.today()
        rule = (
            self._rule(session)
            if session is not None
            else session_unit_rule(Session(today), self.data.claims, self.data.plans)
        )
        form = SessionForm(
            session, providers=self._providers(), today=today, submit=submit, unit_rule=rule
        )
        saved = await self.app.push_screen_wait(form)
        if saved is None or saved.id is None:
            self.query_one(DataTable).focus()
        elif saved.id not in shown:
            self._show_saved(saved.id)

    def _show_saved(self, session_id: int) -> None:
        """List the snapshot (which has the visit just saved) and select that visit."""
        if not self._shows_current():
            self.show_data()  # DataChanged may still be queued
        if not self.select_id(session_id):
            # The filter hides the visit just saved: clear it, so the patient sees it.
            self._close_filter()
            self.select_id(session_id)
        self.query_one(DataTable).focus()

    # -- delete / undo ---------------------------------------------------------------------
    def action_delete(self) -> None:
        session = self.selected()
        if session is None or session.id is None:
            self.notify("No visit selected.")
            return
        record_id, day = session.id, fmt_date(session.date)
        at = f" at {session.provider}" if session.provider else ""
        self.confirm_delete(
            f"Delete the visit of {day}{at}?\nYou can undo this with u right after.",
            lambda repo: visit_actions.delete_session(repo, record_id),
            f"Deleted the visit of {day} — press u to undo",
        )

    async def action_undo(self) -> None:
        await self.undo_delete(
            visit_actions.restore_session,
            lambda record: f"Restored the visit of {fmt_date(record.date)}",
        )


def _units_text(session: Session, method: str) -> str:
    units = _visit_units(session.codes_text, method)
    return "—" if units is None else str(units)


def _add_columns(table: DataTable[object], narrow: bool) -> None:
    for label, width in NARROW_COLUMNS if narrow else WIDE_COLUMNS:
        table.add_column(label, width=width)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
