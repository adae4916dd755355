"""Claims (3): every insurance claim, what its EOB said, and what to do about it.

Top: the claims, newest service first (pages of at most 500 rows; `/` filters). Bottom: the
selected claim — status history as a timeline, EOB amounts and whether they add up
(billing.eob), each denial code explained in place (billing.catalogue), the appeal deadline
(billing.deadlines) and the balance. `n` new claim, `e`/enter update, `d` delete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Static

from floortrack import clock
from floortrack.actions import claims as claim_actions
from floortrack.actions.edits import Resolve
from floortrack.billing import (
    attention,
    audit,
    catalogue,
    deadlines,
    eob,
    lifecycle,
    plans,
)
from floortrack.model import (
    Appeal,
    Authorization,
    Claim,
    PatientPayment,
    Plan,
    Session,
    normalize_code,
)
from floortrack.tui.data import SaveResult
from floortrack.tui.debounce import KeyDebounce
from floortrack.tui.dialogs.claim_form import ClaimFormDialog
from floortrack.tui.dialogs.claim_update import ClaimUpdate, ClaimUpdateDialog
from floortrack.tui.evidence import evidence_text
from floortrack.tui.format import fmt_date, fmt_lines, fmt_money, status_badge, status_label
from floortrack.tui.messages import DataChanged
from floortrack.tui.next_steps import claims_key
from floortrack.tui.screens.base import DeleteUndoScreen
from floortrack.tui.widgets.empty import EmptyState
from floortrack.tui.widgets.keyed_table import KeyedTable, KeyedText

if TYPE_CHECKING:
    from floortrack.store import Repository
    from floortrack.tui.dialogs.claim_money_form import ClaimMoneyForm

PAGE_SIZE = 500

RecordT = TypeVar("RecordT")

COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", "Status"),
    ("payer", "Payer"),
    ("dates", "Service dates"),
    ("billed", "Billed"),
    ("paid", "Plan paid"),
    ("owe", "You owe"),
    ("age", "Since visit"),
    ("change", "Since change"),
    ("number", "Claim #"),
)


# Below this width the table shows fewer columns, so the claim number (what an EOB and a
# phone call name) stays on screen at 80 columns.
NARROW_WIDTH = 100
NARROW_COLUMNS = ("status", "payer", "dates", "owe", "number")


def columns_for(width: int) -> tuple[tuple[str, str], ...]:
    if width >= NARROW_WIDTH:
        return COLUMNS
    return tuple(c for c in COLUMNS if c[0] in NARROW_COLUMNS)


def days_text(days: int | None) -> str:
    return "—" if days is None else f"{days} d"


def dates_text(claim: Claim) -> str:
    first = fmt_date(claim.first_service)
    more = len(claim.service_dates) - 1
    return f"{first} +{more}" if more else first


def last_change_on(claim: Claim) -> date | None:
    rows = lifecycle.effective_history(claim)
    return rows[-1].on if rows else claim.last_change


def claim_row(claim: Claim, today: date) -> tuple[Text | str, ...]:
    """One table row: status as a coloured word, money right-aligned, ages in days."""
    changed = last_change_on(claim)
    return (
        status_badge(lifecycle.current_status(claim)),
        # The patient's text: never read as markup. It carries the row's key (KeyedTable).
        KeyedText(claim.payer, str(claim.id)),
        dates_text(claim),
        Text(fmt_money(claim.billed), justify="right"),
        Text(fmt_money(claim.paid), justify="right"),
        Text(fmt_money(eob.balance(claim)), justify="right"),
        Text(days_text((today - claim.first_service).days), justify="right"),
        Text(days_text(None if changed is None else (today - changed).days), justify="right"),
        Text(claim.claim_number or "—"),
    )


def haystack(claim: Claim) -> str:
    """Everything the filter matches against, lower-cased."""
    parts = [
        lifecycle.current_status(claim),
        status_label(lifecycle.current_status(claim)),
        claim.payer,
        claim.claim_number,
        claim.note,
        *(d.isoformat() for d in claim.service_dates),
        *claim.denial_codes,
        *claim.units,
    ]
    return " ".join(parts).lower()


def _money_line(text: Text, label: str, amount: object, note: str = "") -> None:
    text.append(f"  {label:<22}")
    text.append(f"{fmt_money(amount):>12}")  # type: ignore[arg-type]
    if note:
        text.append(f"  {note}", style="dim")
    text.append("\n")


def claim_detail(
    claim: Claim,
    sessions: Sequence[Session],
    plan_list: Sequence[Plan],
    today: date,
    notes: Mapping[str, str] | None = None,
    auths: Sequence[Authorization] = (),
) -> Text:
    """The readable story of one claim: who, what, history, money, denial, deadline.
    `notes` are the patient's own notes on codes (normalised code -> text)."""
    text = Text()
    status = lifecycle.current_status(claim)
    # One span: a reader that strips each styled run must still see "Claim 4 #BH…".
    number = f" #{claim.claim_number}" if claim.claim_number else ""
    text.append(f"Claim {claim.id}{number}", style="bold")
    text.append(f" · {claim.payer} · ")
    text.append(status_badge(status))
    text.append("\n")
    linked = [s for s in sessions if s.id in claim.session_ids]
    text.append(
        f"Visits {', '.join(fmt_date(d) for d in claim.service_dates)}"
        f" · submitted {fmt_date(claim.submitted)}",
        style="dim",
    )
    if claim.lines:
        text.append(
            " · billed " + ", ".join(f"{ln.coded} ×{ln.units}" for ln in claim.lines),
            style="dim",
        )
    if claim.place_of_service:
        text.append(f" · place of service {claim.place_of_service}", style="dim")
    text.append("\n")
    for session in linked:
        text.append(f"  visit {fmt_date(session.date)}: {fmt_lines(session)}\n", style="dim")

    # -- what to do next, first: that is what the patient came for
    plan = plans.plan_for(claim.payer, plan_list)
    # This claim's own items, without building one item per unclaimed visit to drop them.
    steps = [
        i
        for i in attention.claim_attention(claim, sessions, plan_list, auths, today)
        if i.kind != "audit"
    ]
    if steps:
        text.append("\nWhat to do next\n", style="bold")
        for item in steps:
            press = claims_key(item.step)
            text.append(f"  {item.advice}")
            text.append(f" (press {press})\n" if press else "\n", style="dim")
    if status == "denied":
        due = deadlines.appeal_deadline(claim, plan, today)
        rejected = deadlines.rejected_unprocessable(claim)
        text.append(
            "\nResubmission deadline\n" if rejected else "\nAppeal deadline\n", style="bold"
        )
        if deadlines.medicare_not_appealable(claim, plan):
            text.append(
                "  A Medicare late-filing denial (CO-29) cannot be appealed; the clinic may not "
                "bill you for it.\n"
            )
        elif rejected:
            resend = deadlines.resubmit_deadline(claim, plan, today)
            text.append(
                "  Returned as unprocessable: nothing to appeal; the clinic sends a corrected "
                f"claim by {fmt_date(resend.due)} ({resend.describe()}).\n"
            )
        elif due is None and not deadlines.patient_files_next_level(claim, plan):
            text.append(
                "  Your plan forwards the case to the Independent Review Entity itself: "
                "nothing to file; watch for its decision.\n"
            )
        elif due is not None:
            when = (
                f"{-due.days_left} days ago — OVERDUE"
                if due.overdue
                else f"{due.days_left} days left"
            )
            style = "bold red" if due.overdue or due.soon else "bold"
            text.append(
                f"  {due.what.capitalize()} due {fmt_date(due.due)} ({when})\n", style=style
            )
            text.append(f"  {due.describe()}\n", style="dim")
    for appeal in claim.appeals:
        decided = f", decided {fmt_date(appeal.decided)}" if appeal.decided else ""
        text.append(
            f"  Appeal level {appeal.level} filed {fmt_date(appeal.filed)}: "
            f"{appeal.outcome}{decided}\n"
        )

    for heading, codes in deadlines.code_headings(claim.denial_codes):
        text.append(f"\n{heading}\n", style="bold")
        for code in codes:
            explained = catalogue.explain(code)
            text.append(f"  {code}  ", style="bold")
            text.append(explained.summary + "\n")
            reason = next((e for e in explained.entries if e.next_step), None)
            if reason is not None:
                text.append(f"    What to do: {reason.next_step}\n", style="italic")
            if notes and notes.get(normalize_code(code)):
                text.append(f"    Your note: {notes[normalize_code(code)]}\n")

    # -- the timeline
    text.append("\nStatus history\n", style="bold")
    rows = lifecycle.effective_history(claim)
    if not rows:
        text.append(f"  {fmt_date(claim.submitted)}  ", style="dim")
        text.append(status_badge(claim.status))
        text.append("\n")
    for i, row in enumerate(rows):
        mark = "●" if i == len(rows) - 1 else "○"
        text.append(f"  {mark} {fmt_date(row.on)}  ")
        text.append(status_badge(row.status))
        if row.note:
            text.append(f"  {row.note}", style="dim")
        if row.corrected:
            text.append(
                f"  (corrected: was {status_label(row.original_status)} on "
                f"{fmt_date(row.original_on)})",
                style="dim italic",
            )
        text.append("\n")

    text.append(
        "  Entered something wrong (a status, units, billed, claim number)? Press x to "
        "correct it.\n",
        style="dim",
    )

    # -- the money
    b = eob.breakdown(claim)
    text.append("\nAmounts (EOB)\n", style="bold")
    _money_line(text, "Billed", b.billed)
    _money_line(text, "Allowed", b.allowed)
    gap = eob.billed_vs_allowed(claim, status == "denied")
    if gap is not None:
        _money_line(text, gap.label, gap.amount, gap.note)
    _money_line(text, "Plan paid", b.paid)
    for label, value in (
        ("Deductible", b.deductible),
        ("Copay", b.copay),
        ("Coinsurance", b.coinsurance),
        ("Not covered", b.not_covered),
    ):
        if value is not None:
            _money_line(text, label, value)
    _money_line(text, "Your share", b.responsibility)
    _money_line(text, "You paid", claim.patient_paid)
    owed = eob.balance(claim)
    if owed is not None and owed < 0:
        _money_line(text, "Credit due to you", -owed, "ask the clinic for a refund")
    else:
        _money_line(text, "Balance", owed, "" if owed is not None else "not known yet")
    for adjustment in claim.adjustments:
        on_line = f" on {adjustment.code}" if adjustment.code else ""
        text.append(
            f"  adjustment {adjustment.carc}{on_line}: {fmt_money(adjustment.amount)}\n",
            style="dim",
        )
    findings = eob.check_eob(claim)
    if findings:
        for finding in findings:
            text.append("  ! Does not add up: ", style="bold red")
            text.append(finding.message + "\n")
            text.append(f"    {finding.ask}\n", style="italic")
    elif any(a.outcome in ("won", "partial") for a in claim.appeals) and not b.paid:
        text.append(
            "  Appeal won: these are the figures from before it. Enter the reprocessed EOB "
            "when it comes (press e).\n",
            style="bold",
        )
    elif b.allowed is not None or b.paid is not None:
        text.append("  ✓ The EOB figures entered add up.\n", style="green")
    else:
        text.append(
            "  No EOB amounts yet: press e to enter them when the EOB arrives.\n", style="dim"
        )
    _bill_check(text, claim, sessions, plan)
    if claim.payments:
        text.append("\nYour payments\n", style="bold")
        for payment in claim.payments:
            note = f"  {payment.note}" if payment.note else ""
            text.append(f"  {fmt_date(payment.on)}  {fmt_money(payment.amount)}{note}\n")
    if claim.note:
        text.append("\nNote\n", style="bold")
        text.append(f"  {claim.note}\n")
    return text


AUDIT_LOOK: dict[str, tuple[str, str]] = {
    "problem": ("PROBLEM", "bold red"),
    "check": ("CHECK", "bold yellow"),
    "info": ("NOTE", "dim"),
}


def _bill_check(text: Text, claim: Claim, sessions: Sequence[Session], plan: Plan | None) -> None:
    """Units billed against the minutes logged, and code pairs payers refuse (billing.audit)."""
    visits = audit.claim_sessions(claim, sessions)
    if not visits or not claim.lines:
        return
    rule = plans.rule_for_plan(plan, claim.payer)
    findings = audit.audit_claim(claim, visits, plans=[plan] if plan else [], rule=rule)
    text.append("\nBill check ", style="bold")
    text.append(f"(units by the {rule.label})\n", style="dim")
    if not findings:
        text.append("  ✓ The units billed fit the minutes you logged.\n", style="green")
    for finding in findings:
        word, style = AUDIT_LOOK.get(finding.severity, (finding.severity.upper(), ""))
        text.append(f"  {word} ", style=style)
        text.append(finding.title + "\n", style="bold")
        text.append(f"    {finding.meaning}\n")
        if finding.ask and finding.ask != "Nothing to do.":
            text.append(f"    Ask: {finding.ask}\n", style="italic")


class ClaimsScreen(DeleteUndoScreen[Claim]):
    """The claims table and the selected claim's story."""

    CSS_PATH = "claims.tcss"
    TITLE_TEXT = "Claims"
    NOUN = "claim"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HELP = """\
## Claims

Every insurance claim, newest visit first. The status is always shown as a word and a colour.

- **n** adds a claim: pick the visits it is for and the units are filled in from your minutes.
- **e** or **enter** updates the selected claim: a new status (only moves that make sense are
  offered), the date, the EOB amounts and denial codes. The history is kept.
- **p** records a payment you made to the clinic for the selected claim; the balance follows.
- **a** records an appeal of the selected (denied) claim, or later its outcome: filing moves
  the claim to appealed; then won makes it paid, partial makes it partially paid, lost makes
  it denied again and withdrawn closes it.
- **x** corrects the selected claim: units (with modifiers, 97140-GP-59:1), the amount
  billed, the claim number, the EOB adjustments (CO-45:60.00), or a mistaken status (the
  original entry stays in the history, marked corrected).
- **d** deletes the selected claim (asks first); **u** brings it back.
- **/** filters by status, payer, date, claim number or denial code (e.g. `denied`, `CO-97`,
  `2026-03`); **esc** clears the filter.

The pane below the table explains the selected claim: its history, the EOB amounts and whether
they add up, each denial code in plain words, the appeal deadline and what you still owe.
"""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._shown: list[Claim] = []
        self._filter = ""
        self._want_claim: int | None = None  # a claim to select once the data is in
        self._sorted_for: object = None
        self._notes: dict[str, str] = {}
        self._sorted: list[Claim] = []
        self._columns: tuple[tuple[str, str], ...] = COLUMNS
        # Per claim id: the record and what was worked out from it (its filter words, its
        # row for a day and a set of columns), reused while the record is the same one.
        self._words: dict[int, tuple[Claim, str]] = {}
        self._rows: dict[int, tuple[Claim, object, tuple[Text | str, ...]]] = {}
        self._filter_keys = KeyDebounce(self, self._apply_filter)
        self._detail_of: tuple[object, ...] = ()  # what the detail pane was drawn from

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="filter-bar", id="claims-filter-bar"):
            yield Input(
                placeholder="Filter claims: denied, CO-97, Aetna, 2026-03…  (esc clears)",
                id="claims-filter",
                disabled=True,  # enabled while the filter bar shows, so it never steals focus
            )
        yield EmptyState("Loading your claims…", id="claims-empty")
        yield KeyedTable(key_cell=1, id="claims-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="claims-count")
        with VerticalScroll(id="claim-detail"):
            yield Static("", id="claim-detail-body")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._columns = columns_for(self.app.size.width)
        for key, label in self._columns:
            table.add_column(label, key=key)
        self.query_one("#claim-detail", VerticalScroll).display = False
        table.display = False

    # -- rendering ------------------------------------------------------------------------

    SHOWS: ClassVar[frozenset[str]] = frozenset(
        {"claims", "notes", "plans", "sessions", "auths", "calls", "documents"}
    )

    def on_data_changed(self, message: DataChanged) -> None:
        if not message.kinds & self.SHOWS:
            return
        # The claims a save touched are worked out again; the others keep their rows.
        changes = message.changes_to("claims")
        if changes is None:
            self._words.clear()
            self._rows.clear()
        else:
            for claim_id in changes.changed | changes.removed:
                self._words.pop(claim_id, None)
                self._rows.pop(claim_id, None)
        self.show_data()

    def show_data(self) -> None:
        # The patient's notes on denial codes come with the snapshot (DataService.notes).
        self._notes = {n.code: n.text for n in self.data.notes}
        self._render_claims()

    def _render_claims(self) -> None:
        table = self.query_one(KeyedTable)
        keep = self._current_claim_id() if self._want_claim is None else self._want_claim
        claims = self._sorted_claims()
        total = len(claims)
        if self._filter:
            words = self._filter.lower().split()
            claims = [c for c in claims if all(w in self._words_of(c) for w in words)]
        self._shown = claims[:PAGE_SIZE]
        today = clock.today()
        # Only the rows that differ from those shown change (KeyedTable).
        table.show_rows([self._row_of(c, i, today) for i, c in enumerate(self._shown)])
        # The table's order is self._shown's: row index -> claim.
        empty = self.query_one(EmptyState)
        detail = self.query_one("#claim-detail", VerticalScroll)
        count = self.query_one("#claims-count", Static)
        if not self._shown:
            empty.update(
                "No claims yet — press n to add one when the clinic bills your insurer."
                if not total
                else f"No claim matches “{self._filter}” — press esc to clear the filter."
            )
        empty.display = not self._shown
        table.display = bool(self._shown)
        detail.display = bool(self._shown)
        message = ""
        if len(claims) > len(self._shown):
            message = (
                f"Showing the newest {len(self._shown)} of {len(claims)} claims — "
                "press / to filter."
            )
        elif self._filter and self._shown:
            message = f"{len(self._shown)} of {total} claims match “{self._filter}”."
        count.update(Text(message))  # it quotes the filter as typed: text, not markup
        count.display = bool(message)
        if self._shown:
            self._select_claim(keep)
            self._show_detail()
            if self.focused is None:
                table.focus()
        if self._want_claim is not None and self.data.loaded:
            self._want_claim = None

    def on_resize(self, event: events.Resize) -> None:
        wanted = columns_for(event.size.width)
        if wanted != self._columns:
            self._columns = wanted
            table = self.query_one(DataTable)
            table.clear(columns=True)
            for key, label in wanted:
                table.add_column(label, key=key)
            self._render_claims()

    def _row_of(self, claim: Claim, index: int, today: date) -> tuple[str, tuple[Text | str, ...]]:
        """The row's key and cells, worked out again only if the claim, the day (its ages)
        or the columns changed since."""
        if claim.id is None:  # not stored (never the case for a listed claim): not cached
            return f"new-{index}", self._cells_for(claim, today)
        variant = (today, self._columns)
        cached = self._rows.get(claim.id)
        # The same record, or an equal one (a store that built the records again).
        if (
            cached is not None
            and cached[1] == variant
            and (cached[0] is claim or cached[0] == claim)
        ):
            return str(claim.id), cached[2]
        cells = self._cells_for(claim, today)
        self._rows[claim.id] = (claim, variant, cells)
        return str(claim.id), cells

    def _cells_for(self, claim: Claim, today: date) -> tuple[Text | str, ...]:
        row = claim_row(claim, today)
        if len(self._columns) == len(COLUMNS):
            return row
        return tuple(
            cell for cell, column in zip(row, COLUMNS, strict=True) if column in self._columns
        )

    def _words_of(self, claim: Claim) -> str:
        cached = self._words.get(claim.id or 0)
        if cached is not None and (cached[0] is claim or cached[0] == claim):
            return cached[1]
        words = haystack(claim)
        self._words[claim.id or 0] = (claim, words)
        return words

    def _sorted_claims(self) -> list[Claim]:
        """Claims newest first, sorted again only when the data changed (the snapshot list
        is replaced whole on every refresh), not on every keystroke. A claim's filter words
        are worked out when a filter first needs them, then kept while it stays the same."""
        source = self.data.claims
        if self._sorted_for is not source:
            self._sorted = sorted(source, key=lambda c: (c.first_service, c.id or 0), reverse=True)
            self._sorted_for = source
        return self._sorted

    def _select_claim(self, claim_id: int | None) -> None:
        table = self.query_one(DataTable)
        index = next((i for i, c in enumerate(self._shown) if c.id == claim_id), None)
        if index is None:
            index = min(table.cursor_row, len(self._shown) - 1) if table.cursor_row >= 0 else 0
        table.move_cursor(row=max(index, 0), animate=False, scroll=True)

    def _current_claim(self) -> Claim | None:
        table = self.query_one(DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _current_claim_id(self) -> int | None:
        claim = self._current_claim()
        return claim.id if claim else None

    @on(DataTable.RowHighlighted, "#claims-table")
    def _row_highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#claims-table")
    def _row_selected(self) -> None:
        self.action_edit()

    def _show_detail(self) -> None:
        claim = self._current_claim()
        body = self.query_one("#claim-detail-body", Static)
        if claim is None:
            body.update("")
            self._detail_of = ()
            return
        today = clock.today()
        data = self.data
        # What the pane is drawn from: drawn again only if one of them is another object or
        # another day (a re-render and the cursor's own highlight would both draw it).
        shown = (
            claim,
            data.sessions,
            data.plans,
            data.auths,
            data.notes,
            data.calls,
            data.documents,
        )
        if self._same_detail(shown, today):
            return
        self._detail_of = (*shown, today)
        text = claim_detail(claim, data.sessions, data.plans, today, self._notes, data.auths)
        if claim.id is not None:  # calls and documents kept with it (tui/evidence.py)
            text.append_text(evidence_text(claim.id, self.data.calls, self.data.documents))
        body.update(text)
        self.query_one("#claim-detail", VerticalScroll).scroll_home(animate=False)

    def _same_detail(self, shown: tuple[object, ...], today: date) -> bool:
        drawn = self._detail_of
        return (
            len(drawn) == len(shown) + 1
            and all(a is b for a, b in zip(shown, drawn, strict=False))
            and drawn[-1] == today
        )

    def show_claim(self, claim_id: int) -> None:
        """Select a claim by id (the Overview's "needs attention" opens claims this way)."""
        if self._filter and not any(c.id == claim_id for c in self._shown):
            self._set_filter("")
        if not self.data.loaded:
            self._want_claim = claim_id
            return
        self._want_claim = claim_id
        self._render_claims()
        self.query_one(DataTable).focus()

    # -- filter ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        bar = self.query_one("#claims-filter-bar")
        bar.add_class("-visible")
        box = self.query_one("#claims-filter", Input)
        box.disabled = False
        box.focus()

    @on(Input.Changed, "#claims-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_keys.key()

    def _apply_filter(self) -> None:
        text = self.query_one("#claims-filter", Input).value.strip()
        if text != self._filter:
            self._filter = text
            self._render_claims()

    @on(Input.Submitted, "#claims-filter")
    def _filter_done(self) -> None:
        self._filter_keys.now()  # enter filters now, without the wait
        self.query_one(DataTable).focus()

    def _set_filter(self, value: str) -> None:
        self._filter_keys.cancel()
        self._filter = value
        box = self.query_one("#claims-filter", Input)
        with box.prevent(Input.Changed):
            box.value = value
        if not value:
            self.query_one("#claims-filter-bar").remove_class("-visible")
            box.disabled = True

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and (
            self._filter or self.focused is self.query_one("#claims-filter", Input)
        ):
            self._set_filter("")
            self._render_claims()
            self.query_one(DataTable).focus()
            event.stop()

    # -- new, edit, delete ----------------------------------------------------------------

    @work(group="claims-forms")
    async def action_new(self) -> None:
        data = self.data
        unclaimed = deadlines.sessions_without_claim(data.sessions, data.claims)
        payers = [p.payer for p in data.plans] + [c.payer for c in data.claims]

        async def submit(values: dict[str, Any], _resolve: Resolve) -> SaveResult[Claim]:
            result = await data.save(
                lambda repo: claim_actions.add_claim(repo, **values), success=None
            )
            added = result.value
            if not result or added is None:
                return SaveResult(False, error=result.error, field=result.field)
            assumed = (
                f" — submitted assumed {fmt_date(added.claim.submitted)} (the last visit date)"
                if added.submitted_assumed
                else ""
            )
            self.notify(f"Claim added{assumed}", timeout=6)
            return SaveResult(True, added.claim)

        claim = await self.app.push_screen_wait(
            ClaimFormDialog(unclaimed, data.plans, payers, clock.today(), submit=submit)
        )
        if claim is not None and claim.id is not None:
            self.show_claim(claim.id)

    @work(group="claims-forms")
    async def action_edit(self) -> None:
        claim = self._current_claim()
        if claim is None or claim.id is None:
            self.notify("No claim selected: press n to add one.", severity="warning")
            return
        claim_id = claim.id

        async def submit(update: ClaimUpdate, resolve: Resolve) -> SaveResult[Claim]:
            return await self.data.save(
                lambda repo: claim_actions.update_claim(
                    repo,
                    claim_id,
                    update.changes,
                    status=update.status,
                    on=update.on,
                    status_note=update.status_note,
                    base=claim,
                    resolve=resolve,
                ),
                success="Claim updated",
            )

        await self.app.push_screen_wait(ClaimUpdateDialog(claim, clock.today(), submit=submit))

    def action_report(self) -> None:
        """Make a report: a packet for the selected claim (H4's dialog, in the palette too)."""
        from floortrack.tui.dialogs.report_dialog import open_report_dialog

        claim = self._current_claim()
        open_report_dialog(self, self.data, claim.id if claim is not None else None)

    async def action_letter(self) -> None:
        """Write an appeal letter (or a request to the clinic) for the selected claim."""
        from floortrack.tui.dialogs.letter_dialog import open_letter_dialog

        claim = self._current_claim()
        if claim is not None:
            await open_letter_dialog(self, self.data, claim)

    @work(group="claims-forms")
    async def action_log_call(self) -> None:
        """Log a call about the selected claim (CallForm; actions/calls.py saves it)."""
        from floortrack.actions.calls import add_call
        from floortrack.model import Call
        from floortrack.tui.dialogs.call_form import CallForm

        claim = self._current_claim()
        if claim is None or claim.id is None:
            self.notify("No claim selected: press n to add one.", severity="warning")
            return
        today = clock.today()

        async def submit(call: Call, _resolve: Resolve) -> SaveResult[Any]:
            return await self.data.save(
                lambda repo: add_call(
                    repo,
                    with_whom=call.with_whom,
                    note=call.note,
                    on=call.on,
                    claim_id=call.claim_id,
                    rep=call.rep,
                    reference=call.reference,
                    follow_up=call.follow_up,
                    today=today,
                ),
                success="Call logged",
            )

        await self.app.push_screen_wait(CallForm(claim, today, submit))

    def action_open_document(self) -> None:
        """Open one of the selected claim's documents with the system viewer."""
        from floortrack.tui.dialogs.documents_dialog import DocumentsDialog

        claim = self._current_claim()
        docs = [d for d in self.data.documents if claim is not None and d.claim_id == claim.id]
        if not docs:
            self.notify(
                "No documents kept with this claim: add one with floortrack claim attach.",
                severity="warning",
            )
            return
        self.app.push_screen(DocumentsDialog(docs, self.data.repo.path))

    def action_pay(self) -> None:
        """Record a payment the patient made toward the selected claim (PaymentForm)."""
        from floortrack.tui.dialogs.payment_form import PaymentForm

        def pay(repo: Repository, claim_id: int, payment: PatientPayment) -> Claim:
            return claim_actions.pay_claim(
                repo, claim_id, amount=payment.amount, on=payment.on, note=payment.note
            )

        self._claim_money_form(PaymentForm, pay, self._paid_message)

    def action_appeal(self) -> None:
        """Record an appeal of the selected claim, or its outcome (AppealForm)."""
        from floortrack.tui.dialogs.appeal_form import AppealForm

        def appeal(repo: Repository, claim_id: int, record: Appeal) -> Claim:
            claim, _ = claim_actions.appeal_claim(
                repo,
                claim_id,
                filed=record.filed,
                level=record.level,
                outcome=record.outcome,
                decided=record.decided,
                note=record.note,
            )
            return claim

        self._claim_money_form(AppealForm, appeal, self._appeal_message)

    @staticmethod
    def _paid_message(claim: Claim) -> str:
        left = eob.balance(claim)
        return "Payment recorded" + ("" if left is None else f" — balance {fmt_money(left)}")

    @staticmethod
    def _appeal_message(claim: Claim) -> str:
        return f"Appeal recorded — claim is now {status_label(lifecycle.current_status(claim))}"

    @work(group="claims-forms")
    async def _claim_money_form(
        self,
        form: Callable[..., ClaimMoneyForm[RecordT]],
        action: Callable[[Repository, int, RecordT], Claim],
        message: Callable[[Claim], str],
    ) -> None:
        """Open `form` on the selected claim. Its Save runs `action` (actions.claims, as the
        CLI does) on the claim as it is in the file; a refusal stays in the form."""
        claim = self._current_claim()
        if claim is None or claim.id is None:
            self.notify("No claim selected: press n to add one.", severity="warning")
            return
        claim_id = claim.id

        async def submit(record: RecordT, _resolve: Resolve) -> SaveResult[Claim]:
            result = await self.data.save(lambda repo: action(repo, claim_id, record), success=None)
            if result and result.value is not None:
                self.notify(message(result.value), timeout=4)
            return result

        await self.app.push_screen_wait(form(claim, clock.today(), submit))

    def action_delete(self) -> None:
        claim = self._current_claim()
        if claim is None or claim.id is None:
            self.notify("No claim selected.", severity="warning")
            return
        claim_id = claim.id
        question = (
            f"Delete claim {claim_id} with {claim.payer} for "
            f"{', '.join(fmt_date(d) for d in claim.service_dates)}? Its history, amounts and "
            "appeals are deleted with it. Your visits stay. You can undo this with u right after."
        )
        self.confirm_delete(
            question,
            lambda repo: claim_actions.delete_claim(repo, claim_id),
            f"Claim {claim_id} deleted — press u to undo",
        )

    async def action_undo(self) -> None:
        await self.undo_delete(
            claim_actions.restore_claim,
            lambda claim: f"Restored claim {claim.id} with {claim.payer}",
        )

    def select_id(self, record_id: int) -> object:
        self.show_claim(record_id)
        return None

    def action_correct(self) -> None:
        """Correct units, billed, claim number, adjustments or a mistaken status (x)."""
        from floortrack.tui.dialogs.claim_correct import Correction, correct_form
        from floortrack.tui.dialogs.field_form import save_edit

        claim = self._current_claim()
        if claim is None or claim.id is None:
            self.notify("No claim selected: press n to add one.", severity="warning")
            return
        base, claim_id, today = claim, claim.id, clock.today()

        def apply(repo: Repository, resolve: Resolve, fix: Correction) -> Claim:
            updated = base
            if fix.changes:
                updated = claim_actions.update_claim(
                    repo, claim_id, fix.changes, base=base, resolve=resolve, today=today
                )
            if fix.entry is not None:
                updated = claim_actions.correct_claim(
                    repo,
                    claim_id,
                    entry=fix.entry,
                    status=fix.status,
                    on=fix.on,
                    note=fix.note,
                    today=today,
                )
            return updated

        async def save(fix: Correction) -> str | None:
            return await save_edit(
                form, self.data, lambda repo, resolve: apply(repo, resolve, fix), "Claim corrected"
            )

        form = correct_form(claim, today, save)
        self.app.push_screen(form, lambda _: self.show_claim(claim_id))
