"""Overview (4): what needs the patient's action, and the money at a glance.

"Needs attention" (billing.attention.attention_list) comes first, most urgent on top, with the
next step for the highlighted item; enter opens the claim (or visit) it is about. Many items
of one kind are one row with their count (a billing.attention.Group); enter on it lists its
items in its place, 50 at a time (docs/ARCHITECTURE.md, "Attention, bounded and grouped"),
so the list stays a few dozen rows at any size. Below: totals
for this year and all time (billing.summary), claims by status, the year summary, and visit
limits, authorisations and the Medicare KX threshold (billing.limits).

Everything is computed in a thread worker from the snapshot lists (ten years of claims must
not freeze the screen); only the finished figures are drawn on the UI thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from floortrack import clock
from floortrack.billing import attention, benefits, limits
from floortrack.billing.summary import YearSummary, claim_figures, year_summaries, year_summary
from floortrack.model import (
    CLAIM_STATUSES,
    Authorization,
    Call,
    Claim,
    Clinic,
    CodeNote,
    Plan,
    Session,
)
from floortrack.tui.data import SaveResult
from floortrack.tui.format import fmt_date, fmt_money, status_badge
from floortrack.tui.messages import DataChanged
from floortrack.tui.next_steps import group_key_text, key_text
from floortrack.tui.screens.base import FloortrackScreen
from floortrack.tui.widgets.benefit_bars import BenefitBars
from floortrack.tui.widgets.empty import EmptyState

# Next-step kinds enter performs with a Claims-screen action on the item's claim.
CLAIM_ACTIONS: dict[str, str] = {
    "record_payment": "pay",
    "appeal": "appeal",
    "record_appeal_outcome": "appeal",
    "watch_decision": "appeal",
    "resubmit": "edit",
    "ask_reprocessed_eob": "edit",
    "close_claim": "edit",
}

SEVERITY_LOOK: dict[str, tuple[str, str]] = {
    "urgent": ("URGENT", "bold red"),
    "high": ("HIGH", "bold yellow"),
    "normal": ("TO DO", "bold cyan"),
    "low": ("FYI", "dim"),
}

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Totals:
    """Money figures for one column of the totals table."""

    label: str
    claims: int
    billed: Decimal
    allowed: Decimal
    paid_by_plan: Decimal
    paid_by_patient: Decimal
    still_owed: Decimal
    unknown_allowed: int


def totals_of(label: str, summaries: Sequence[YearSummary]) -> Totals:
    """Adds up per-year summaries (each computed by billing.summary) into one column."""
    return Totals(
        label,
        sum(s.claims for s in summaries),
        sum((s.billed for s in summaries), ZERO),
        sum((s.allowed for s in summaries), ZERO),
        sum((s.paid_by_plan for s in summaries), ZERO),
        sum((s.paid_by_patient for s in summaries), ZERO),
        sum((s.still_owed for s in summaries), ZERO),
        sum(s.unknown_allowed for s in summaries),
    )


@dataclass
class OverviewFigures:
    """Everything the Overview shows, computed off the UI thread."""

    today: date
    items: list[attention.Item] = field(default_factory=list)
    this_year: Totals | None = None
    all_time: Totals | None = None
    summary: YearSummary | None = None
    by_status: dict[str, int] = field(default_factory=dict)
    limit_lines: list[Text] = field(default_factory=list)
    benefit_years: list[benefits.BenefitYear] = field(default_factory=list)
    has_data: bool = False


def bar(used: float, total: float, width: int = 16) -> str:
    """A plain progress bar; the numbers are always printed beside it."""
    if total <= 0:
        return ""
    filled = max(0, min(width, round(width * used / total)))
    return "█" * filled + "░" * (width - filled)


def limit_lines(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
) -> list[Text]:
    lines: list[Text] = []
    for plan in plans:
        if plan.visit_limit is None:
            continue
        v = limits.visit_limit(plan, sessions, claims, plans, today, auths)
        left = v.remaining if v.remaining is not None else 0
        text = Text()
        text.append(f"{plan.payer} visit limit  ", style="bold")
        text.append(bar(v.used, plan.visit_limit) + "  ")
        text.append(
            f"{v.used} of {plan.visit_limit} visits used, {max(left, 0)} left "
            f"(plan year {fmt_date(v.year_start)} to {fmt_date(v.year_end)})",
            style="bold red" if v.running_out else "",
        )
        lines.append(text)
    for auth in auths:
        use = limits.auth_usage(auth, sessions, claims, plans, auths, today)
        if use.days_left < 0:
            continue  # an authorisation that has ended needs no watching
        number = f" #{auth.number}" if auth.number else ""
        text = Text()
        text.append(f"Authorisation{number} ({auth.payer})  ", style="bold")
        text.append(bar(use.used, auth.visits) + "  ")
        ends = (
            f"ends {fmt_date(auth.end)}, {use.days_left} days left"
            if use.active
            else f"starts {fmt_date(auth.start)}"
        )
        text.append(
            f"{use.used} of {auth.visits} visits used, {max(use.remaining, 0)} left; {ends}",
            style="bold red" if use.active and (use.running_out or use.expiring) else "",
        )
        lines.append(text)
    if any(p.plan_type == "medicare" for p in plans):
        kx = limits.kx_progress(claims, plans, today.year)
        text = Text()
        text.append("Medicare KX threshold  ", style="bold")
        if kx.threshold is not None:
            text.append(bar(float(kx.allowed), float(kx.threshold)) + "  ")
            text.append(f"{fmt_money(kx.allowed)} of {fmt_money(kx.threshold)} allowed so far")
        text.append(f"\n  {kx.label}", style="dim")
        lines.append(text)
    return lines


# The last figures and the records they came from. Records are frozen, so the same records
# (the same objects, or equal ones) give the same figures: a second Overview, or a refresh
# that changed nothing it shows, costs a comparison of the records, mostly by identity.
_last: tuple[tuple[object, ...], OverviewFigures] | None = None


def compute(
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan],
    auths: Sequence[Authorization],
    today: date,
    clinics: Sequence[Clinic] = (),
    calls: Sequence[Call] = (),
) -> OverviewFigures:
    """Pure: the figures for the Overview from snapshot lists (runs in a thread).

    Calling it once in the background after the records are loaded makes the first visit
    to the Overview find its figures ready (`_last`); the rules below it also keep their
    per-claim results (docs/ARCHITECTURE.md, "Attention, bounded and grouped")."""
    global _last
    key = (
        today,
        *(tuple(records) for records in (sessions, claims, plans, auths, clinics, calls)),
    )
    last = _last
    if last is not None and last[0] == key:
        return last[1]
    figures = OverviewFigures(today, has_data=bool(sessions or claims))
    figures.items = attention.attention_list(
        sessions, claims, plans, auths, today, clinics, calls=calls
    )
    summaries = year_summaries(sessions, claims)  # every year, one pass
    this = summaries.get(today.year) or year_summary(today.year, (), ())
    figures.summary = this
    figures.this_year = totals_of(str(today.year), [this])
    figures.all_time = totals_of("All time", list(summaries.values()))
    counts = Counter(claim_figures(c).status for c in claims)  # lifecycle.current_status
    figures.by_status = {s: counts[s] for s in CLAIM_STATUSES if counts[s]}
    figures.limit_lines = limit_lines(sessions, claims, plans, auths, today)
    figures.benefit_years = current_benefits(plans, sessions, claims, today, clinics)
    _last = (key, figures)
    return figures


def current_benefits(
    plans: Sequence[Plan],
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    today: date,
    clinics: Sequence[Clinic] = (),
) -> list[benefits.BenefitYear]:
    """This plan year's benefits for the plans whose amounts the patient entered."""
    entered = {
        p.payer for p in plans if any(benefits.terms_for(p, n).any_entered for n in ("in", "out"))
    }
    if not entered:
        return []
    years = benefits.benefits(
        plans,
        sessions,
        claims,
        today,
        network_of=benefits.network_by_clinic(sessions, clinics),
        visit_network=benefits.visit_network_by_clinic(clinics),
    )
    return [y for y in years if y.plan.payer in entered and y.start <= today <= y.end]


def item_prompt(item: attention.Item) -> Text:
    word, style = SEVERITY_LOOK.get(item.severity, (item.severity, ""))
    text = Text()
    text.append(f"{word:<7}", style=style)
    if isinstance(item, attention.Group):
        text.append("▸ ", style="bold")  # a row that stands for many: enter lists them
        text.append(item.title, style="italic")
    else:
        text.append(item.title)
    return text


def item_detail(item: attention.Item) -> Text:
    word, style = SEVERITY_LOOK.get(item.severity, (item.severity, ""))
    text = Text()
    text.append(f"{word} ", style=style)
    text.append(item.title + "\n", style="bold")
    if item.due is not None and item.due.isoformat() not in item.title:
        left = item.days_left
        when = (
            f"{-left} days ago"
            if left is not None and left < 0
            else f"{left} days left"
            if left is not None
            else ""
        )
        text.append(f"Due {fmt_date(item.due)} ({when})\n", style="bold")
    text.append(item.detail + "\n")
    group = isinstance(item, attention.Group)
    text.append("\nNext step, for each: " if group else "\nNext step: ", style="bold")
    text.append(item.advice + "\n")
    line = (
        group_key_text(item, attention.EXPAND_BY)
        if isinstance(item, attention.Group)
        else key_text(item.step)
    )
    text.append("\n" + line, style="dim")
    return text


def totals_text(columns: Sequence[Totals]) -> Text:
    text = Text()
    text.append(f"{'':<16}" + "".join(f"{c.label:>14}" for c in columns) + "\n", style="bold")
    rows: tuple[tuple[str, Callable[[Totals], str]], ...] = (
        ("Claims", lambda c: str(c.claims)),
        ("Billed", lambda c: fmt_money(c.billed)),
        ("Allowed", lambda c: fmt_money(c.allowed)),
        ("Paid by plan", lambda c: fmt_money(c.paid_by_plan)),
        ("You paid", lambda c: fmt_money(c.paid_by_patient)),
        ("Still owed", lambda c: fmt_money(c.still_owed)),
    )
    for label, value in rows:
        style = "bold" if label == "Still owed" else ""
        text.append(f"{label:<16}" + "".join(f"{value(c):>14}" for c in columns) + "\n", style)
    unknown = columns[-1].unknown_allowed if columns else 0
    if unknown:
        text.append(
            f"{unknown} claim{'s' if unknown != 1 else ''} with no allowed amount yet.",
            style="dim",
        )
    return text


def status_text(by_status: dict[str, int]) -> Text:
    text = Text()
    if not by_status:
        text.append("No claims yet.", style="dim")
    for status, count in by_status.items():
        text.append(f"{count:>4}  ")
        text.append(status_badge(status))
        text.append("\n")
    return text


def summary_text(s: YearSummary) -> Text:
    text = Text()
    rate = "—" if s.denial_rate is None else f"{s.denial_rate * 100:.0f}%"
    median = "—" if s.median_days_to_payment is None else f"{s.median_days_to_payment:.0f} days"
    rows = (
        ("Visits", str(s.visits)),
        ("Claims", str(s.claims)),
        ("Denial rate", f"{rate} ({s.denied} of {s.decided} decided)"),
        ("Visit to payment", f"{median} (median)"),
    )
    for label, value in rows:
        text.append(f"{label:<18}", style="bold")
        text.append(value + "\n")
    return text


def _count(item: attention.Item) -> int:
    return item.count if isinstance(item, attention.Group) else 1


class OverviewScreen(FloortrackScreen):
    """Needs attention first; then totals, statuses, the year, limits and authorisations."""

    CSS_PATH = "overview.tcss"
    TITLE_TEXT = "Overview"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    HELP = """\
## Overview

**Needs attention** lists what needs your action now, most urgent first: appeals due, claims
waiting too long, information requested, authorisations running out, visits with no claim,
bills that do not add up, balances to pay. The pane beside it says the next step.

- **↑ ↓** move through the list; **enter** opens the claim (or the visit) it is about.
- Many items of one kind are one row (marked ▸) with their count, the oldest and newest
  dates, and the few most urgent or newest listed above it; **enter** on it lists its
  items in its place, 50 at a time.
- Below: money for this year and all time, claims by status, this year's summary, your
  visit limits and authorisations, and your deductible and out-of-pocket progress.
- **c** opens your clinics and the superbill check.

Deadlines marked "typical" are common figures, not your plan's rule: check your plan or the
denial letter.
"""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._items: list[attention.Item] = []
        self._expanded: dict[tuple[str, str], int] = {}  # (kind, severity) -> items listed
        self._focused_once = False

    def compose_body(self) -> ComposeResult:
        yield EmptyState("Loading…", id="overview-empty")
        with VerticalScroll(id="overview"):
            yield Static("Needs attention", classes="pane-title", id="attention-title")
            with Horizontal(id="attention-row"):
                yield OptionList(id="attention-list")
                with VerticalScroll(id="attention-detail"):
                    yield Static("", id="attention-detail-body")
            with Horizontal(id="money-row"):
                with Vertical(id="totals-box", classes="box"):
                    yield Static("Money", classes="pane-title")
                    yield Static("", id="totals")
                with Vertical(id="status-box", classes="box"):
                    yield Static("Claims by status", classes="pane-title")
                    yield Static("", id="by-status")
                with Vertical(id="summary-box", classes="box"):
                    yield Static("This year", classes="pane-title", id="summary-title")
                    yield Static("", id="year-summary")
            with Vertical(id="limits-box", classes="box"):
                yield Static("Visit limits and authorisations", classes="pane-title")
                yield Static("", id="limits")
            with Vertical(id="benefits-box", classes="box"):
                yield Static("Deductible and out of pocket", classes="pane-title")
                yield BenefitBars("", id="benefit-bars")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#overview", VerticalScroll).display = False

    SHOWS: ClassVar[frozenset[str]] = frozenset(
        {"auths", "claims", "plans", "sessions", "calls", "clinics"}
    )

    def on_data_changed(self, message: DataChanged) -> None:
        if message.kinds & self.SHOWS:
            self.show_data()

    def show_data(self) -> None:
        self._recompute(
            list(self.data.sessions),
            list(self.data.claims),
            list(self.data.plans),
            list(self.data.auths),
            clock.today(),
            list(self.data.clinics),
            list(self.data.calls),
        )

    # A description of its own: without one Textual names the worker with the repr() of
    # its arguments, every visit and claim (300 ms on the UI thread at 5k).
    @work(thread=True, exclusive=True, group="overview", description="Overview figures")
    def _recompute(
        self,
        sessions: list[Session],
        claims: list[Claim],
        plans: list[Plan],
        auths: list[Authorization],
        today: date,
        clinics: list[Clinic],
        calls: list[Call],
    ) -> None:
        figures = compute(sessions, claims, plans, auths, today, clinics, calls)
        # A newer refresh cancels this worker; a thread cannot be stopped, so it must not
        # draw its now-stale figures over the newer ones.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_figures, figures)

    def _show_figures(self, figures: OverviewFigures) -> None:
        empty = self.query_one(EmptyState)
        body = self.query_one("#overview", VerticalScroll)
        if not figures.has_data:
            empty.update(
                "Nothing here yet — log a visit on Sessions (press 1) and add its claim on "
                "Claims (press 3). Totals, deadlines and what needs your attention will "
                "appear here."
            )
            empty.display = True
            body.display = False
            return
        empty.display = False
        body.display = True
        self._render_attention(self._with_expanded(figures.items))
        columns = [c for c in (figures.this_year, figures.all_time) if c is not None]
        self.query_one("#totals", Static).update(totals_text(columns))
        self.query_one("#by-status", Static).update(status_text(figures.by_status))
        if figures.summary is not None:
            self.query_one("#summary-title", Static).update(f"{figures.summary.year} so far")
            self.query_one("#year-summary", Static).update(summary_text(figures.summary))
        limits_box = self.query_one("#limits-box")
        limits_box.display = bool(figures.limit_lines)
        self.query_one("#limits", Static).update(Text("\n").join(figures.limit_lines))
        self.query_one("#benefits-box").display = bool(figures.benefit_years)
        self.query_one(BenefitBars).show(figures.benefit_years)

    def _with_expanded(self, items: list[attention.Item]) -> list[attention.Item]:
        """A fresh list with the groups the patient opened opened again, as far as before."""
        if not self._expanded:
            return items
        out: list[attention.Item] = []
        for item in items:
            shown = self._expanded.get((item.kind, item.severity), 0)
            if isinstance(item, attention.Group) and shown:
                out += attention.expand(item, shown)
            else:
                out.append(item)
        return out

    def _render_attention(self, items: list[attention.Item], highlight: int | None = None) -> None:
        options = self.query_one("#attention-list", OptionList)
        previous = options.highlighted if highlight is None else highlight
        self._items = items
        options.clear_options()
        title = self.query_one("#attention-title", Static)
        row = self.query_one("#attention-row")
        if not items:
            title.update("Needs attention — nothing right now ✓")
            row.display = False
            return
        # The count is of things to do: a group counts as its items.
        total = sum(_count(i) for i in items)
        urgent = sum(_count(i) for i in items if i.severity == "urgent")
        title.update(
            f"Needs attention — {total:,} item{'s' if total != 1 else ''}"
            + (f", {urgent:,} urgent" if urgent else "")
        )
        row.display = True
        options.add_options([Option(item_prompt(i), id=str(n)) for n, i in enumerate(items)])
        options.highlighted = min(previous or 0, len(items) - 1)
        self._show_item(options.highlighted)
        if not self._focused_once:  # land on the list the first time it has something
            self._focused_once = True
            options.focus()

    @on(OptionList.OptionHighlighted, "#attention-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_item(event.option_index)

    def _show_item(self, index: int | None) -> None:
        body = self.query_one("#attention-detail-body", Static)
        if index is None or not 0 <= index < len(self._items):
            body.update("")
            return
        body.update(item_detail(self._items[index]))

    @on(OptionList.OptionSelected, "#attention-list")
    async def _item_chosen(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if 0 <= index < len(self._items):
            if isinstance(self._items[index], attention.Group):
                self.expand_group(index)
            else:
                await self.open_item(self._items[index])

    def expand_group(self, index: int) -> None:
        """Enter on a group: its first EXPAND_BY items take its place, one row each, and a
        group for the rest follows them. Kept while the Overview refreshes (after a save
        the same kind stays open)."""
        group = self._items[index]
        if not isinstance(group, attention.Group):
            return
        key = (group.kind, group.severity)
        self._expanded[key] = self._expanded.get(key, 0) + attention.EXPAND_BY
        items = [*self._items[:index], *attention.expand(group), *self._items[index + 1 :]]
        self._render_attention(items, highlight=index)

    async def open_item(self, item: attention.Item) -> None:
        """Perform the item's next step where a screen can (tui/next_steps.py): open the
        claim's payment, appeal or update form, the code-note dialog, the new-claim form;
        else go to what it is about: its claim, else its visit."""
        step = item.step
        if step.kind == "add_note" and step.code:
            self._note_dialog(step.code)
            return
        if step.kind == "add_claim":
            await self.app.switch_mode("claims")
            await self.app.screen.run_action("new")
            return
        if item.claim_id is not None:
            await self.app.switch_mode("claims")
            screen = self.app.screen
            show = getattr(screen, "show_claim", None)
            if show is not None:
                show(item.claim_id)
            action = CLAIM_ACTIONS.get(step.kind)
            if action is not None:
                screen.call_after_refresh(screen.run_action, action)
        elif item.session_id is not None:
            await self.app.switch_mode("sessions")
            screen = self.app.screen
            show = getattr(screen, "select_id", None) or getattr(screen, "show_session", None)
            if show is not None:
                show(item.session_id)
        else:
            self.notify(key_text(step), timeout=6)

    @work(group="overview-open")
    async def _note_dialog(self, code: str) -> None:
        """The code-note dialog, as the Codes screen opens it (e), saved by actions/notes.py."""
        from floortrack.actions.notes import set_note
        from floortrack.billing import catalogue
        from floortrack.tui.dialogs.code_note import CodeNoteDialog

        entry = catalogue.lookup(code)
        title = entry.title if entry is not None else "not in the catalogue"

        async def submit(text: str, _resolve: object) -> SaveResult[CodeNote | None]:
            return await self.data.save(
                lambda repo: set_note(repo, code, text),
                success="Note saved" if text else "Note removed",
            )

        await self.app.push_screen_wait(CodeNoteDialog(code, title, "", submit=submit))

    def action_clinics(self) -> None:
        """c: the Clinics screen (tui/screens/clinics.py), over the Overview."""
        from floortrack.tui.screens.clinics import ClinicsScreen

        self.app.push_screen(ClinicsScreen())

    def action_edit(self) -> None:
        """e (like enter) opens what the highlighted item is about (lists a group's items)."""
        index = self.query_one("#attention-list", OptionList).highlighted
        if index is not None and 0 <= index < len(self._items):
            if isinstance(self._items[index], attention.Group):
                self.expand_group(index)
            else:
                self.run_worker(self.open_item(self._items[index]), group="overview-open")
